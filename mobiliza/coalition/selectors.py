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
)
from mobiliza.core.permissions import actor_for, restrict


@dataclass
class RegistrySummary:
    coalition: Coalition | None
    presidency: PresidencyTerm | None
    open_agreements: list[MeetingAgreement]
    open_count: int
    overdue_agreements: int
    own_country: MemberState | None


def registry_summary(*, user: Any, limit: int = 8) -> RegistrySummary:
    """What the home pages show of the registry: who presides, and the meeting agreements
    still to be fulfilled that ``user`` may see (a partner viewer: none).

    A focal point counts only those its own country is responsible for.
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
    return RegistrySummary(
        coalition=Coalition.objects.first(),
        presidency=PresidencyTerm.objects.select_related("member_state")
        .filter(start_date__lte=today, end_date__gte=today)
        .first(),
        open_agreements=list(agreements.order_by("deadline", "pk")[:limit]),
        open_count=counts["total"],
        overdue_agreements=counts["overdue"],
        own_country=MemberState.objects.filter(pk=actor.member_state_id).first()
        if actor.member_state_id
        else None,
    )
