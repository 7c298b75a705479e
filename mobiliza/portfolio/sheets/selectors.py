"""Reads of the technical sheets: the presentations, and the section of a project's page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from mobiliza.portfolio.sheets.models import SheetPresentation


def sheets_presented(
    since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[SheetPresentation]:
    """The technical sheets presented to partners and donors from ``since`` to ``until``
    (both days included; open-ended when not given), newest first.

    The plan of action's indicator "technical sheets presented to partners and donors"
    counts these rows (``sheets_presented(since, until).count()`` for a period): each row
    is one sheet (a template, in a language, at a version of its project) presented to one
    partner on one day. The queryset is not limited to a reader: restrict it
    (``core.permissions.restrict``) before showing its rows.
    """
    queryset = SheetPresentation.objects.select_related("project", "partner")
    if since is not None:
        queryset = queryset.filter(presented_on__gte=since)
    if until is not None:
        queryset = queryset.filter(presented_on__lte=until)
    return queryset.order_by("-presented_on", "-pk")


def presentations_of(project: Any) -> QuerySet[SheetPresentation]:
    """The sheets of ``project`` presented so far, with their partners, in one query."""
    return (
        SheetPresentation.objects.filter(project=project)
        .select_related("partner", "interaction")
        .order_by("-presented_on", "-pk")
    )
