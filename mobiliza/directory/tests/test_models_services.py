"""The directory's rules, as the models and services keep them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mobiliza.core.history import history_of
from mobiliza.core.services import record_create, record_update
from mobiliza.directory.models import Contact, FundingCall, Partner
from mobiliza.directory.services import contact_move, normalise_phone


def _partner(user, **data) -> Partner:
    return record_create(user=user, model=Partner, data={"name_es": "Fundación Prueba", **data})


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_budget_range_must_be_ordered(cast):
    with pytest.raises(ValidationError) as excinfo:
        _partner(
            cast("secretariat"),
            budget_min=Decimal("1000"),
            budget_max=Decimal("10"),
            budget_currency="USD",
        )
    assert "budget_max" in _errors(excinfo)


def test_a_budget_needs_its_currency(cast):
    with pytest.raises(ValidationError) as excinfo:
        _partner(cast("secretariat"), budget_min=Decimal("1000"))
    assert "budget_currency" in _errors(excinfo)


def test_a_budget_with_its_currency_is_saved(cast):
    partner = _partner(
        cast("secretariat"),
        budget_min=Decimal("10"),
        budget_max=Decimal("1000"),
        budget_currency="EUR",
    )
    partner.refresh_from_db()
    assert partner.budget_max == Decimal("1000.00")


def test_an_unknown_currency_is_refused(cast):
    with pytest.raises(ValidationError) as excinfo:
        _partner(cast("secretariat"), budget_min=Decimal("10"), budget_currency="XYZ")
    assert "budget_currency" in _errors(excinfo)


def test_funding_call_amounts_need_a_known_currency(cast):
    partner = Partner.objects.get(acronym="OIM")
    user = cast("secretariat")
    with pytest.raises(ValidationError) as excinfo:
        record_create(
            user=user,
            model=FundingCall,
            data={"partner": partner, "title": "Call", "amount_max": Decimal("5")},
        )
    assert "currency" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        record_create(
            user=user,
            model=FundingCall,
            data={
                "partner": partner,
                "title": "Call",
                "amount_max": Decimal("5"),
                "currency": "ABC",
            },
        )
    assert "currency" in _errors(excinfo)


def test_phone_is_normalised_to_e164(cast):
    contact = record_create(
        user=cast("secretariat"),
        model=Contact,
        data={
            "partner": Partner.objects.get(acronym="OIM"),
            "full_name": "Ana",
            "phone": "+502 2414 7400",
        },
    )
    assert contact.phone == "+50224147400"
    assert normalise_phone("+1 (202) 555-0143") == "+12025550143"


@pytest.mark.parametrize("phone", ["22 14 7400", "call me", "+502 12"])
def test_a_malformed_phone_is_refused_with_a_clear_message(cast, phone):
    with pytest.raises(ValidationError) as excinfo:
        record_create(
            user=cast("secretariat"),
            model=Contact,
            data={
                "partner": Partner.objects.get(acronym="OIM"),
                "full_name": "Ana",
                "phone": phone,
            },
        )
    message = " ".join(_errors(excinfo)["phone"])
    assert "international format" in message or "not a valid phone number" in message


def test_a_call_cannot_close_before_it_opens(cast):
    today = datetime.date(2027, 3, 1)
    with pytest.raises(ValidationError) as excinfo:
        record_create(
            user=cast("secretariat"),
            model=FundingCall,
            data={
                "partner": Partner.objects.get(acronym="OIM"),
                "title": "Backwards call",
                "opens_on": today,
                "closes_on": today - datetime.timedelta(days=1),
            },
        )
    assert "closes_on" in _errors(excinfo)


def test_proposal_languages_must_be_known_codes(cast):
    with pytest.raises(ValidationError) as excinfo:
        _partner(cast("secretariat"), proposal_languages="es,xx")
    assert "xx" in " ".join(_errors(excinfo)["proposal_languages"])
    partner = _partner(cast("secretariat"), proposal_languages="es,fr")
    assert partner.get_proposal_languages_display() == "Spanish, French"


def test_search_text_is_kept_by_create_and_update(cast):
    user = cast("secretariat")
    partner = _partner(user, name_en="Test Foundation", acronym="FP", track_record="Añil")
    assert "fundacion prueba" in partner.search_text
    assert "test foundation" in partner.search_text
    assert "anil" in partner.search_text
    partner = record_update(
        user=user,
        instance=partner,
        data={"name_es": "Asociación Nueva", "interests": "Niñez"},
        version=partner.version,
    )
    partner.refresh_from_db()
    assert "asociacion nueva" in partner.search_text
    assert "ninez" in partner.search_text
    assert "fundacion prueba" not in partner.search_text


def test_contact_move_keeps_the_old_partner_in_the_history(cast):
    user = cast("secretariat")
    old = Partner.objects.get(acronym="OIM")
    new = Partner.objects.get(acronym="UNODC")
    contact = record_create(
        user=user, model=Contact, data={"partner": old, "full_name": "Marta Pérez"}
    )
    moved = contact_move(user=user, contact=contact, partner=new, version=contact.version)
    assert moved.partner == new
    assert list(contact.history.order_by("history_id").values_list("partner_id", flat=True)) == [
        old.pk,
        new.pk,
    ]
    latest = history_of(moved)[0]
    assert str(old) in latest.reason and str(new) in latest.reason
    change = next(c for c in latest.changes if c.label == "partner")
    assert change.before == str(old)
    assert change.after == str(new)


def test_a_focal_point_cannot_move_a_contact_to_a_partner_it_may_not_change(cast):
    from django.core.exceptions import PermissionDenied

    user = cast("focal-gt")
    gt_partner = Partner.objects.get(name_es="Cruz Roja Guatemalteca")
    contact = record_create(
        user=user, model=Contact, data={"partner": gt_partner, "full_name": "Luis"}
    )
    with pytest.raises(PermissionDenied):
        contact_move(
            user=user, contact=contact, partner=Partner.objects.get(acronym="OIM"), version=None
        )
