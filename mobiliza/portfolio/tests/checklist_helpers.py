"""Projects for the checklist's and the similar projects' tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from mobiliza.accounts.models import User
from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create
from mobiliza.plan.models import ChecklistItem, StrategicAxis
from mobiliza.portfolio.checklist.models import ChecklistAnswer
from mobiliza.portfolio.models import Project

DESCRIPTION = (
    "Los albergues de la región no tienen protocolos comunes de atención.\n\n"
    "Se propone formar al personal con un protocolo regional.\n\n"
    "El proyecto entrega el protocolo y forma a cien personas."
)


def person(name: str) -> User:
    return User.objects.get(email=f"{name}@example.org")


def a_project(country: str = "GT", **values: Any) -> Project:
    """A national project of ``country``, created by the Secretariat."""
    data: dict[str, Any] = {
        "name_es": "Protocolo de atención en albergues de Guatemala",
        "scope": "national",
        "member_state": MemberState.objects.get(code=country),
    }
    data.update(values)
    return record_create(user=person("secretariat"), model=Project, data=data)


def a_complete_sheet(country: str = "GT") -> Project:
    """A project whose sheet has every essential the step "sheet drafted" asks."""
    return a_project(
        country,
        axes=[StrategicAxis.objects.order_by("position").first()],
        executing_institution="Secretaría contra la Violencia Sexual, Explotación y Trata",
        beneficiaries_es="Personal de los albergues y víctimas atendidas.",
        amount=Decimal("120000.00"),
        currency="USD",
        start_on=datetime.date(2027, 1, 1),
        description_es=DESCRIPTION,
    )


def in_state(project: Project, state: str) -> Project:
    Project.objects.filter(pk=project.pk).update(state=state)
    return Project.objects.get(pk=project.pk)


def answer_all(project: Project, *, but: int = 0, answer: str = "yes") -> None:
    """Answer every item of the current version (all ``answer``), leaving out ``but``."""
    items = list(ChecklistItem.objects.order_by("position"))
    for item in items[: len(items) - but]:
        ChecklistAnswer.objects.create(
            project=project, sheet_version=project.sheet_version, item=item, answer=answer
        )
