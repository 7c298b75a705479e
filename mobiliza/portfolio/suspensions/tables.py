"""The list of suspensions."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mobiliza.core.tables import LinkedTable
from mobiliza.portfolio.suspensions.models import Suspension


class SuspensionTable(LinkedTable):
    phone_cards = True

    record = tables.Column(
        verbose_name=_("Record suspended"), accessor="pk", linkify=True, orderable=False
    )
    kind = tables.Column(verbose_name=_("Kind of record"), accessor="pk", orderable=False)
    meeting_agreement = tables.Column(verbose_name=_("Agreement of the plenary"))
    resumed_on = tables.Column(verbose_name=_("Resumed on"), default="—")

    class Meta(LinkedTable.Meta):
        model = Suspension
        fields = ["record", "kind", "grounds", "suspended_on", "meeting_agreement", "resumed_on"]

    def render_record(self, record: Any) -> str:
        return str(record.record) if record.record is not None else "—"

    def render_kind(self, record: Any) -> str:
        return str(record.content_type.model_class()._meta.verbose_name).capitalize()
