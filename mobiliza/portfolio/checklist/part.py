"""The checklist section of a project's page (see ../parts.py): its readiness summary."""

from __future__ import annotations

from typing import Any

from mobiliza.core.permissions import can
from mobiliza.portfolio.checklist.selectors import past_versions, readiness_of
from mobiliza.portfolio.parts import Part, register


def context(project: Any, request: Any) -> dict[str, Any] | None:
    """Three queries: the items, the current version's answers, the earlier versions."""
    if not can(request.user, "view", project):
        return None
    return {
        "project": project,
        "summary": readiness_of(project),
        "past_versions": past_versions(project),
        "may_change": can(request.user, "change", project),
    }


register(Part("checklist", "portfolio/_checklist_section.html", context, order=10))
