"""Merging two partners keeps each agreement's parties right."""

from __future__ import annotations

import pytest

from mobiliza.agreements.models import Agreement
from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create, validate
from mobiliza.directory.duplicates.merging import partner_merge
from mobiliza.directory.models import Partner


@pytest.mark.parametrize("main_is_kept", [True, False])
def test_merging_a_co_signer_into_the_main_partner_does_not_list_it_twice(cast, main_is_kept):
    user = cast("secretariat")
    first = record_create(user=user, model=Partner, data={"name_es": "Fundación Primera"})
    second = record_create(user=user, model=Partner, data={"name_es": "Fundación Segunda"})
    other = record_create(user=user, model=Partner, data={"name_es": "Fundación Tercera"})
    main, co_signer = (first, second) if main_is_kept else (second, first)
    agreement = record_create(
        user=user,
        model=Agreement,
        data={
            "kind": "mou",
            "title": "Memorando conjunto",
            "partner": main,
            "member_state": MemberState.objects.get(code="GT"),
            "other_partners": [co_signer, other],
        },
    )

    partner_merge(user=user, keep=first, remove=second)

    agreement.refresh_from_db()
    assert agreement.partner == first
    assert list(agreement.other_partners.all()) == [other]
    validate(agreement, {"other_partners": list(agreement.other_partners.all())})
