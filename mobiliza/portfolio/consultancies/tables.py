"""The consultancy calls' list table."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from mobiliza.core.tables import LinkedTable
from mobiliza.portfolio.consultancies.models import Applicant, ConsultancyCall


def project_url(project: Any) -> str | None:
    """The project's page, once the portfolio's project pages are there."""
    try:
        return project.get_absolute_url()
    except NoReverseMatch:
        return None


class ConsultancyCallTable(LinkedTable):
    phone_cards = True

    title = tables.Column(linkify=True)
    project = tables.Column(
        linkify=lambda record: project_url(record.project), order_by=("project__name_es",)
    )
    applicant_count = tables.Column(verbose_name=_("Applicants"), orderable=False)

    class Meta(LinkedTable.Meta):
        model = ConsultancyCall
        fields = ["title", "project", "call_number", "state", "opens_on", "closes_on"]
        sequence = [
            "title",
            "project",
            "call_number",
            "state",
            "opens_on",
            "closes_on",
            "applicant_count",
        ]


class ApplicantTable(LinkedTable):
    full_name = tables.Column(linkify=lambda record: record.get_absolute_url())
    call = tables.Column(linkify=True)

    class Meta(LinkedTable.Meta):
        model = Applicant
        fields = ["full_name", "call", "nationality", "passed_first_filter", "retention_until"]
