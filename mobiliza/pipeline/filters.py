"""One FilterSet per list, used by the web pages (list and board) and the API alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobiliza.core.filters import CodeChoiceFilter, CountryFilter, FilterSet, YearFilter
from mobiliza.core.roles import Role
from mobiliza.core.search import text_q
from mobiliza.directory.filters import PartnerSearchFilter
from mobiliza.pipeline import models
from mobiliza.pipeline.choices import InteractionKind, Outcome
from mobiliza.pipeline.selectors import visible_projects
from mobiliza.plan.models import MobilizationStep, ResourceKind, StrategicAxis

if TYPE_CHECKING:
    from mobiliza.accounts.models import User

# The people who may own an opportunity or take part in an interaction for the coalition.
STAFF_ROLES = (Role.PRESIDENCY, Role.SECRETARIAT, Role.FOCAL_POINT)


def staff_users() -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=STAFF_ROLES)
        .distinct()
    )


def _owners(request: Any) -> QuerySet[User]:
    return staff_users()


def project_choices(request: Any) -> QuerySet:
    """The projects the reader may view, which a list filters by."""
    return visible_projects(getattr(request, "user", None))


class OpportunityFilter(FilterSet):
    # What the search box reads (accents and case ignored, every word somewhere); the
    # global search (workspace.search) reads the same fields, so both find the same rows.
    search_fields = (
        "title",
        "project__name_es",
        "project__name_en",
        "next_action",
        "partner__name_es",
        "partner__name_en",
        "partner__acronym",
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))
    axis = CodeChoiceFilter(
        queryset=StrategicAxis.objects.all(), to_field_name="code", label=_("Strategic axis")
    )
    partner = PartnerSearchFilter()
    project = CodeChoiceFilter(queryset=project_choices, label=_("Project or initiative"))
    owner = CodeChoiceFilter(queryset=_owners, label=_("Owner"))
    country = CountryFilter("member_state", label=_("Member state"))
    kind = CodeChoiceFilter(
        field_name="resource_kind",
        queryset=ResourceKind.objects.all(),
        to_field_name="code",
        label=_("Kind of resource"),
    )
    step = CodeChoiceFilter(
        queryset=MobilizationStep.objects.all(), to_field_name="code", label=_("Step")
    )
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("Outcome"))
    late = django_filters.BooleanFilter(method="filter_late", label=_("Next action overdue"))

    class Meta:
        model = models.Opportunity
        fields = [
            "q",
            "axis",
            "partner",
            "project",
            "owner",
            "country",
            "kind",
            "step",
            "outcome",
            "late",
        ]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(text_q(self.search_fields, value))

    def filter_late(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        late = Q(outcome=Outcome.OPEN, next_action_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class BoardFilter(OpportunityFilter):
    """The list's filters without those the board shows as columns (step, outcome)."""

    step = None  # type: ignore[assignment]
    outcome = None  # type: ignore[assignment]
    late = None  # type: ignore[assignment]

    class Meta(OpportunityFilter.Meta):
        fields = ["q", "axis", "partner", "project", "owner", "country", "kind"]


class InteractionFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=InteractionKind.choices, label=_("Kind"))
    partner = PartnerSearchFilter()
    country = CountryFilter("member_state", label=_("Member state"))
    year = YearFilter("occurred_on", label=_("Year"))

    class Meta:
        model = models.Interaction
        fields = ["q", "kind", "partner", "country", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(subject__icontains=value)
            | Q(notes__icontains=value)
            | Q(opportunity__title__icontains=value)
        )


class InteractionAttachmentFilter(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    country = CountryFilter("interaction__member_state", label=_("Member state"))

    class Meta:
        model = models.InteractionAttachment
        fields = ["q", "country"]
