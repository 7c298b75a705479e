"""The sheets section of a project's page (see ../parts.py)."""

from __future__ import annotations

from typing import Any

from mobiliza.portfolio.parts import Part, register


def context(project: Any, request: Any) -> dict[str, Any] | None:
    return None


register(Part("sheets", "portfolio/_sheets_section.html", context, order=30))
