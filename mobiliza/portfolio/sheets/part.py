"""The sheets section of a project's page (see ../parts.py): the sheet to download in
each template, language and format, its version (and a new one), the presentations
recorded, and "Record a presentation". A fixed number of queries, whatever the rows."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from mobiliza.core.permissions import can
from mobiliza.portfolio.choices import SheetTemplate
from mobiliza.portfolio.parts import Part, register


def downloads(project: Any) -> list[dict[str, Any]]:
    """Each template, with its sheet in each language and format."""
    from mobiliza.portfolio.sheets import documents
    from mobiliza.portfolio.sheets.models import SHEET_LANGUAGES

    found = []
    for template in SheetTemplate:
        found.append(
            {
                "template": template,
                "label": documents.template_label(template),
                "languages": [
                    {
                        "code": code,
                        "label": label,
                        "links": [
                            (
                                fmt.upper(),
                                reverse(f"portfolio:sheet_{fmt}", args=[project.pk])
                                + "?"
                                + urlencode({"template": template.value, "language": code}),
                            )
                            for fmt in documents.FORMATS
                        ],
                    }
                    for code, label in SHEET_LANGUAGES
                ],
            }
        )
    return found


def context(project: Any, request: Any) -> dict[str, Any] | None:
    from mobiliza.portfolio.sheets.selectors import presentations_of

    user = request.user
    if not can(user, "view", project):
        return None
    may_change = can(user, "change", project)
    presentations = [
        {
            "record": presentation,
            "url": presentation.get_absolute_url(),
            "file_url": reverse("portfolio:presentation_file", args=[presentation.pk])
            if presentation.file
            else "",
        }
        for presentation in presentations_of(project)
    ]
    return {
        "project": project,
        "sheet_version": project.sheet_version,
        "downloads": downloads(project),
        "presentations": presentations,
        "may_change": may_change,
        "add_url": reverse("portfolio:presentation_add") + f"?project={project.pk}"
        if may_change
        else "",
        "new_version_url": reverse("portfolio:sheet_new_version", args=[project.pk])
        if may_change
        else "",
    }


register(Part("sheets", "portfolio/_sheets_section.html", context, order=30))
