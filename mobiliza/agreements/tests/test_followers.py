"""The pipeline imports no app above it; what agreements keep of an opportunity and of the
rate table still follows their changes, through the registries the app fills in ``ready()``."""

from __future__ import annotations

import pytest

from mobiliza.agreements.choices import ObligationKind
from mobiliza.agreements.tests.test_obligations_fixtures import make_obligation
from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create, record_update
from mobiliza.directory.models import Partner
from mobiliza.pipeline.services import create_opportunity

pytestmark = pytest.mark.django_db


def test_a_report_owed_under_an_opportunity_follows_it_to_another_partner_and_country(cast):
    secretariat = cast("secretariat")
    first = record_create(user=secretariat, model=Partner, data={"name_es": "Fondo de origen"})
    second = record_create(user=secretariat, model=Partner, data={"name_es": "Fondo de destino"})
    gt, hn = MemberState.objects.get(code="GT"), MemberState.objects.get(code="HN")
    opportunity = create_opportunity(
        user=secretariat, data={"title": "Carta que cambia", "partner": first, "member_state": gt}
    )
    owed = make_obligation(
        secretariat, opportunity=opportunity, kind=ObligationKind.LETTER_OF_INTENT, title="Carta"
    )
    assert (owed.partner, owed.member_state) == (first, gt)

    record_update(
        user=secretariat,
        instance=opportunity,
        data={"partner": second, "member_state": hn},
        version=None,
    )
    owed.refresh_from_db()
    assert (owed.partner, owed.member_state) == (second, hn)
    assert owed.history.first().history_user == secretariat
