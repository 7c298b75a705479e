"""The matching section of a project's page (see ../parts.py): the ten partners that fit
best, with their reasons, and the link to the whole ranking.

Ranking reads every partner the reader may see, which takes longer as the directory grows,
so the project's page shows the section's frame at once and fetches the ranking after it
(htmx, ``portfolio:project_matches_top``); without JavaScript the frame links the ranking
page.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mobiliza.portfolio.parts import Part, register

TOP = 10


def context(project: Any, request: Any) -> dict[str, Any] | None:
    from mobiliza.portfolio.matching.views import may_see_matches

    if not may_see_matches(request.user, project):
        return None
    return {
        "project": project,
        "load_url": reverse("portfolio:project_matches_top", args=[project.pk]),
    }


def top_context(project: Any, request: Any) -> dict[str, Any] | None:
    """The section with its ranking: the best ten and how many fit."""
    from mobiliza.portfolio.matching.scoring import rank_partners
    from mobiliza.portfolio.matching.views import may_see_matches

    if not may_see_matches(request.user, project):
        return None
    matches = rank_partners(project, request.user)
    return {
        "project": project,
        "ranked": True,
        "matches": matches[:TOP],
        "total": len(matches),
        "fitting": sum(1 for m in matches if m.fits),
    }


register(Part("matching", "portfolio/_matching_section.html", context, order=20))
