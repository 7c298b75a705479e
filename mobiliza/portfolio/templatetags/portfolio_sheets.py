"""Template tags with which a lower app's page offers the technical sheets.

The pipeline may not import the portfolio (see "Layers" in docs/architecture.md), but its
templates may load these tags: the interaction's page asks whether the reader may record
a sheet presented, and lists those presented in the interaction.
"""

from __future__ import annotations

from typing import Any

from django import template

from mobiliza.core.permissions import can, restrict

register = template.Library()


@register.simple_tag
def may_record_presentation(user: Any) -> bool:
    """Whether ``user`` may record a technical sheet presented (of some project)."""
    from mobiliza.portfolio.sheets.models import SheetPresentation

    return can(user, "add", model=SheetPresentation)


@register.simple_tag
def sheets_presented_in(interaction: Any, user: Any) -> list[Any]:
    """The sheets presented in ``interaction`` that ``user`` may see, in one query."""
    from mobiliza.portfolio.sheets.models import SheetPresentation

    queryset = SheetPresentation.objects.filter(interaction=interaction).select_related("project")
    return list(restrict(queryset, user))
