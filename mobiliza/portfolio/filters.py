"""One FilterSet per list of the portfolio, used by the page, its exports and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mobiliza.coalition.models import MemberState
from mobiliza.core.filters import CodeChoiceFilter, FilterSet, IdFilter, YesNoWidget
from mobiliza.core.money import MAX_AMOUNT
from mobiliza.core.search import text_q
from mobiliza.directory.filters import PartnerSearchFilter
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio import models
from mobiliza.portfolio.choices import FinancingSource, ProjectKind, ProjectState, Scope


class ProjectFilter(FilterSet):
    # What the search box reads, in both languages (accents and case ignored, every word
    # somewhere); the global search (workspace.search) reads the same fields.
    search_fields = (
        "name_es",
        "name_en",
        "description_es",
        "description_en",
        "executing_institution",
        "proposer_name",
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))
    axis = CodeChoiceFilter(
        field_name="axes",
        queryset=StrategicAxis.objects.all(),
        to_field_name="code",
        distinct=True,
        label=_("Strategic axis"),
    )
    scope = django_filters.ChoiceFilter(choices=Scope.choices, label=_("Geographic scope"))
    country = CodeChoiceFilter(
        queryset=MemberState.objects.all(),
        to_field_name="code",
        method="filter_country",
        label=_("Member state"),
    )
    state = django_filters.ChoiceFilter(choices=ProjectState.choices, label=_("State"))
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("Kind"))
    partner = PartnerSearchFilter(method="filter_partner")
    # An amount past any the column may hold is the filter form's error, not a query.
    amount_min = django_filters.NumberFilter(
        field_name="amount_reporting",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_AMOUNT,
        label=_("Amount from"),
    )
    amount_max = django_filters.NumberFilter(
        field_name="amount_reporting",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_AMOUNT,
        label=_("Amount up to"),
    )
    needs_review = django_filters.BooleanFilter(widget=YesNoWidget, label=_("To review"))

    class Meta:
        model = models.Project
        fields = [
            "q",
            "axis",
            "scope",
            "country",
            "state",
            "kind",
            "partner",
            "amount_min",
            "amount_max",
            "needs_review",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mobiliza.core.money import reporting_currency

        currency = reporting_currency()
        for name, label in (
            ("amount_min", _("Amount from (%(currency)s)")),
            ("amount_max", _("Amount up to (%(currency)s)")),
        ):
            self.filters[name].label = label % {"currency": currency}
            self.filters[name].__dict__.pop("_field", None)

    def search(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(text_q(self.search_fields, value))

    def filter_country(self, queryset: Any, name: str, value: MemberState) -> Any:
        # A national project of that state, or a regional one it takes part in.
        taking_part = models.Project.member_states.through.objects.filter(memberstate=value).values(
            "project_id"
        )
        return queryset.filter(Q(member_state=value) | Q(pk__in=taking_part))

    def filter_partner(self, queryset: Any, name: str, value: str) -> Any:
        # The executing partner, or a partner of one of its financing lines.
        if not value.strip():
            return queryset
        partners = self.filters["partner"].partners(value)
        financed = models.ProjectFinancing.objects.filter(partner__in=partners).values("project_id")
        return queryset.filter(Q(executing_partner__in=partners) | Q(pk__in=financed))


class ProjectFinancingFilter(FilterSet):
    project = IdFilter(field_name="project", label=_("Project"))
    source = django_filters.ChoiceFilter(choices=FinancingSource.choices, label=_("Source"))
    partner = PartnerSearchFilter()
    confirmed = django_filters.BooleanFilter(widget=YesNoWidget, label=_("Confirmed"))

    class Meta:
        model = models.ProjectFinancing
        fields = ["project", "source", "partner", "confirmed"]
