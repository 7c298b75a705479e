"""Demo data of the pipeline, agreements, contributions and obligations.

Loaded by ``load_demo`` after the demo partners, through the same services users go
through, so every record has its history. Running it again adds nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mobiliza.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    ContributionStatus,
    ObligationKind,
    OwnContributionMechanism,
    Recurrence,
    ResourcesManagedBy,
)
from mobiliza.agreements.models import Agreement, Contribution, Instalment
from mobiliza.agreements.services import create_agreement, create_obligation, deliver
from mobiliza.coalition.models import MemberState
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import reporting_currency
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.pipeline.choices import InteractionKind, LossReason
from mobiliza.pipeline.models import Interaction, Opportunity
from mobiliza.pipeline.services import close, create_opportunity, move
from mobiliza.plan.models import MobilizationStep, ResourceCategory, ResourceKind, StrategicAxis

# Rough values in US dollars of one unit of each currency; the demo varies them a little.
DEMO_RATES_USD = {
    "EUR": Decimal("1.0850"),
    "MXN": Decimal("0.0586"),
    "GTQ": Decimal("0.1287"),
    "HNL": Decimal("0.0405"),
    "CRC": Decimal("0.001950"),
    "DOP": Decimal("0.01680"),
    "NIO": Decimal("0.02720"),
    "CAD": Decimal("0.7350"),
}

# What was negotiated with IOM so far, in both languages like every narrative text.
NEGOTIATED_TERMS = {
    "negotiated_terms_es": "Cofinanciamiento 80/20; informes semestrales a la Presidencia.",
    "negotiated_terms_en": "80/20 co-financing; half-yearly reports to the Presidency.",
}


def demo_rates_load(*, weeks: int = 110) -> int:
    """Weekly rates of the demo's currencies for about two years (USD reporting only)."""
    target = reporting_currency()
    if target != "USD" or ExchangeRate.objects.exists():
        return 0
    today = timezone.localdate()
    rows = []
    for code, base in DEMO_RATES_USD.items():
        for week in range(weeks):
            day = today - datetime.timedelta(weeks=week)
            # A small, repeatable wobble (±2 %) so that the rate depends on the date.
            wobble = Decimal(((week * 7 + len(code) * 3) % 41) - 20) / Decimal(1000)
            rate = (base * (1 + wobble)).quantize(Decimal("1e-8"))
            rows.append(
                ExchangeRate(
                    date=day,
                    currency=code,
                    rate=rate,
                    reporting_currency=target,
                    source="Demo",
                )
            )
    bulk_create_with_history(rows, ExchangeRate, batch_size=500)
    return len(rows)


def demo_pipeline_load(
    *, user: Any, partners: dict[str, Partner], projects: dict[str, Any] | None = None
) -> None:
    """Opportunities in every step, interactions, agreements, contributions and reports owed.

    ``projects`` are the portfolio's demo projects by key (``portfolio.demo``), which some
    of the records point to."""
    projects = projects or {}
    # Which demo opportunity seeks resources for which project.
    project_of = {
        "oim": "protection",
        "jtip": "prosecutors",
        "stc": "schools",
        "unam": "observatory",
    }
    demo_rates_load()
    if Opportunity.objects.exists() or Agreement.objects.exists():
        return
    today = timezone.localdate()
    steps = {s.code: s for s in MobilizationStep.objects.all()}
    kinds = {k.code: k for k in ResourceKind.objects.all()}
    categories = {c.code: c for c in ResourceCategory.objects.all()}
    axes = list(StrategicAxis.objects.order_by("position"))
    states = {s.code: s for s in MemberState.objects.all()}
    if len(steps) < 5 or not kinds or not axes:
        return
    step_codes = list(steps)

    def partner(key: str) -> Partner | None:
        return partners.get(key)

    opportunities: dict[str, Opportunity] = {}
    plan = [
        # key, title, partner, step index, amount, currency, probability, country, late
        ("oim", "Fondo regional de protección a víctimas", "OIM", 3, "450000", "USD", 90, None),
        ("jtip", "Programa de fortalecimiento de fiscalías", "J/TIP", 2, "800000", "USD", 60, "GT"),
        ("unodc", "Asistencia técnica GLO.ACT", "UNODC", 1, "120000", "EUR", 40, "HN"),
        (
            "stc",
            "Campaña de prevención en escuelas",
            "Save the Children",
            0,
            "35000",
            "USD",
            20,
            "SV",
        ),
        ("ecpat", "Formación de operadores de turismo", "ECPAT", 1, "60000", "EUR", 35, None),
        ("fcs", "Voluntariado profesional en albergues", "FCS", 0, "900000", "HNL", 25, "HN"),
        ("sica", "Armonización de protocolos regionales", "SICA", 2, "150000", "USD", 55, None),
        ("unam", "Observatorio regional de datos", "UNAM-OT", 0, "2500000", "MXN", 30, "MX"),
        ("rcn", "Cobertura de medios de la campaña regional", "RCN", 4, "40000", "USD", 95, None),
    ]
    for index, (
        key,
        title,
        partner_key,
        step_index,
        amount,
        currency,
        chance,
        country,
    ) in enumerate(plan):
        found = partner(partner_key)
        if found is None:
            continue
        opportunity = create_opportunity(
            user=user,
            data={
                "title": title,
                "partner": found,
                "step": steps[step_codes[0]],
                "axis": axes[index % len(axes)],
                "resource_kind": kinds.get("financial"),
                "expected_amount": Decimal(amount),
                "currency": currency,
                "probability": chance,
                "expected_decision_on": today + datetime.timedelta(days=30 + 15 * index),
                "owner": user,
                "member_state": states.get(country) if country else None,
                "project": projects.get(project_of.get(key, "")),
                "next_action": "Enviar la nota conceptual revisada",
                # Every third opportunity is late: its next action's date has passed.
                "next_action_on": today + datetime.timedelta(days=-4 if index % 3 == 1 else 7),
                **(NEGOTIATED_TERMS if key == "oim" else {}),
            },
        )
        for step_code in step_codes[1 : step_index + 1]:
            opportunity = move(user=user, opportunity=opportunity, step=steps[step_code])
        opportunities[key] = opportunity
    lost_partner = partner("BID")
    if lost_partner is not None:
        lost = create_opportunity(
            user=user,
            data={
                "title": "Préstamo para sistemas de información",
                "partner": lost_partner,
                "step": steps[step_codes[0]],
                "expected_amount": Decimal("2000000"),
                "currency": "USD",
                "probability": 10,
                "owner": user,
            },
        )
        close(
            user=user,
            opportunity=lost,
            outcome="lost",
            loss_reason=LossReason.NOT_ALIGNED,
            loss_notes="El banco prioriza infraestructura en este ciclo.",
        )

    oim = opportunities.get("oim")
    if oim is not None:
        for days_ago, kind, subject in [
            (60, InteractionKind.MEETING, "Primera reunión con la oficina regional"),
            (35, InteractionKind.MATERIALS, "Presentación de la ficha técnica del proyecto"),
            (12, InteractionKind.WORKSHOP, "Taller de diseño conjunto"),
        ]:
            record_create(
                user=user,
                model=Interaction,
                data={
                    "partner": oim.partner,
                    "opportunity": oim,
                    "kind": kind,
                    "occurred_on": today - datetime.timedelta(days=days_ago),
                    "subject": subject,
                    "notes": "Se acordó enviar el presupuesto detallado.",
                    "users": [user],
                    "contacts": list(oim.partner.contacts.all()),
                },
            )

    oim_partner = partner("OIM")
    if oim_partner is None:
        return
    framework = create_agreement(
        user=user,
        data={
            "kind": AgreementKind.FRAMEWORK,
            "title": "Convenio marco de cooperación CORETT–OIM",
            "reference": "CORETT-OIM-01",
            "partner": oim_partner,
            "opportunity": oim,
            "project": projects.get("protection"),
            "status": AgreementStatus.IN_FORCE,
            "signed_on": today - datetime.timedelta(days=200),
            "starts_on": today - datetime.timedelta(days=190),
            "ends_on": today + datetime.timedelta(days=900),
            "objectives_es": (
                "Fortalecer la protección y asistencia a víctimas de trata en la región."
            ),
            "objectives_en": "Strengthen protection of and assistance to trafficking victims "
            "in the region.",
            "coalition_obligations_es": (
                "Presentar informes trimestrales de avance y anuales financieros."
            ),
            "coalition_obligations_en": "Submit quarterly progress reports and annual "
            "financial reports.",
            "partner_obligations_es": (
                "Aportar fondos y asistencia técnica según el plan de trabajo."
            ),
            "partner_obligations_en": "Provide funds and technical assistance as the work "
            "plan sets out.",
            "committed_amount": Decimal("450000.00"),
            "currency": "USD",
            "financing_terms_es": "Tres desembolsos contra entrega de informes.",
            "financing_terms_en": "Three disbursements, each on delivery of a report.",
            "resources_managed_by": ResourcesManagedBy.PARTNER,
            "member_states": [s for c, s in states.items() if c in ("GT", "HN", "SV")],
            "axes": axes[:2],
        },
    )
    grant_partner = partner("J/TIP")
    grant = None
    if grant_partner is not None and "GT" in states:
        grant = create_agreement(
            user=user,
            data={
                "kind": AgreementKind.GRANT,
                "title": "Donación para fiscalías especializadas de Guatemala",
                "partner": grant_partner,
                "member_state": states["GT"],
                "project": projects.get("prosecutors"),
                "status": AgreementStatus.SIGNED,
                "signed_on": today - datetime.timedelta(days=40),
                "starts_on": today - datetime.timedelta(days=30),
                "ends_on": today + datetime.timedelta(days=700),
                "committed_amount": Decimal("300000.00"),
                "currency": "USD",
                "resources_managed_by": ResourcesManagedBy.NATIONAL_ENTITY,
                "member_states": [states["GT"]],
            },
        )

    def contribute(**data: Any) -> Contribution:
        return record_create(user=user, model=Contribution, data=data)

    first = contribute(
        kind=kinds["financial"],
        category=categories.get("international-funding"),
        partner=oim_partner,
        agreement=framework,
        project=projects.get("protection"),
        axis=axes[0],
        description_es="Primer desembolso del convenio marco",
        description_en="First disbursement of the framework agreement",
        status=ContributionStatus.COMMITTED,
        pledged_on=today - datetime.timedelta(days=190),
        committed_on=today - datetime.timedelta(days=150),
        amount=Decimal("300000.00"),
        currency="USD",
        value_date=today - datetime.timedelta(days=150),
    )
    for due_in, received_in in ((-120, -118), (60, None)):
        record_create(
            user=user,
            model=Instalment,
            data={
                "contribution": first,
                "due_on": today + datetime.timedelta(days=due_in),
                "amount": Decimal("150000.00"),
                "received_on": today + datetime.timedelta(days=received_in)
                if received_in is not None
                else None,
            },
        )
    unodc = partner("UNODC")
    if unodc is not None:
        contribute(
            kind=kinds["financial"],
            category=categories.get("international-funding"),
            partner=unodc,
            member_state=states.get("HN"),
            axis=axes[1 % len(axes)],
            description_es="Aporte para talleres de identificación de víctimas",
            description_en="Funding for victim identification workshops",
            status=ContributionStatus.RECEIVED,
            pledged_on=today - datetime.timedelta(days=80),
            received_on=today - datetime.timedelta(days=20),
            amount=Decimal("85000.00"),
            currency="EUR",
            value_date=today - datetime.timedelta(days=20),
        )
    unam = partner("UNAM-OT")
    if unam is not None and "human" in kinds:
        contribute(
            kind=kinds["human"],
            category=categories.get("partner-contribution"),
            partner=unam,
            member_state=states.get("MX"),
            project=projects.get("observatory"),
            description_es="Investigadores para el observatorio regional",
            description_en="Researchers for the regional observatory",
            status=ContributionStatus.COMMITTED,
            committed_on=today - datetime.timedelta(days=10),
            people=3,
            person_months=Decimal("18"),
            role="Investigación y análisis de datos",
            amount=Decimal("540000.00"),
            currency="MXN",
            value_date=today - datetime.timedelta(days=10),
        )
    red_cross = partner("Cruz Roja Guatemalteca")
    if red_cross is not None and "goods-services" in kinds:
        contribute(
            kind=kinds["goods-services"],
            category=categories.get("equipment-spaces"),
            partner=red_cross,
            member_state=states.get("GT"),
            description_es="Espacio y equipo para el albergue temporal",
            description_en="Space and equipment for the temporary shelter",
            status=ContributionStatus.RECEIVED,
            received_on=today - datetime.timedelta(days=5),
            quantity=Decimal("2"),
            unit="salas equipadas",
            amount=Decimal("96000.00"),
            currency="GTQ",
            value_date=today - datetime.timedelta(days=5),
        )
    if "GT" in states:
        contribute(
            kind=kinds["financial"],
            category=categories.get("government-budgets"),
            member_state=states["GT"],
            is_own_contribution=True,
            mechanism=OwnContributionMechanism.BUDGET_ALLOCATION,
            operating_plan_year=today.year,
            description_es="Asignación del plan operativo anual de la Comisión Nacional",
            description_en="Allocation of the National Commission's annual operating plan",
            status=ContributionStatus.COMMITTED,
            committed_on=today.replace(month=1, day=15),
            amount=Decimal("250000.00"),
            currency="GTQ",
            value_date=today.replace(month=1, day=15),
        )

    quarterly = create_obligation(
        user=user,
        data={
            "kind": ObligationKind.PROGRESS_REPORT,
            "title": "Informe trimestral de avance a la OIM",
            "agreement": framework,
            "recurrence": Recurrence.QUARTERLY,
            "first_due_on": today - datetime.timedelta(days=100),
            "responsible": user,
        },
    )
    # The first quarterly report went in on time; the second is overdue.
    first_deadline = quarterly.deadlines.order_by("due_on").first()
    if first_deadline is not None:
        deliver(user=user, deadline=first_deadline, delivered_on=first_deadline.due_on)
    create_obligation(
        user=user,
        data={
            "kind": ObligationKind.FINANCIAL_REPORT,
            "title": "Informe financiero anual a la OIM",
            "agreement": framework,
            "recurrence": Recurrence.YEARLY,
            "first_due_on": today + datetime.timedelta(days=20),
            "responsible": user,
        },
    )
    if grant is not None:
        create_obligation(
            user=user,
            data={
                "kind": ObligationKind.NARRATIVE_REPORT,
                "title": "Informe narrativo semestral al Departamento de Estado",
                "agreement": grant,
                "recurrence": Recurrence.HALF_YEARLY,
                "first_due_on": today + datetime.timedelta(days=9),
            },
        )
    jtip = opportunities.get("jtip")
    if jtip is not None:
        create_obligation(
            user=user,
            data={
                "kind": ObligationKind.LETTER_OF_INTENT,
                "title": "Carta de intención para la convocatoria 2027",
                "opportunity": jtip,
                "first_due_on": today + datetime.timedelta(days=12),
                "responsible": user,
            },
        )
