"""Helpers shared by the pipeline's tests: a partner of their own and opportunities."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.services import create_opportunity
from mobiliza.plan.models import MobilizationStep

BOARD = "/en/pipeline/"
OPPORTUNITIES = "/en/pipeline/opportunities/"
INTERACTIONS = "/en/pipeline/interactions/"


def detail_url(opportunity: Opportunity) -> str:
    return f"{OPPORTUNITIES}{opportunity.pk}/"


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def steps(db) -> dict[str, MobilizationStep]:
    """The five steps by code: identify, participate, negotiate, arrange, communicate."""
    return {s.code: s for s in MobilizationStep.objects.order_by("position")}


@pytest.fixture
def state(db) -> Callable[[str], MemberState]:
    return lambda code: MemberState.objects.get(code=code)


@pytest.fixture
def partner(cast) -> Partner:
    """A partner of the tests' own, so that the demo's opportunities stay out of the way."""
    return record_create(
        user=cast("secretariat"),
        model=Partner,
        data={"name_es": "Fundación de Pruebas del Embudo", "acronym": "FPE"},
    )


@pytest.fixture
def make_opportunity(cast, partner) -> Callable[..., Opportunity]:
    """``make_opportunity(title="...", member_state=..., by="focal-gt", **fields)``."""

    def make(title: str = "Fondo de prueba", by: str = "secretariat", **data: Any) -> Opportunity:
        data.setdefault("partner", partner)
        return create_opportunity(user=cast(by), data={"title": title, **data})

    return make
