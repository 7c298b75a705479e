"""The portfolio's lists (django-tables2)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from mobiliza.core.money import format_money, reporting_currency
from mobiliza.core.tables import LinkedTable
from mobiliza.portfolio import models


class ProjectTable(LinkedTable):
    # The reader's language, marked when only the other one is written.
    name = tables.Column(
        verbose_name=_("Name"), linkify=True, order_by=("name_es",), empty_values=()
    )
    countries = tables.Column(verbose_name=_("Member states"), empty_values=(), orderable=False)
    axes = tables.Column(verbose_name=_("Strategic axes"), empty_values=(), orderable=False)
    amount = tables.Column(
        verbose_name=_("Amount"), attrs={"td": {"class": "number"}}, order_by=("amount_reporting",)
    )
    amount_reporting = tables.Column(
        verbose_name=_("In the reporting currency"), attrs={"td": {"class": "number"}}
    )

    class Meta(LinkedTable.Meta):
        model = models.Project
        fields = [
            "name",
            "kind",
            "scope",
            "countries",
            "axes",
            "state",
            "start_on",
            "amount",
            "amount_reporting",
        ]

    def render_name(self, record: models.Project) -> Any:
        return record.name

    def render_countries(self, record: models.Project) -> Any:
        if record.scope == "national":
            return record.member_state or "—"
        states = list(record.member_states.all())
        if not states:
            return _("Regional")
        return ", ".join(str(s) for s in states)

    def render_axes(self, record: models.Project) -> Any:
        axes = list(record.axes.all())
        if not axes:
            return "—"
        return format_html_join(" ", '<span class="badge">{}</span>', ((a.code,) for a in axes))

    def render_amount(self, record: models.Project) -> str:
        return format_money(record.amount, record.currency) if record.currency else "—"

    def render_amount_reporting(self, record: models.Project) -> str:
        return format_money(record.amount_reporting, reporting_currency())


class ProjectFinancingTable(LinkedTable):
    source = tables.Column(linkify=True)
    project = tables.Column(linkify=True, order_by=("project__name_es",))
    amount = tables.Column(attrs={"td": {"class": "number"}})

    class Meta(LinkedTable.Meta):
        model = models.ProjectFinancing
        fields = ["project", "source", "partner", "amount", "confirmed"]

    def render_amount(self, record: models.ProjectFinancing) -> str:
        return format_money(record.amount, record.currency) if record.currency else "—"
