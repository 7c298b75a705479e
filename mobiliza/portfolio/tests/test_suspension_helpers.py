"""What the suspension tests share: a partner with its contacts, the plenary's agreements,
and a project, an agreement and a contribution of Guatemala to suspend."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from mobiliza.accounts.models import User
from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.coalition.choices import MeetingKind
from mobiliza.coalition.models import Committee, Meeting, MeetingAgreement, MemberState
from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.plan.models import ResourceKind
from mobiliza.portfolio.models import Project

SUSPENSIONS = "/en/portfolio/suspensions/"


def secretariat() -> User:
    return User.objects.get(email="secretariat@example.org")


def presidency() -> User:
    return User.objects.get(email="presidency@example.org")


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def agreement_of(meeting: Meeting, text_es: str, text_en: str = "") -> MeetingAgreement:
    return record_create(
        user=secretariat(),
        model=MeetingAgreement,
        data={"meeting": meeting, "text_es": text_es, "text_en": text_en},
    )


def meeting(title: str, kind: str, days_ago: int = 5, committee: Any = None) -> Meeting:
    return record_create(
        user=secretariat(),
        model=Meeting,
        data={
            "title": title,
            "kind": kind,
            "committee": committee,
            "date": timezone.localdate() - datetime.timedelta(days=days_ago),
        },
    )


@dataclass
class World:
    partner: Partner
    co_signer: Partner
    spanish: Contact
    english: Contact
    without_email: Contact
    inactive: Contact
    plenary: MeetingAgreement
    plenary_to_resume: MeetingAgreement
    technical: MeetingAgreement
    committee: MeetingAgreement
    project: Project
    agreement: Agreement
    contribution: Contribution


def contact(partner: Partner, name: str, email: str, language: str, active: bool = True) -> Contact:
    return record_create(
        user=secretariat(),
        model=Contact,
        data={
            "partner": partner,
            "full_name": name,
            "email": email,
            "language": language,
            "is_active": active,
        },
    )


def build_world() -> World:
    user = secretariat()
    partner = record_create(
        user=user,
        model=Partner,
        data={"name_es": "Fundación Protege", "acronym": "FPR"},
    )
    co_signer = record_create(
        user=user,
        model=Partner,
        data={"name_es": "Agencia Cooperante del Norte", "acronym": "ACN"},
    )
    spanish = contact(partner, "Lucía Pérez", "lucia@protege.example.org", "es")
    english = contact(partner, "John Smith", "john@protege.example.org", "en")
    without_email = contact(partner, "Marta Sin Correo", "", "es")
    inactive = contact(partner, "Pedro Inactivo", "pedro@protege.example.org", "es", active=False)
    contact(co_signer, "Ana Cooperante", "ana@acn.example.org", "es")
    plenary_meeting = meeting("XXV Reunión plenaria ordinaria", MeetingKind.ORDINARY, 10)
    extraordinary = meeting("Reunión plenaria extraordinaria", MeetingKind.EXTRAORDINARY, 2)
    committee = Committee.objects.first() or record_create(
        user=user, model=Committee, data={"name_es": "Comité de prueba"}
    )
    plenary = agreement_of(
        plenary_meeting,
        "Solicitar la suspensión por riesgo a las víctimas atendidas.",
        "Request the suspension for the risk to the victims assisted.",
    )
    plenary_to_resume = agreement_of(
        extraordinary, "Reanudar: el riesgo fue atendido.", "Resume: the risk was addressed."
    )
    technical = agreement_of(
        meeting("Reunión técnica", MeetingKind.TECHNICAL), "Acuerdo técnico sin valor plenario."
    )
    in_committee = agreement_of(
        meeting("Sesión del comité", MeetingKind.ORDINARY, committee=committee),
        "Acuerdo de un comité.",
    )
    guatemala = state("GT")
    project = record_create(
        user=user,
        model=Project,
        data={
            "name_es": "Albergues seguros para sobrevivientes",
            "name_en": "Safe shelters for survivors",
            "scope": "national",
            "member_state": guatemala,
            "executing_partner": partner,
            "state": "negotiating",
        },
    )
    agreement = record_create(
        user=user,
        model=Agreement,
        data={
            "kind": "mou",
            "title": "Memorando con la Fundación Protege",
            "partner": partner,
            "member_state": guatemala,
            "status": "in_force",
            "signed_on": datetime.date(2025, 3, 1),
            "other_partners": [co_signer],
        },
    )
    contribution = record_create(
        user=user,
        model=Contribution,
        data={
            "kind": ResourceKind.objects.get(code="financial"),
            "description_es": "Aporte para los albergues",
            "partner": partner,
            "agreement": agreement,
            "member_state": guatemala,
            "amount": Decimal("25000.00"),
            "currency": "USD",
            "value_date": datetime.date(2025, 3, 1),
            "status": "committed",
            "committed_on": datetime.date(2025, 3, 1),
        },
    )
    return World(
        partner=partner,
        co_signer=co_signer,
        spanish=spanish,
        english=english,
        without_email=without_email,
        inactive=inactive,
        plenary=plenary,
        plenary_to_resume=plenary_to_resume,
        technical=technical,
        committee=in_committee,
        project=project,
        agreement=agreement,
        contribution=contribution,
    )


def param(record: Any) -> str:
    return f"{record._meta.label_lower}:{record.pk}"
