"""One FilterSet per list, used by the web page and the API alike."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from mobiliza.core.filters import CodeChoiceFilter, CountryFilter, FilterSet
from mobiliza.core.search import text_q
from mobiliza.directory import models
from mobiliza.directory.choices import RelationshipStatus, Scope, TermKind
from mobiliza.directory.search import search_partners
from mobiliza.plan.models import SourceType


def works_in_q(code: str) -> Q:
    """Partners whose ``countries`` (kept by django-countries as "GT,HN,SV") include ``code``."""
    return (
        Q(countries=code)
        | Q(countries__startswith=f"{code},")
        | Q(countries__endswith=f",{code}")
        | Q(countries__contains=f",{code},")
    )


class PartnerFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    source_type = CodeChoiceFilter(
        queryset=SourceType.objects.all(), to_field_name="code", label=_("Source type")
    )
    scope = django_filters.ChoiceFilter(choices=Scope.choices, label=_("Scope"))
    area = CodeChoiceFilter(
        field_name="areas",
        queryset=models.DirectoryTerm.objects.filter(kind=TermKind.AREA),
        to_field_name="code",
        label=_("Area it funds"),
    )
    contribution = CodeChoiceFilter(
        field_name="contribution_kinds",
        queryset=models.DirectoryTerm.objects.filter(kind=TermKind.CONTRIBUTION),
        to_field_name="code",
        label=_("Kind of contribution"),
    )
    works_in = django_filters.ChoiceFilter(
        choices=countries, method="filter_works_in", label=_("Works in country")
    )
    status = django_filters.ChoiceFilter(
        choices=RelationshipStatus.choices, label=_("Relationship status")
    )
    country = CountryFilter("member_state", label=_("Added by member state"))
    open_calls = django_filters.BooleanFilter(method="filter_open_calls", label=_("Has open calls"))

    class Meta:
        model = models.Partner
        fields = [
            "q",
            "source_type",
            "scope",
            "area",
            "contribution",
            "works_in",
            "status",
            "country",
            "open_calls",
        ]

    def search(self, queryset, name, value: str):
        return search_partners(queryset, value)

    def filter_works_in(self, queryset, name, value: str):
        return queryset.filter(works_in_q(value))

    def filter_open_calls(self, queryset, name, value: bool):
        today = timezone.localdate()
        open_call = models.FundingCall.objects.filter(partner=OuterRef("pk")).filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=today),
            Q(closes_on__isnull=True) | Q(closes_on__gte=today),
        )
        return queryset.filter(Exists(open_call)) if value else queryset.exclude(Exists(open_call))


class ContactFilter(FilterSet):
    # What the search box reads (accents and case ignored, every word somewhere); the
    # global search (workspace.search) reads the same fields, so both find the same rows.
    search_fields = (
        "full_name",
        "email",
        "title",
        "partner__name_es",
        "partner__name_en",
        "partner__acronym",
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = CountryFilter("partner__member_state", label=_("Added by member state"))

    class Meta:
        model = models.Contact
        fields = ["q", "partner", "language", "newsletter_consent", "is_active", "country"]

    def search(self, queryset, name, value: str):
        return queryset.filter(text_q(self.search_fields, value))


class FundingCallFilter(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    closing_within = django_filters.ChoiceFilter(
        choices=[("30", _("30 days")), ("60", _("60 days")), ("90", _("90 days"))],
        method="filter_closing_within",
        label=_("Closing within"),
    )
    area = CodeChoiceFilter(
        field_name="areas",
        queryset=models.DirectoryTerm.objects.filter(kind=TermKind.AREA),
        to_field_name="code",
        label=_("Area"),
    )
    country = CountryFilter("partner__member_state", label=_("Added by member state"))

    class Meta:
        model = models.FundingCall
        fields = ["q", "partner", "area", "closing_within", "country"]

    def filter_closing_within(self, queryset, name, value: str):
        today = timezone.localdate()
        return queryset.filter(
            closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days=int(value))
        )


class AttachmentFilter(FilterSet):
    country = CountryFilter("partner__member_state", label=_("Added by member state"))

    class Meta:
        model = models.Attachment
        fields = ["partner", "kind", "country"]


class PartnerSearchFilter(django_filters.CharFilter):
    """Filter other records by their partner: its number (as in links from a partner's page)
    or words of its name or acronym, found by the directory's own search.

    A text box rather than a drop-down: a directory of tens of thousands of partners
    cannot be sent in every page as a ``<select>``. The list it filters is already limited
    to what the reader may see, so a number of someone else's partner finds nothing.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("field_name", "partner")
        kwargs.setdefault("label", _("Partner"))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def partners(self, value: str) -> object:
        """The partners ``value`` names: a primary key, or a search of the directory."""
        value = value.strip()
        if value.isdigit():
            return [int(value)]
        return search_partners(models.Partner.objects.all(), value).order_by().values("pk")

    def filter(self, qs: object, value: str) -> object:
        if not value or not value.strip():
            return qs
        return qs.filter(**{f"{self.field_name}__in": self.partners(value)}).distinct()  # type: ignore[attr-defined]
