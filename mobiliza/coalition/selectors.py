"""Reads of the coalition registry used across pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from mobiliza.coalition.choices import ComplianceStatus
from mobiliza.coalition.models import (
    Coalition,
    MeetingAgreement,
    MemberState,
    PresidencyTerm,
    Representative,
)
from mobiliza.core.permissions import actor_for, restrict


@dataclass
class RegistrySummary:
    coalition: Coalition | None
    presidency: PresidencyTerm | None
    member_states: int
    current_representatives: int
    open_agreements: list[MeetingAgreement]
    open_count: int
    overdue_agreements: int
    own_country: MemberState | None


def registry_summary(*, user: Any, limit: int = 8) -> RegistrySummary:
    """What the home page shows: who presides, and the agreements still to be fulfilled.

    A focal point sees the agreements its own country is responsible for first.
    A fixed number of queries whatever the size of the registry.
    """
    today = timezone.localdate()
    actor = actor_for(user)
    open_statuses = [ComplianceStatus.PENDING, ComplianceStatus.IN_PROGRESS]
    agreements = restrict(
        MeetingAgreement.objects.filter(status__in=open_statuses).select_related(
            "responsible", "meeting"
        ),
        user,
        "view",
    )
    if actor.is_focal_point and actor.member_state_id:
        agreements = agreements.filter(responsible_id=actor.member_state_id)
    counts = agreements.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=today)),
    )
    in_office = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    return RegistrySummary(
        coalition=Coalition.objects.first(),
        presidency=PresidencyTerm.objects.select_related("member_state")
        .filter(start_date__lte=today, end_date__gte=today)
        .first(),
        member_states=MemberState.objects.count(),
        current_representatives=restrict(
            Representative.objects.filter(in_office), user, "view"
        ).count(),
        open_agreements=list(agreements.order_by("deadline", "pk")[:limit]),
        open_count=counts["total"],
        overdue_agreements=counts["overdue"],
        own_country=MemberState.objects.filter(pk=actor.member_state_id).first()
        if actor.member_state_id
        else None,
    )
