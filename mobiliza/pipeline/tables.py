from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mobiliza.core.money import format_money
from mobiliza.core.tables import LinkedTable
from mobiliza.pipeline import models


class OpportunityTable(LinkedTable):
    phone_cards = True

    title = tables.Column(linkify=True)
    partner = tables.Column(linkify=True, order_by=("partner__name_es",))
    project = tables.Column(order_by=("project__name_es",))
    step = tables.Column(order_by=("step__position",))
    expected_amount = tables.Column(order_by=("expected_amount_reporting",))
    member_state = tables.Column(order_by=("member_state__position",))
    next_action_on = tables.Column()

    class Meta(LinkedTable.Meta):
        model = models.Opportunity
        fields = [
            "title",
            "partner",
            "project",
            "step",
            "outcome",
            "expected_amount",
            "probability",
            "owner",
            "member_state",
            "next_action_on",
        ]

    def render_expected_amount(self, value: Any, record: models.Opportunity) -> str:
        return format_money(value, record.currency) if record.currency else str(value)

    def render_next_action_on(self, value: Any, record: models.Opportunity) -> Any:
        shown = date_format(value, "SHORT_DATE_FORMAT")
        if record.is_late:
            return format_html('{} <span class="badge badge-warning">{}</span>', shown, _("late"))
        return shown


class InteractionTable(LinkedTable):
    phone_cards = True

    subject = tables.Column(linkify=True)
    partner = tables.Column(linkify=True, order_by=("partner__name_es",))
    opportunity = tables.Column(linkify=True, order_by=("opportunity__title",))

    class Meta(LinkedTable.Meta):
        model = models.Interaction
        fields = ["occurred_on", "kind", "subject", "partner", "opportunity", "member_state"]


class InteractionAttachmentTable(LinkedTable):
    title = tables.Column(linkify=True)
    interaction = tables.Column(linkify=True, order_by=("interaction__subject",))

    class Meta(LinkedTable.Meta):
        model = models.InteractionAttachment
        fields = ["title", "interaction", "created_at"]
