"""The suspensions section of a project's page (see ../parts.py): the current suspension
and the past ones with their plenary agreements; "Suspend" and "Resume" for the Presidency."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from mobiliza.core.permissions import can
from mobiliza.portfolio.parts import Part, register


def context(project: Any, request: Any) -> dict[str, Any] | None:
    from mobiliza.portfolio.suspensions.models import Suspension

    user = request.user
    if not can(user, "view", model=Suspension):
        return None
    suspensions = list(
        Suspension.objects.filter(
            content_type=ContentType.objects.get_for_model(project), object_id=project.pk
        )
        .select_related("meeting_agreement__meeting", "resume_meeting_agreement__meeting")
        .order_by("-suspended_on", "-pk")
    )
    current = next((s for s in suspensions if s.is_open), None)
    return {
        "project": project,
        "current": current,
        "past": [s for s in suspensions if not s.is_open],
        "record_param": f"{project._meta.label_lower}:{project.pk}",
        "may_suspend": current is None and can(user, "suspend", project),
        "may_resume": current is not None and can(user, "resume", project),
    }


register(Part("suspensions", "portfolio/_suspensions_section.html", context, order=40))
