from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements import models
from mobiliza.core.money import format_money
from mobiliza.core.tables import LinkedTable


class AgreementTable(LinkedTable):
    title = tables.Column(linkify=True)
    partner = tables.Column(order_by=("partner__name_es",))
    project = tables.Column(order_by=("project__name_es",))
    member_state = tables.Column(
        verbose_name=_("Member state"), order_by=("member_state__position",), default=_("Regional")
    )

    class Meta(LinkedTable.Meta):
        model = models.Agreement
        fields = [
            "title",
            "kind",
            "partner",
            "project",
            "member_state",
            "status",
            "signed_on",
            "ends_on",
        ]


class AgreementDocumentTable(LinkedTable):
    title = tables.Column(linkify=True)
    agreement = tables.Column(linkify=True, order_by=("agreement__title",))

    class Meta(LinkedTable.Meta):
        model = models.AgreementDocument
        fields = ["title", "agreement", "created_at"]


class ContributionTable(LinkedTable):
    # The reader's language, marked when only the other one is written.
    description = tables.Column(
        verbose_name=models.Contribution.description.verbose_name,
        linkify=True,
        order_by=("description_es",),
    )
    kind = tables.Column(order_by=("kind__position",))
    contributor = tables.Column(
        verbose_name=_("Who contributes"), empty_values=(), order_by=("partner__name_es",)
    )
    project = tables.Column(order_by=("project__name_es",))
    member_state = tables.Column(
        verbose_name=_("Member state"), order_by=("member_state__position",), default=_("Regional")
    )
    amount = tables.Column(verbose_name=_("Amount or value"), attrs={"td": {"class": "number"}})
    amount_reporting = tables.Column(
        verbose_name=_("In the reporting currency"), attrs={"td": {"class": "number"}}
    )

    class Meta(LinkedTable.Meta):
        model = models.Contribution
        fields = [
            "value_date",
            "description",
            "kind",
            "contributor",
            "project",
            "member_state",
            "status",
            "amount",
            "amount_reporting",
        ]

    def render_contributor(self, record: models.Contribution) -> Any:
        if record.partner_id:
            return record.partner
        if record.is_own_contribution:
            return _("Own contribution of %(country)s") % {"country": record.member_state}
        return "—"

    def render_amount(self, record: models.Contribution) -> str:
        return format_money(record.amount, record.currency)

    def render_amount_reporting(self, record: models.Contribution) -> str:
        return format_money(record.amount_reporting, record.reporting_currency)


class InstalmentTable(LinkedTable):
    due_on = tables.DateColumn(linkify=True)
    contribution = tables.Column(linkify=True, order_by=("contribution__description_es",))
    amount = tables.Column(attrs={"td": {"class": "number"}})

    class Meta(LinkedTable.Meta):
        model = models.Instalment
        fields = ["due_on", "contribution", "amount", "received_on"]

    def render_amount(self, record: models.Instalment) -> str:
        return format_money(record.amount, record.contribution.currency)
