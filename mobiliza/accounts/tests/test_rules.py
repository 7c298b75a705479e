"""The rules of users and their roles are the models': the Secretariat's page and the services
(which the commands and the demo loader call) refuse the same input with the same message."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mobiliza.accounts.models import User
from mobiliza.accounts.services import user_create
from mobiliza.coalition.models import MemberState

LANGUAGES = ["es", "en"]


def say(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def add_user(language: str) -> str:
    with translation.override(language):
        return reverse("accounts:user_add")


def user_post(**changes) -> dict:
    data = {
        "email": "regla.nueva@example.org",
        "full_name": "Regla Nueva",
        "language": "es",
        "is_active": "on",
        "role": "partner_viewer",
        "member_state": "",
        "partner": "",
    }
    data.update(changes)
    return data


def refused(language: str, **data) -> dict[str, list[str]]:
    with translation.override(language), pytest.raises(ValidationError) as raised:
        user_create(actor=User.objects.get(email="secretariat@example.org"), **data)
    with translation.override(language):
        return raised.value.message_dict


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partner_viewer_needs_its_partner(client, login, language):
    expected = say(language, "A partner viewer reads the records of one partner: choose it.")
    login("secretariat")
    response = client.post(add_user(language), user_post())
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert expected in html.unescape(response.content.decode())
    errors = refused(language, email="regla.nueva@example.org", role="partner_viewer")
    assert errors["partner"] == [expected]
    assert not User.objects.filter(email="regla.nueva@example.org").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_focal_point_needs_its_member_state_in_the_services_too(db, language):
    expected = say(language, "A focal point belongs to exactly one member state.")
    errors = refused(language, email="regla.nueva@example.org", role="focal_point")
    assert errors["member_state"] == [expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_e_mail_address_is_taken_whatever_its_capitals(client, login, language):
    expected = say(language, "Another user already has this e-mail address.")
    login("secretariat")
    response = client.post(
        add_user(language),
        user_post(
            email="Focal-GT@Example.org",
            role="focal_point",
            member_state=MemberState.objects.get(code="BZ").pk,
        ),
    )
    assert response.status_code == 200
    assert expected in html.unescape(response.content.decode())
    errors = refused(language, email="FOCAL-GT@example.org", role="evaluator")
    assert errors["email"] == [expected]
    assert User.objects.filter(email__iexact="focal-gt@example.org").count() == 1
