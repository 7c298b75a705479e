"""One FilterSet per list, used by the web page and the API alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mobiliza.coalition import models
from mobiliza.coalition.choices import ComplianceStatus, MeetingKind
from mobiliza.core.filters import CountryFilter, FilterSet, YearFilter


class SearchFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value: str):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


class NationalBodyFilter(SearchFilterSet):
    country = CountryFilter("member_state", label=_("Member state"))
    search_fields = ("name_es", "name_en", "acronym", "chair_es", "chair_en")

    class Meta:
        model = models.NationalBody
        fields = ["q", "country"]


class RepresentativeFilter(SearchFilterSet):
    country = CountryFilter("national_body__member_state", label=_("Member state"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("Currently in office"))
    search_fields = ("full_name", "institution", "position_title", "email")

    class Meta:
        model = models.Representative
        fields = ["q", "country", "role", "current"]

    def filter_current(self, queryset, name, value: bool):
        from django.utils import timezone

        today = timezone.localdate()
        in_office = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
        return queryset.filter(in_office) if value else queryset.exclude(in_office)


class MemberStateFilter(SearchFilterSet):
    search_fields = ("code", "name_es", "name_en")

    class Meta:
        model = models.MemberState
        fields = ["q"]


class PresidencyTermFilter(SearchFilterSet):
    country = CountryFilter("member_state", label=_("Member state"))

    class Meta:
        model = models.PresidencyTerm
        fields = ["country"]


class CommitteeFilter(SearchFilterSet):
    search_fields = ("name_es", "name_en", "purpose_es", "purpose_en")

    class Meta:
        model = models.Committee
        fields = ["q", "is_active"]


class MeetingFilter(SearchFilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    year = YearFilter("date", label=_("Year"))
    search_fields = ("title", "place", "summary_es", "summary_en")

    class Meta:
        model = models.Meeting
        fields = ["q", "kind", "committee", "year"]


class MeetingAgreementFilter(SearchFilterSet):
    country = CountryFilter("responsible", label=_("Responsible member state"))
    status = django_filters.ChoiceFilter(choices=ComplianceStatus.choices, label=_("Status"))
    search_fields = ("text_es", "text_en", "compliance_notes")

    class Meta:
        model = models.MeetingAgreement
        fields = ["q", "country", "status", "meeting"]
