"""Records the obligation, calendar and reminder tests build on (no tests here).

Each helper writes through the services users go through, so scoping fields (partner,
member state) are derived as in the application.
"""

from __future__ import annotations

import datetime
from typing import Any

from mobiliza.agreements.choices import AgreementKind, ObligationKind, Recurrence
from mobiliza.agreements.models import Agreement, ReportingObligation
from mobiliza.agreements.services import create_obligation
from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create
from mobiliza.directory.models import FundingCall, Partner
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.services import create_opportunity

# The smallest file the PDF check accepts.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def make_partner(user: Any, name: str = "Fundación Prueba", **data: Any) -> Partner:
    return record_create(user=user, model=Partner, data={"name_es": name, **data})


def make_agreement(
    user: Any,
    *,
    partner: Partner,
    country: str | None = None,
    title: str = "Convenio de prueba",
    ends_on: datetime.date | None = None,
) -> Agreement:
    return record_create(
        user=user,
        model=Agreement,
        data={
            "kind": AgreementKind.COOPERATION,
            "title": title,
            "partner": partner,
            "member_state": state(country) if country else None,
            "starts_on": datetime.date(2026, 1, 1) if ends_on else None,
            "ends_on": ends_on,
        },
    )


def make_opportunity(
    user: Any,
    *,
    partner: Partner,
    country: str | None = None,
    closes_on: datetime.date | None = None,
) -> Opportunity:
    call = None
    if closes_on:
        call = record_create(
            user=user,
            model=FundingCall,
            data={"partner": partner, "title": "Convocatoria 2027", "closes_on": closes_on},
        )
    return create_opportunity(
        user=user,
        data={
            "title": "Oportunidad de prueba",
            "partner": partner,
            "member_state": state(country) if country else None,
            "funding_call": call,
        },
    )


def make_obligation(user: Any, **data: Any) -> ReportingObligation:
    values = {
        "kind": ObligationKind.PROGRESS_REPORT,
        "title": "Informe de avance",
        "recurrence": Recurrence.ONCE,
        "first_due_on": datetime.date(2027, 1, 15),
        **data,
    }
    return create_obligation(user=user, data=values)
