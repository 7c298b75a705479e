"""The demo cast and a small living registry, for `make run` and the tests (never production)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from mobiliza.accounts.models import Membership, User
from mobiliza.coalition.choices import ComplianceStatus, MeetingKind, RepresentativeRole
from mobiliza.coalition.models import (
    Committee,
    Meeting,
    MeetingAgreement,
    MemberState,
    NationalBody,
    PresidencyTerm,
    Representative,
)
from mobiliza.core.roles import Role

DEMO_PASSWORD = "mobiliza-demo"
FOCAL_POINT_CODES = ["bz", "cr", "sv", "gt", "hn", "mx", "ni", "pa", "do"]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    country: str = ""


def demo_logins() -> list[DemoLogin]:
    logins = [
        DemoLogin("presidency@example.org", Role.PRESIDENCY),
        DemoLogin("secretariat@example.org", Role.SECRETARIAT),
        DemoLogin("evaluator@example.org", Role.EVALUATOR),
        DemoLogin("donor@example.org", Role.PARTNER_VIEWER),
    ]
    logins += [
        DemoLogin(f"focal-{code}@example.org", Role.FOCAL_POINT, code.upper())
        for code in FOCAL_POINT_CODES
    ]
    return logins


NAMES = {
    "presidency@example.org": "Presidencia Pro Tempore",
    "secretariat@example.org": "Secretaría Técnica",
    "evaluator@example.org": "Evaluadora Externa",
    "donor@example.org": "Socio Donante",
}

REPRESENTATIVES = {
    "BZ": ("Marisol Young", "Ministry of Human Development"),
    "CR": ("Andrea Solís Chaves", "Dirección General de Migración y Extranjería"),
    "SV": ("José Ernesto Martínez", "Ministerio de Justicia y Seguridad Pública"),
    "GT": ("María José Ortiz", "SVET"),
    "HN": ("Carlos Andrés Núñez", "Secretaría de Derechos Humanos"),
    "MX": ("Lucía Hernández Peña", "Secretaría de Gobernación"),
    "NI": ("Ana Lucía Blandón", "Ministerio del Interior"),
    "PA": ("Ricardo Vásquez Ábrego", "Ministerio de Seguridad Pública"),
    "DO": ("Yolanda Peña Reyes", "Ministerio de Relaciones Exteriores"),
}


def _ensure_demo_allowed() -> None:
    if not getattr(settings, "MOBILIZA_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data cannot be loaded with these settings (production).")


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    """Create the demo users and a populated registry; running it again adds nothing."""
    _ensure_demo_allowed()
    states = {s.code: s for s in MemberState.objects.all()}
    if len(states) < 2:
        raise ImproperlyConfigured("Load the coalition configuration first (load_coalition).")
    logins = [
        login
        for login in demo_logins()
        if login.role != Role.FOCAL_POINT or login.country in states
    ]
    for login in logins:
        user = User.objects.filter(email__iexact=login.email).first()
        if user is None:
            name = NAMES.get(login.email) or f"Punto focal {login.country}"
            user = User.objects.create_user(
                login.email, DEMO_PASSWORD, full_name=name, language="es"
            )
        member_state = states.get(login.country)
        Membership.objects.get_or_create(
            user=user, role=login.role, defaults={"member_state": member_state}
        )
    _demo_registry(states)
    from mobiliza.directory.demo import demo_partners_load

    partners = demo_partners_load(user=User.objects.get(email="secretariat@example.org"))
    # The partner viewer reads the records of one partner: IOM.
    # Saved one by one, not with update(), so the role's history records the change.
    for membership in Membership.objects.filter(role=Role.PARTNER_VIEWER, partner__isnull=True):
        membership.partner = partners.get("OIM")
        membership.save()
    from mobiliza.portfolio.demo import demo_projects_load

    # Before the pipeline and the agreements, whose records point to these projects.
    projects = demo_projects_load(user=User.objects.get(email="secretariat@example.org"))
    from mobiliza.agreements.demo import demo_pipeline_load

    demo_pipeline_load(
        user=User.objects.get(email="secretariat@example.org"),
        partners=partners,
        projects=projects,
    )
    return logins


def _demo_registry(states: dict[str, MemberState]) -> None:
    if Representative.objects.exists() or Meeting.objects.exists():
        return  # users have already entered registry data; leave it alone
    today = datetime.date.today()
    for code, (name, institution) in REPRESENTATIVES.items():
        body = NationalBody.objects.filter(member_state__code=code).first()
        if body is None:
            continue
        Representative.objects.create(
            national_body=body,
            full_name=name,
            institution=institution,
            role=RepresentativeRole.PRINCIPAL,
            email=f"{code.lower()}.representative@example.org",
            start_date=today.replace(year=today.year - 1, month=1, day=15),
        )
    # A change of representation, so the history of representatives is visible.
    gt_body = NationalBody.objects.filter(member_state__code="GT").first()
    if gt_body:
        Representative.objects.create(
            national_body=gt_body,
            full_name="Luis Fernando Caal",
            institution="Ministerio de Relaciones Exteriores",
            role=RepresentativeRole.ALTERNATE,
            start_date=today.replace(year=today.year - 3, month=3, day=1),
            end_date=today.replace(year=today.year - 1, month=1, day=14),
        )
    order = [c for c in ["PA", "DO", "GT", "HN"] if c in states]
    start = datetime.date(today.year - len(order) + 1, 1, 1)
    for index, code in enumerate(order):
        term_start = start.replace(year=start.year + index)
        PresidencyTerm.objects.create(
            member_state=states[code],
            start_date=term_start,
            end_date=term_start.replace(month=12, day=31),
        )
    committee = Committee.objects.create(
        name_es="Comité de Movilización de Recursos",
        name_en="Resource Mobilization Committee",
        purpose_es="Da seguimiento al plan de acción de la estrategia de movilización de recursos.",
        purpose_en="Follows up the plan of action of the resource mobilization strategy.",
        coordinator=states.get("GT"),
    )
    committee.members.set([s for c, s in states.items() if c in ("GT", "HN", "SV", "CR")])
    plenary = Meeting.objects.create(
        title="Reunión plenaria ordinaria",
        kind=MeetingKind.ORDINARY,
        date=today.replace(month=3, day=20) if today.month > 3 else today.replace(day=1),
        place="Ciudad de Guatemala",
        host=states.get("GT"),
        summary_es="Aprobación de la estrategia regional de movilización de recursos.",
        summary_en="Approval of the regional resource mobilization strategy.",
    )
    MeetingAgreement.objects.create(
        meeting=plenary,
        text_es="Actualizar el directorio de donantes potenciales con la información de cada país.",
        text_en="Update the directory of potential donors with each country's information.",
        responsible=states.get("HN"),
        deadline=today + datetime.timedelta(days=45),
        status=ComplianceStatus.IN_PROGRESS,
    )
    MeetingAgreement.objects.create(
        meeting=plenary,
        text_es="Presentar las fichas técnicas de los proyectos priorizados a la mesa de cooperantes.",
        text_en="Present the technical sheets of the prioritized projects to the donors' round table.",
        responsible=None,
        deadline=today - datetime.timedelta(days=10),
        status=ComplianceStatus.PENDING,
    )
    Meeting.objects.create(
        title="Sesión del Comité de Movilización de Recursos",
        kind=MeetingKind.COMMITTEE,
        committee=committee,
        date=today - datetime.timedelta(days=20),
        place="Virtual",
    )
