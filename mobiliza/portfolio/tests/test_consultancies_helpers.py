"""What the consultancy calls' tests share: a regional project of Guatemala and Honduras, a
call of it taken to any step, applicants with a CV."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mobiliza.accounts.models import User
from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create, record_transition
from mobiliza.portfolio.consultancies import services
from mobiliza.portfolio.consultancies.models import Applicant, ConsultancyCall
from mobiliza.portfolio.models import Project

CALLS = "/en/portfolio/consultancies/"
APPLICANTS = "/en/portfolio/consultancies/applicants/"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
OPENS = datetime.date(2026, 3, 1)
CLOSES = datetime.date(2026, 3, 31)


def person(name: str) -> User:
    return User.objects.get(email=f"{name}@example.org")


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def cv(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def regional_project(*codes: str, name: str = "Red regional de albergues") -> Project:
    return record_create(
        user=person("secretariat"),
        model=Project,
        data={
            "name_es": name,
            "name_en": "Regional network of shelters",
            "scope": "regional",
            "member_states": [state(code) for code in codes],
        },
    )


def new_call(project: Project, **more: Any) -> ConsultancyCall:
    data = {
        "project": project,
        "title": "Consultoría de diagnóstico",
        "terms_es": "Diagnóstico de los albergues.",
        "terms_en": "Assessment of the shelters.",
        "opens_on": OPENS,
        "closes_on": CLOSES,
        **more,
    }
    return services.create_call(user=person("secretariat"), data=data)


def step(call: ConsultancyCall, *names: str, by: str = "secretariat") -> ConsultancyCall:
    for name in names:
        call = record_transition(user=person(by), instance=call, name=name)
    return call


def applicant(call: ConsultancyCall, name: str, **more: Any) -> Applicant:
    return services.add_applicant(
        user=person("secretariat"),
        call=call,
        data={"full_name": name, "email": f"{name.split()[0].lower()}@example.net", **more},
        documents=[("cv", cv())],
    )


def decide(applicant_: Applicant, decision: str, comment: str = "") -> Applicant:
    return services.decide_first_filter(
        user=person("presidency"), applicant=applicant_, decision=decision, comment=comment
    )


def score(applicant_: Applicant, code: str, value: str, by: str | None = None):
    return services.score_applicant(
        user=person(by or f"focal-{code.lower()}"),
        applicant=applicant_,
        member_state=state(code),
        score=Decimal(value),
        comment="Buen perfil",
    )


def build_sent_call() -> dict[str, Any]:
    """A call of a GT and HN project sent to both states: Ana and Beto passed the first
    filter, Carla did not."""
    call = new_call(regional_project("GT", "HN"))
    call = step(call, "publish")
    ana = applicant(call, "Ana Pérez")
    beto = applicant(call, "Beto Gómez")
    carla = applicant(call, "Carla Ruiz")
    call = step(call, "close")
    decide(ana, "yes")
    decide(beto, "yes")
    decide(carla, "no", "No cumple el perfil")
    call = step(call, "filter", "send")
    return {"call": call, "ana": ana, "beto": beto, "carla": carla}
