"""The matching section of a project's page (see ../parts.py): the ten partners that fit
best, with their reasons, and the link to the whole ranking."""

from __future__ import annotations

from typing import Any

from mobiliza.portfolio.parts import Part, register

TOP = 10


def context(project: Any, request: Any) -> dict[str, Any] | None:
    from mobiliza.portfolio.matching.scoring import rank_partners
    from mobiliza.portfolio.matching.views import may_see_matches

    if not may_see_matches(request.user, project):
        return None
    matches = rank_partners(project, request.user)
    return {
        "project": project,
        "matches": matches[:TOP],
        "total": len(matches),
        "fitting": sum(1 for m in matches if m.fits),
    }


register(Part("matching", "portfolio/_matching_section.html", context, order=20))
