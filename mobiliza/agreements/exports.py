"""The contributions export: which contributions, and the header and rows of the file.

The page (``views.contribution_export``) writes a CSV or a small XLSX at once; an XLSX of
more than :data:`BACKGROUND_EXPORT_ROWS` contributions is written by
``tasks.contributions_export_job`` (see :mod:`mobiliza.core.exportjobs`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mobiliza.agreements import filters, models
from mobiliza.core.money import reporting_currency
from mobiliza.core.permissions import restrict
from mobiliza.core.spreadsheets import EXPORT_CHUNK, Money, dated_name

# Above this many contributions an XLSX export is written by a background task, as the
# partner export is (see docs/performance.md, "Exports"); a CSV is streamed at once.
BACKGROUND_EXPORT_ROWS = 5000


def contributions_for_export(*, user: Any, query: Any) -> QuerySet[models.Contribution]:
    """The contributions ``user`` may see that the list's filters in ``query`` keep."""
    queryset = restrict(
        models.Contribution.objects.select_related(
            "kind", "category", "partner", "member_state", "axis", "agreement", "project"
        ),
        user,
        "view",
    )
    filterset = filters.ContributionFilter(query, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def export_name() -> str:
    """``aportes-2026-12-03``, in the active language."""
    return dated_name(models.Contribution._meta.verbose_name_plural)


def export_title() -> str:
    return str(models.Contribution._meta.verbose_name_plural).capitalize()


def contribution_export_table(
    contributions: QuerySet[models.Contribution],
) -> tuple[list[str], Iterator[list[Any]]]:
    """The header (in the active language) and the rows, read a chunk at a time."""
    header = [
        _("Value date"),
        _("Description"),
        _("Kind of resource"),
        _("Category"),
        _("Partner"),
        _("Member state"),
        _("Own contribution"),
        _("Mechanism"),
        _("Year of the annual operating plan"),
        _("Agreement"),
        _("Project or initiative"),
        _("Strategic axis"),
        _("Status"),
        _("Pledged on"),
        _("Committed on"),
        _("Received on"),
        _("Number of people"),
        _("Person-months"),
        _("Role"),
        _("Quantity"),
        _("Unit"),
        _("Amount or value"),
        _("Currency"),
        _("Amount in the reporting currency"),
        _("Reporting currency"),
        _("Exchange rate used"),
        _("Date of the rate used"),
    ]
    yes, no = _("Yes"), _("No")
    reporting = reporting_currency()

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    rows = (
        [
            c.value_date,
            c.description,
            text(c.kind),
            "" if c.category is None else str(c.category.name),
            text(c.partner),
            text(c.member_state),
            yes if c.is_own_contribution else no,
            c.get_mechanism_display() if c.mechanism else "",
            c.operating_plan_year,
            text(c.agreement),
            text(c.project),
            text(c.axis),
            c.get_status_display(),
            c.pledged_on,
            c.committed_on,
            c.received_on,
            c.people,
            c.person_months,
            c.role,
            c.quantity,
            c.unit,
            Money(c.amount, c.currency),
            c.currency,
            Money(c.amount_reporting, c.reporting_currency or reporting),
            c.reporting_currency,
            c.rate,
            c.rate_date,
        ]
        for c in contributions.order_by("-value_date", "-pk").iterator(chunk_size=EXPORT_CHUNK)
    )
    return header, rows
