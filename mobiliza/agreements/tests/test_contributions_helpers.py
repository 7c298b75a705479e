"""Test data shared by the agreements' tests (helpers only: no test here).

Records are written through the services, as a user would, so that the converted
amounts, the rates and the history are those the pages show.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from mobiliza.accounts.models import User
from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.coalition.models import MemberState
from mobiliza.core.models import ExchangeRate
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.plan.models import ResourceCategory, ResourceKind, SourceType

AGREEMENTS = "/en/resources/agreements/"
CONTRIBUTIONS = "/en/resources/contributions/"
INSTALMENTS = "/en/resources/instalments/"
DOCUMENTS = "/en/resources/agreements/documents/"
TOTALS = "/en/resources/totals/"

DAY = datetime.date(2024, 3, 15)

# The smallest file the PDF check accepts.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def secretariat() -> User:
    return User.objects.get(email="secretariat@example.org")


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def kind(code: str) -> ResourceKind:
    return ResourceKind.objects.get(code=code)


def category(kind_code: str, code: str) -> ResourceCategory:
    return ResourceCategory.objects.get(kind__code=kind_code, code=code)


def partner(name: str, source: str = "private-sector", **data: Any) -> Partner:
    return Partner.objects.create(
        name_es=name,
        source_type=SourceType.objects.get(code=source),
        **data,
    )


def oim() -> Partner:
    """The demo partner whose staff is the partner viewer donor@example.org."""
    return Partner.objects.get(acronym="OIM")


def eur_rate(rate: str = "1.0850", on: datetime.date = datetime.date(2024, 1, 2)) -> ExchangeRate:
    return ExchangeRate.objects.create(
        date=on, currency="EUR", rate=Decimal(rate), reporting_currency="USD"
    )


def agreement(*, user: User | None = None, **data: Any) -> Agreement:
    values: dict[str, Any] = {
        "kind": "mou",
        "title": "Memorando de prueba",
        "partner": oim(),
        "status": "draft",
    }
    values.update(data)
    return record_create(user=user or secretariat(), model=Agreement, data=values)


def contribution(*, user: User | None = None, **data: Any) -> Contribution:
    """A financial contribution of 1,000 USD from IOM pledged on ``DAY``, unless told."""
    values: dict[str, Any] = {
        "kind": kind("financial"),
        "description_es": "Aporte de prueba",
        "partner": oim(),
        "amount": Decimal("1000.00"),
        "currency": "USD",
        "value_date": DAY,
        "status": "pledged",
    }
    values.update(data)
    return record_create(user=user or secretariat(), model=Contribution, data=values)


def form_data(**data: Any) -> dict[str, Any]:
    """What the contribution form posts for a financial contribution of IOM."""
    values: dict[str, Any] = {
        "kind": kind("financial").pk,
        "description_es": "Donación para talleres",
        "partner": oim().pk,
        "amount": "2500.00",
        "currency": "USD",
        "value_date": "2024-03-15",
        "status": "pledged",
    }
    values.update(data)
    return {k: v for k, v in values.items() if v is not None}
