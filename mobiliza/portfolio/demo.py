"""The portfolio's part of the demo data (never production)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio.choices import ProjectKind, ProjectState, Scope
from mobiliza.portfolio.models import Project


def demo_projects_load(*, user: Any) -> dict[str, Project]:
    """A few projects and initiatives the demo's opportunities, agreements and
    contributions point to, by key; running it again adds nothing and returns them."""
    keys = {
        "protection": "Red regional de protección y asistencia a víctimas de trata",
        "prosecutors": "Fortalecimiento de las fiscalías especializadas en trata de Guatemala",
        "schools": "Prevención de la trata en centros escolares de El Salvador",
        "observatory": "Observatorio regional de datos sobre trata de personas",
    }
    found = {p.name_es: p for p in Project.objects.filter(name_es__in=keys.values())}
    if len(found) == len(keys):
        return {key: found[name] for key, name in keys.items()}
    states = {s.code: s for s in MemberState.objects.all()}
    axes = list(StrategicAxis.objects.order_by("position"))
    today = timezone.localdate()

    def axis(index: int) -> list[StrategicAxis]:
        return [axes[index % len(axes)]] if axes else []

    plan: dict[str, dict[str, Any]] = {
        "protection": {
            "kind": ProjectKind.PROJECT,
            "name_en": "Regional network for the protection of and assistance to victims",
            "scope": Scope.REGIONAL,
            "member_states": [states[c] for c in ("GT", "HN", "SV") if c in states],
            "state": ProjectState.NEGOTIATING,
            "amount": Decimal("750000.00"),
            "currency": "USD",
            "start_on": today + datetime.timedelta(days=60),
            "duration_months": 24,
            "description_es": (
                "Articula los servicios de protección de tres países para que una víctima "
                "identificada en uno reciba asistencia en el otro."
            ),
            "description_en": (
                "Connects the protection services of three countries so that a victim "
                "identified in one is assisted in another."
            ),
            "axes": axis(1),
        },
        "prosecutors": {
            "kind": ProjectKind.PROJECT,
            "name_en": "Strengthening Guatemala's prosecutors specialised in trafficking",
            "scope": Scope.NATIONAL,
            "member_state": states.get("GT"),
            "state": ProjectState.FUNDED,
            "amount": Decimal("800000.00"),
            "currency": "USD",
            "start_on": today - datetime.timedelta(days=30),
            "duration_months": 24,
            "axes": axis(2),
        },
        "schools": {
            "kind": ProjectKind.INITIATIVE,
            "name_en": "Preventing trafficking in El Salvador's schools",
            "scope": Scope.NATIONAL,
            "member_state": states.get("SV"),
            "state": ProjectState.SHEET_DRAFTED,
            "amount": Decimal("35000.00"),
            "currency": "USD",
            "axes": axis(0),
        },
        "observatory": {
            "kind": ProjectKind.PROJECT,
            "name_en": "Regional observatory of data on trafficking in persons",
            "scope": Scope.REGIONAL,
            "member_states": [states[c] for c in ("MX", "GT", "CR") if c in states],
            "state": ProjectState.IDEA,
            "amount": Decimal("2500000.00"),
            "currency": "MXN",
            "axes": axis(3),
        },
    }
    projects: dict[str, Project] = {}
    for key, data in plan.items():
        if key in ("prosecutors", "schools") and data["member_state"] is None:
            continue
        projects[key] = found.get(keys[key]) or record_create(
            user=user, model=Project, data={"name_es": keys[key], **data}
        )
    return projects
