"""Each rule of interactions and opportunities is the model's: the page and the API refuse the
same input with the same message, in Spanish and in English."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.pipeline.models import Interaction
from mobiliza.pipeline.tests.test_api import Api

LANGUAGES = ["es", "en"]
SUBJECT = "Reunión de una regla"


def say(language: str, message: str, **params: Any) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


def shown(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def api(cast):
    """``api("es")``: the Secretariat's token client, answered in that language."""

    def make(language: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast("secretariat"))
        client = Api(token.key)
        client.headers["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


def refused_on(response, field: str) -> list[str]:
    assert response.status_code == 400, response.content
    return response.json()["errors"][field]


@pytest.fixture
def stranger(cast) -> Contact:
    """A person who works for another partner than the tests' own."""
    other = record_create(
        user=cast("secretariat"), model=Partner, data={"name_es": "Otra Fundación Ajena"}
    )
    return record_create(
        user=cast("secretariat"),
        model=Contact,
        data={"partner": other, "full_name": "Ana Ajena"},
    )


def interaction_post(**data: Any) -> dict[str, Any]:
    values = {"kind": "meeting", "occurred_on": "2025-05-06", "subject": SUBJECT, **data}
    return {k: v for k, v in values.items() if v is not None}


def interaction_json(**data: Any) -> dict[str, Any]:
    values = {"kind": "meeting", "occurred_on": "2025-05-06", "subject": SUBJECT, **data}
    return {k: v for k, v in values.items() if v is not None}


def refused_interaction(client, api, language: str, field: str, data: dict) -> tuple[str, list]:
    response = client.post(f"/{language}/pipeline/interactions/add/", interaction_post(**data))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    answer = api(language).post("/api/v1/interactions/", interaction_json(**data))
    assert not Interaction.objects.filter(subject=SUBJECT).exists()
    return shown(response), refused_on(answer, field)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contacts_of_an_interaction_work_for_its_partner(
    client, login, api, partner, stranger, language
):
    expected = say(language, "%(names)s work for another partner.", names="Ana Ajena")
    login("secretariat")
    page_text, api_errors = refused_interaction(
        client, api, language, "contacts", {"partner": partner.pk, "contacts": [stranger.pk]}
    )
    assert expected in page_text
    assert api_errors == [expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contacts_of_an_interaction_about_an_opportunity_work_for_its_partner(
    client, login, api, make_opportunity, stranger, language
):
    opportunity = make_opportunity(title="Fondo con contactos")
    expected = say(language, "%(names)s work for another partner.", names="Ana Ajena")
    login("secretariat")
    page_text, api_errors = refused_interaction(
        client,
        api,
        language,
        "contacts",
        {"opportunity": opportunity.pk, "contacts": [stranger.pk]},
    )
    assert expected in page_text
    assert api_errors == [expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_contacts_of_another_partner_cannot_be_added_to_an_interaction_later(
    api, cast, partner, stranger, language
):
    meeting = record_create(
        user=cast("secretariat"),
        model=Interaction,
        data={"kind": "call", "subject": "Llamada previa", "partner": partner},
    )
    expected = say(language, "%(names)s work for another partner.", names="Ana Ajena")
    changed = api(language).patch(
        f"/api/v1/interactions/{meeting.pk}/", {"contacts": [stranger.pk]}
    )
    assert refused_on(changed, "contacts") == [expected]
    assert list(meeting.contacts.all()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interaction_is_with_the_partner_of_its_opportunity(
    client, login, api, make_opportunity, stranger, language
):
    opportunity = make_opportunity(title="Fondo de otro socio")
    expected = say(language, "The opportunity is with another partner.")
    login("secretariat")
    page_text, api_errors = refused_interaction(
        client,
        api,
        language,
        "partner",
        {"opportunity": opportunity.pk, "partner": stranger.partner_id},
    )
    assert expected in page_text
    assert api_errors == [expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interaction_needs_a_partner_or_an_opportunity(client, login, api, db, language):
    expected = say(language, "Choose the partner, or the opportunity it is about.")
    login("secretariat")
    page_text, api_errors = refused_interaction(client, api, language, "partner", {})
    assert expected in page_text
    assert api_errors == [expected]


def test_an_interaction_about_an_opportunity_takes_its_partner_on_the_page_too(
    client, login, make_opportunity, partner
):
    opportunity = make_opportunity(title="Fondo del que sale el socio")
    login("secretariat")
    response = client.post(
        "/en/pipeline/interactions/add/", interaction_post(opportunity=opportunity.pk)
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Interaction.objects.get(subject=SUBJECT).partner == partner


def test_an_interaction_follows_its_opportunity_to_another_partner(
    cast, make_opportunity, partner, stranger
):
    from mobiliza.core.services import record_update

    opportunity = make_opportunity(title="Fondo que cambia de socio")
    meeting = record_create(
        user=cast("secretariat"),
        model=Interaction,
        data={"kind": "call", "subject": "Sobre el fondo", "opportunity": opportunity},
    )
    assert meeting.partner == partner
    record_update(
        user=cast("secretariat"),
        instance=opportunity,
        data={"partner": stranger.partner},
        version=None,
    )
    meeting.refresh_from_db()
    assert meeting.partner == stranger.partner


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lost_opportunity_says_why_on_the_page_and_in_the_api(
    client, login, api, make_opportunity, language
):
    opportunity = make_opportunity(title="Fondo perdido sin motivo")
    expected = say(language, "Say why the opportunity was lost.")
    login("secretariat")
    response = client.post(
        f"/{language}/pipeline/opportunities/{opportunity.pk}/close/",
        {"outcome": "lost", "loss_reason": ""},
        follow=True,
    )
    assert expected in shown(response)
    answer = api(language).post(
        f"/api/v1/opportunities/{opportunity.pk}/close/", {"outcome": "lost"}
    )
    assert refused_on(answer, "loss_reason") == [expected]
    opportunity.refresh_from_db()
    assert opportunity.outcome == "open"
