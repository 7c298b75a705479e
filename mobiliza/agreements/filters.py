"""One FilterSet per list, used by the web page, its spreadsheet export and the API alike."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements import models
from mobiliza.agreements.choices import AgreementKind, AgreementStatus, ContributionStatus
from mobiliza.agreements.selectors import source_type_of_contribution
from mobiliza.core.currencies import currency_choices
from mobiliza.core.filters import (
    CodeChoiceFilter,
    CountryFilter,
    FilterSet,
    IdFilter,
    YearFilter,
    YesNoWidget,
)
from mobiliza.core.search import text_q
from mobiliza.directory.filters import PartnerSearchFilter
from mobiliza.pipeline.filters import project_choices
from mobiliza.plan.models import ResourceCategory, ResourceKind, SourceType, StrategicAxis


class AgreementSearchFilter(django_filters.CharFilter):
    """Filter by agreement: its number (as in links from an agreement's page) or words of
    its title or reference. A text box: thousands of agreements make no drop-down."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("field_name", "agreement")
        kwargs.setdefault("label", _("Agreement"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: Any, value: str) -> Any:
        value = (value or "").strip()
        if not value:
            return qs
        if value.isdigit():
            return qs.filter(**{self.field_name: int(value)})
        matching = Q()
        for word in value.split():
            matching &= Q(title__icontains=word) | Q(reference__icontains=word)
        found = models.Agreement.objects.filter(matching).values("pk")
        return qs.filter(**{f"{self.field_name}__in": found})


def currency_code_choices() -> list[tuple[str, str]]:
    # Named in the reader's language, those in use first, historic codes hidden.
    return currency_choices()


class AgreementFilter(FilterSet):
    # What the search box reads (accents and case ignored, every word somewhere); the
    # global search (workspace.search) reads the same fields, so both find the same rows.
    search_fields = (
        "title",
        "reference",
        "objectives_es",
        "objectives_en",
        "partner__name_es",
        "partner__name_en",
        "partner__acronym",
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    partner = PartnerSearchFilter(method="filter_partner")
    country = CountryFilter("member_state", label=_("Member state"))
    year = YearFilter("signed_on", label=_("Year signed"))
    project = CodeChoiceFilter(queryset=project_choices, label=_("Project or initiative"))

    class Meta:
        model = models.Agreement
        fields = ["q", "kind", "status", "partner", "country", "year", "project"]

    def search(self, queryset, name, value: str):
        return queryset.filter(text_q(self.search_fields, value))

    def filter_partner(self, queryset, name, value: str):
        # The main partner, or one of the others that sign.
        if not value.strip():
            return queryset
        partners = self.filters["partner"].partners(value)
        signed = models.Agreement.other_partners.through.objects.filter(
            partner__in=partners
        ).values("agreement_id")
        return queryset.filter(Q(partner__in=partners) | Q(pk__in=signed))


class AgreementDocumentFilter(FilterSet):
    agreement = AgreementSearchFilter()
    country = CountryFilter("agreement__member_state", label=_("Member state"))

    class Meta:
        model = models.AgreementDocument
        fields = ["agreement", "country"]


class ContributionFilter(FilterSet):
    # What the search box reads (accents and case ignored, every word somewhere); the
    # global search (workspace.search) reads the same fields, so both find the same rows.
    search_fields = (
        "description_es",
        "description_en",
        "project__name_es",
        "project__name_en",
        "role",
        "partner__name_es",
        "partner__name_en",
        "partner__acronym",
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = CodeChoiceFilter(
        queryset=ResourceKind.objects.all(), to_field_name="code", label=_("Kind of resource")
    )
    category = CodeChoiceFilter(queryset=ResourceCategory.objects.all(), label=_("Category"))
    status = django_filters.ChoiceFilter(choices=ContributionStatus.choices, label=_("Status"))
    partner = PartnerSearchFilter()
    source_type = CodeChoiceFilter(
        queryset=SourceType.objects.all(),
        to_field_name="code",
        method="filter_source_type",
        label=_("Source type"),
    )
    country = CountryFilter("member_state", label=_("Member state"))
    axis = CodeChoiceFilter(
        queryset=StrategicAxis.objects.all(), to_field_name="code", label=_("Strategic axis")
    )
    year = YearFilter("value_date", label=_("Year"))
    own = django_filters.BooleanFilter(
        field_name="is_own_contribution",
        widget=YesNoWidget,
        label=_("Member state's own contribution"),
    )
    currency = django_filters.ChoiceFilter(choices=currency_code_choices, label=_("Currency"))
    agreement = AgreementSearchFilter()
    project = CodeChoiceFilter(queryset=project_choices, label=_("Project or initiative"))

    class Meta:
        model = models.Contribution
        fields = [
            "q",
            "kind",
            "category",
            "status",
            "partner",
            "source_type",
            "country",
            "axis",
            "year",
            "own",
            "currency",
            "agreement",
            "project",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Chart 1's categories are whole sentences: shortened so the drop-down fits.
        self.filters["category"].field.label_from_instance = lambda c: Truncator(  # type: ignore[attr-defined]
            str(c.name)
        ).chars(45)

    def search(self, queryset, name, value: str):
        return queryset.filter(text_q(self.search_fields, value))

    def filter_source_type(self, queryset, name, value: SourceType):
        # As the totals count them: own contributions under the member states' source type.
        return queryset.alias(source_code=source_type_of_contribution()).filter(
            source_code=value.code
        )


class InstalmentFilter(FilterSet):
    # A number, not a drop-down: there may be thousands of contributions.
    contribution = IdFilter(field_name="contribution", label=_("Contribution"))
    received = django_filters.BooleanFilter(
        field_name="received_on",
        lookup_expr="isnull",
        exclude=True,
        widget=YesNoWidget,
        label=_("Received"),
    )

    class Meta:
        model = models.Instalment
        fields = ["contribution", "received"]
