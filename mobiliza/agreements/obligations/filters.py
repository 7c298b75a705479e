"""Filters of the list of reporting obligations (one FilterSet for the page and the API)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements.choices import DueStatus, ObligationKind
from mobiliza.agreements.filters import AgreementSearchFilter
from mobiliza.agreements.models import Deadline, ReportingObligation
from mobiliza.core.filters import CountryFilter, FilterSet
from mobiliza.core.permissions import restrict
from mobiliza.directory.filters import PartnerSearchFilter


def with_next_due(queryset: QuerySet) -> QuerySet:
    """Annotate ``next_due``: the earliest deadline not yet delivered (None when all are)."""
    pending = Deadline.objects.filter(obligation=OuterRef("pk"), delivered_on__isnull=True)
    return queryset.annotate(next_due=Subquery(pending.order_by("due_on").values("due_on")[:1]))


def next_status_q(status: str, today: datetime.date, remind_days: list[int]) -> Q:
    """Obligations whose next pending deadline has ``status`` (see ``Deadline.status``).

    "Due" depends on each obligation's own reminder window; the windows in use are few, so
    one condition per window keeps this plain SQL on every database.
    """
    if status == DueStatus.DELIVERED:
        return Q(next_due__isnull=True)
    if status == DueStatus.OVERDUE:
        return Q(next_due__lt=today)
    within = Q(pk__in=[])
    for days in remind_days:
        within |= Q(remind_days_before=days, next_due__lte=today + datetime.timedelta(days=days))
    if status == DueStatus.DUE:
        return Q(next_due__gte=today) & within
    return Q(next_due__gte=today) & ~within  # upcoming


def _responsibles(request: Any) -> QuerySet:
    user = getattr(request, "user", None)
    visible = restrict(ReportingObligation.objects.all(), user, "view")
    return (
        get_user_model()
        .objects.filter(pk__in=visible.filter(responsible__isnull=False).values("responsible"))
        .order_by("full_name", "email")
        .distinct()
    )


class ObligationFilter(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=ObligationKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(
        choices=[
            (DueStatus.OVERDUE, _("Overdue")),
            (DueStatus.DUE, _("Due soon")),
            (DueStatus.UPCOMING, _("Upcoming")),
            (DueStatus.DELIVERED, _("All delivered")),
        ],
        method="filter_status",
        label=_("Next deadline"),
    )
    partner = PartnerSearchFilter()
    country = CountryFilter("member_state", label=_("Member state"))
    responsible = django_filters.ModelChoiceFilter(queryset=_responsibles, label=_("Responsible"))
    agreement = AgreementSearchFilter()

    class Meta:
        model = ReportingObligation
        fields = ["q", "kind", "status", "partner", "country", "responsible", "agreement"]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if "next_due" not in queryset.query.annotations:
            queryset = with_next_due(queryset)
        remind_days: list[int] = []
        if value in (DueStatus.DUE, DueStatus.UPCOMING):
            remind_days = list(
                ReportingObligation.objects.order_by()
                .values_list("remind_days_before", flat=True)
                .distinct()
            )
        return queryset.filter(next_status_q(value, timezone.localdate(), remind_days))
