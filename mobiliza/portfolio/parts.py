"""The sections a project's page shows from the portfolio's parts.

Each part (the checklist, the partners that fit, the sheets presented, the suspensions,
the records that point to the project) registers one :class:`Part` from its ``part.py``,
which ``PortfolioConfig.ready()`` imports. The project's page renders every registered
part in order, each from its own template with the context its function returns; a
part's function reads in a fixed number of queries, whatever the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Part:
    """A section of the project's page: its template and the function giving its context.

    ``context(project, request)`` returns the template's context, or ``None`` to leave the
    section out (a reader who may not see it).
    """

    name: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 50


PARTS: dict[str, Part] = {}


def register(part: Part) -> None:
    PARTS[part.name] = part


def parts_for(project: Any, request: Any) -> list[dict[str, Any]]:
    """The sections of ``project``'s page for ``request.user``, in order, each rendered
    from its template with its context's keys as the template's variables."""
    from django.template.loader import render_to_string

    shown = []
    for part in sorted(PARTS.values(), key=lambda p: (p.order, p.name)):
        context = part.context(project, request)
        if context is not None:
            html = render_to_string(part.template, {"project": project, **context}, request)
            shown.append({"name": part.name, "html": html})
    return shown
