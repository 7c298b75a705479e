"""A project with every field of both 8.3 templates filled in, for the sheets' tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from mobiliza.coalition.models import MemberState, NationalBody
from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.plan.models import OperationalObjective, StrategicAxis
from mobiliza.portfolio.models import Project, ProjectFinancing

NAME_ES = "Albergues seguros para víctimas de trata"
NAME_EN = "Safe shelters for victims of trafficking"
# The amounts as both languages write them (core.formatting).
AMOUNT = "US$250,000.00"
OVERALL_COST = "US$310,500.50"
DONOR_AMOUNT = "US$120,000.00"


def a_partner(
    user: Any, name_es: str = "Fondo Solidario", name_en: str = "Solidarity Fund"
) -> Partner:
    return record_create(user=user, model=Partner, data={"name_es": name_es, "name_en": name_en})


def a_contact(user: Any, partner: Partner, name: str = "Marta Quiñónez") -> Contact:
    return record_create(
        user=user,
        model=Contact,
        data={"partner": partner, "full_name": name, "email": "marta@fondo.example.org"},
    )


def a_project(user: Any, *, country: str = "GT", **data: Any) -> Project:
    """A national project of ``country`` with every field of the sheets filled in."""
    objective = OperationalObjective.objects.order_by("position").first()
    values: dict[str, Any] = {
        "name_es": NAME_ES,
        "name_en": NAME_EN,
        "scope": "national",
        "member_state": MemberState.objects.get(code=country),
        "executing_body": NationalBody.objects.filter(member_state__code=country).first(),
        "beneficiaries_es": "Mujeres, niñas y niños víctimas de trata.",
        "beneficiaries_en": "Women and children who are victims of trafficking.",
        "amount": Decimal("250000.00"),
        "overall_cost": Decimal("310500.50"),
        "currency": "USD",
        "start_on": datetime.date(2027, 1, 1),
        "end_on": datetime.date(2028, 12, 31),
        "description_es": "Primer párrafo del problema.\n\nSegundo párrafo.\n\nTercer párrafo.",
        "description_en": "First paragraph of the problem.\n\nSecond paragraph.\n\nThird paragraph.",
        "expected_outcome_es": "Tres albergues funcionando.",
        # The English expected outcome is left to translate.
        "proposer_name": "Secretaría contra la Violencia Sexual, Explotación y Trata",
        "proposer_legal_id": "NIT 123456-7",
        "proposer_constituted_on": datetime.date(2009, 2, 18),
        "proposer_address": "6a avenida 10-45, zona 1",
        "proposer_phone": "+502 2504 8888",
        "proposer_email": "info@svet.example.org",
        "legal_representative": "Licda. Ana López, secretaria",
        "project_responsible": "Ing. Pedro Ruiz, coordinador",
        "location_es": "Ciudad de Guatemala y Quetzaltenango",
        "location_en": "Guatemala City and Quetzaltenango",
        "objective": objective,
        "activity": objective.activities.first() if objective else None,
        "goal": objective.goals.first() if objective else None,
        "justification_es": "Faltan plazas de albergue.",
        "justification_en": "Shelter places are lacking.",
        "general_objective_es": "Proteger a las víctimas.",
        "general_objective_en": "Protect the victims.",
        "specific_objectives_es": "Abrir tres albergues.\nFormar a su personal.",
        "specific_objectives_en": "Open three shelters.\nTrain their staff.",
        "expected_products_es": "Protocolo de atención.",
        "expected_products_en": "Care protocol.",
        "sustainability_es": "El ministerio asume los costos.",
        "sustainability_en": "The ministry takes over the costs.",
        "financial_resources_es": "Presupuesto nacional.",
        "financial_resources_en": "National budget.",
        "material_resources_es": "Edificios cedidos.",
        "material_resources_en": "Buildings lent.",
        "human_resources_es": "Doce profesionales.",
        "human_resources_en": "Twelve professionals.",
        **data,
    }
    axes = values.pop("axes", list(StrategicAxis.objects.order_by("position")[:2]))
    return record_create(user=user, model=Project, data={**values, "axes": axes})


def with_financing(user: Any, project: Project, donor: Partner) -> None:
    record_create(
        user=user,
        model=ProjectFinancing,
        data={
            "project": project,
            "source": "cooperation_agency",
            "partner": donor,
            "amount": Decimal("120000.00"),
            "currency": "USD",
            "confirmed": True,
        },
    )
    record_create(
        user=user,
        model=ProjectFinancing,
        data={
            "project": project,
            "source": "ordinary_budget",
            "amount": Decimal("130000.00"),
            "currency": "USD",
        },
    )
