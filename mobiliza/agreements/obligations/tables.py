"""The list of reporting obligations, with the next deadline and its status."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements.choices import DueStatus
from mobiliza.agreements.models import ReportingObligation
from mobiliza.core.tables import LinkedTable


def next_status(record: Any, today: Any = None) -> str:
    """The status of the obligation's next pending deadline (``next_due``), as Deadline.status."""
    today = today or timezone.localdate()
    due = record.next_due
    if due is None:
        return DueStatus.DELIVERED
    if due < today:
        return DueStatus.OVERDUE
    if (due - today).days <= record.remind_days_before:
        return DueStatus.DUE
    return DueStatus.UPCOMING


def status_badge(status: str) -> str:
    """A badge that says the status in words; the colour only repeats it."""
    return format_html(
        '<span class="badge status status-{}">{}</span>', status, DueStatus(status).label
    )


class ObligationTable(LinkedTable):
    title = tables.Column(linkify=True)
    source = tables.Column(
        verbose_name=_("Agreement or opportunity"),
        accessor="agreement",
        order_by=("agreement__title", "opportunity__title"),
        empty_values=(),
    )
    partner = tables.Column(order_by=("partner__name_es",))
    next_due = tables.Column(verbose_name=_("Next deadline"), empty_values=())

    class Meta(LinkedTable.Meta):
        model = ReportingObligation
        fields = [
            "title",
            "kind",
            "source",
            "partner",
            "recurrence",
            "next_due",
            "responsible",
            "member_state",
        ]
        empty_text = _("No reporting obligations match.")

    def __init__(self, *args: Any, show_opportunities: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Opportunities are internal: a partner's viewer is not told their titles.
        self.show_opportunities = show_opportunities

    def render_source(self, record: ReportingObligation) -> Any:
        if record.agreement:
            return record.agreement
        if record.opportunity and self.show_opportunities:
            return record.opportunity
        return "—"

    def render_next_due(self, record: Any) -> str:
        status = next_status(record)
        if record.next_due is None:
            return status_badge(status)
        return format_html(
            "{} {}", date_format(record.next_due, "SHORT_DATE_FORMAT"), status_badge(status)
        )
