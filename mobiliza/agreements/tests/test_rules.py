"""Each rule of agreements, contributions, instalments and obligations is the model's: the page
and the API refuse the same input with the same message, in Spanish and in English."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.agreements.models import Agreement, Contribution, Instalment, ReportingObligation
from mobiliza.agreements.tests.test_contributions_helpers import (
    agreement,
    contribution,
    kind,
    oim,
    secretariat,
    state,
)
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.pipeline.services import create_opportunity
from mobiliza.pipeline.tests.test_api import Api

LANGUAGES = ["es", "en"]


def say(language: str, message: str, **params: Any) -> str:
    """``message`` as a reader of ``language`` sees it."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


def shown(response) -> str:
    return html.unescape(response.content.decode())


def api(language: str) -> Api:
    """The Secretariat's token client, asking for answers in ``language``."""
    token, _ = Token.objects.get_or_create(user=secretariat())
    client = Api(token.key)
    client.headers["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def refused_on(response, field: str) -> list[str]:
    assert response.status_code == 400, response.content
    return response.json()["errors"][field]


def page(language: str, path: str) -> str:
    return f"/{language}/resources/{path}"


def other_partner() -> Partner:
    return Partner.objects.get(acronym="UNODC")


# --- agreements -----------------------------------------------------------------------------

CO_SIGNER = "The main partner is already a party; do not list it twice."


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_partner_cannot_also_be_a_co_signer(client, login, language):
    expected = say(language, CO_SIGNER)
    login("secretariat")
    response = client.post(
        page(language, "agreements/add/"),
        {
            "kind": "mou",
            "title": "Memorando con cofirmantes",
            "status": "draft",
            "partner": oim().pk,
            "other_partners": [oim().pk, other_partner().pk],
            "coalition_is_party": "on",
        },
    )
    assert response.status_code == 200
    assert "other_partners" in response.context["form"].errors
    assert expected in shown(response)

    created = api(language).post(
        "/api/v1/agreements/",
        {
            "kind": "mou",
            "title": "Memorando con cofirmantes",
            "partner": oim().pk,
            "other_partners": [oim().pk, other_partner().pk],
        },
    )
    assert refused_on(created, "other_partners") == [expected]
    assert not Agreement.objects.filter(title="Memorando con cofirmantes").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_agreement_cannot_be_changed_to_list_its_main_partner_twice(client, login, language):
    deal = agreement(title="Convenio con UNODC", other_partners=[other_partner()])
    expected = say(language, CO_SIGNER)
    # The co-signer becomes the main partner, still listed as a co-signer.
    changed = api(language).patch(f"/api/v1/agreements/{deal.pk}/", {"partner": other_partner().pk})
    assert refused_on(changed, "other_partners") == [expected]
    login("secretariat")
    response = client.post(
        page(language, f"agreements/{deal.pk}/edit/"),
        {
            "kind": "mou",
            "title": deal.title,
            "status": "draft",
            "partner": other_partner().pk,
            "other_partners": [other_partner().pk],
            "coalition_is_party": "on",
            "version": deal.version,
        },
    )
    assert response.status_code == 200
    assert expected in shown(response)
    deal.refresh_from_db()
    assert deal.partner == oim()


# --- contributions --------------------------------------------------------------------------

OTHER_KIND = "Only for %(kind)s; leave it empty for %(this)s."


def kind_name(language: str, code: str) -> str:
    with translation.override(language):
        return str(kind(code).name)


def contribution_post(**data: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": kind("financial").pk,
        "description_es": "Aporte de una regla",
        "partner": oim().pk,
        "amount": "2500.00",
        "currency": "USD",
        "value_date": "2024-03-15",
        "status": "pledged",
    }
    values.update(data)
    return {k: v for k, v in values.items() if v is not None}


def contribution_json(**data: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "financial",
        "description_es": "Aporte de una regla",
        "partner": oim().pk,
        "amount": "2500.00",
        "currency": "USD",
        "value_date": "2024-03-15",
    }
    values.update(data)
    return {k: v for k, v in values.items() if v is not None}


def refused_contribution(client, language: str, field: str, page_data: dict, api_data: dict):
    """The messages the page and the API give on ``field``; nothing is saved by either."""
    response = client.post(page(language, "contributions/add/"), contribution_post(**page_data))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    answer = api(language).post("/api/v1/contributions/", contribution_json(**api_data))
    assert not Contribution.objects.filter(description_es="Aporte de una regla").exists()
    return shown(response), refused_on(answer, field)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("code", "field", "value", "other"),
    [
        ("financial", "people", "3", "human"),
        ("financial", "person_months", "1.5", "human"),
        ("financial", "role", "Técnica", "human"),
        ("financial", "quantity", "4", "goods-services"),
        ("human", "unit", "laptops", "goods-services"),
        ("goods-services", "person_months", "2", "human"),
    ],
)
def test_a_contribution_cannot_carry_another_kinds_fields(
    client, login, language, code, field, value, other
):
    own = {"human": {"people": "2"}, "goods-services": {"quantity": "4"}}.get(code, {})
    expected = say(
        language,
        OTHER_KIND,
        kind=kind_name(language, other),
        this=kind_name(language, code),
    )
    login("secretariat")
    page_text, api_errors = refused_contribution(
        client,
        language,
        field,
        {"kind": kind(code).pk, field: value, **own},
        {"kind": code, field: value, **own},
    )
    assert expected in page_text
    assert api_errors == [expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_financial_contribution_needs_an_amount(client, login, language):
    expected = say(language, "Say how much money is contributed.")
    login("secretariat")
    page_text, api_errors = refused_contribution(
        client, language, "amount", {"amount": "0.00"}, {"amount": "0.00"}
    )
    assert expected in page_text
    assert api_errors == [expected]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mechanism", "programme", "Only a member state's own contribution has a mechanism."),
        (
            "operating_plan_year",
            "2024",
            "Only a member state's own contribution belongs to an annual operating plan.",
        ),
    ],
)
def test_own_contribution_fields_only_on_a_member_states_own_contribution(
    client, login, language, field, value, message
):
    expected = say(language, message)
    login("secretariat")
    page_text, api_errors = refused_contribution(
        client, language, field, {field: value}, {field: value}
    )
    assert expected in page_text
    assert api_errors == [expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_states_own_contribution_says_its_mechanism(client, login, language):
    expected = say(
        language, "Say how the country contributes: sponsorship, agreement, programme or budget."
    )
    login("secretariat")
    gt = state("GT")
    page_text, api_errors = refused_contribution(
        client,
        language,
        "mechanism",
        {"partner": "", "is_own_contribution": "on", "member_state": gt.pk},
        {"partner": None, "is_own_contribution": True, "country": "GT"},
    )
    assert expected in page_text
    assert api_errors == [expected]


def test_under_an_agreement_the_partner_is_the_agreements(client, login):
    deal = agreement(title="Convenio del que sale el socio", partner=other_partner())
    login("secretariat")
    response = client.post(
        page("en", "contributions/add/"),
        contribution_post(partner="", agreement=deal.pk, description_es="Por la página"),
    )
    assert response.status_code == 302, response.context["form"].errors
    answer = api("en").post(
        "/api/v1/contributions/",
        contribution_json(partner=None, agreement=deal.pk, description_es="Por la API"),
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["partner"] == other_partner().pk
    by_page = Contribution.objects.get(description_es="Por la página")
    assert by_page.partner == other_partner()


# --- instalments ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_instalment_cannot_move_to_another_contribution(client, login, language):
    first = contribution(description_es="Primera promesa")
    second = contribution(description_es="Segunda promesa")
    instalment = record_create(
        user=secretariat(),
        model=Instalment,
        data={
            "contribution": first,
            "due_on": datetime.date(2024, 6, 1),
            "amount": Decimal("100.00"),
        },
    )
    expected = say(language, "An instalment cannot move to another contribution.")
    login("secretariat")
    response = client.post(
        page(language, f"instalments/{instalment.pk}/edit/"),
        {
            "contribution": second.pk,
            "due_on": "2024-06-01",
            "amount": "100.00",
            "version": instalment.version,
        },
    )
    assert response.status_code == 200
    assert "contribution" in response.context["form"].errors
    assert expected in shown(response)
    moved = api(language).patch(
        f"/api/v1/instalments/{instalment.pk}/", {"contribution": second.pk}
    )
    assert refused_on(moved, "contribution") == [expected]
    instalment.refresh_from_db()
    assert instalment.contribution == first


# --- reporting obligations ------------------------------------------------------------------


@pytest.fixture
def opportunity(db):
    return create_opportunity(
        user=secretariat(), data={"title": "Convocatoria de una regla", "partner": oim()}
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("kind_code", "links", "field", "message"),
    [
        (
            "narrative_report",
            {"opportunity"},
            "agreement",
            "A report is owed under an agreement: choose it.",
        ),
        (
            "application",
            {"agreement"},
            "opportunity",
            "A letter of intent or an application belongs to an opportunity: choose it.",
        ),
        (
            "progress_report",
            {"agreement", "opportunity"},
            "opportunity",
            "Link it to an agreement or to an opportunity, not both.",
        ),
    ],
)
def test_an_obligation_is_owed_under_what_its_kind_says(
    client, login, opportunity, language, kind_code, links, field, message
):
    deal = agreement(title="Convenio de una regla")
    chosen = {
        "agreement": deal.pk if "agreement" in links else None,
        "opportunity": opportunity.pk if "opportunity" in links else None,
    }
    expected = say(language, message)
    login("secretariat")
    response = client.post(
        page(language, "obligations/add/"),
        {
            "kind": kind_code,
            "title": "Informe de una regla",
            "recurrence": "once",
            "first_due_on": "2030-01-31",
            "remind_days_before": "14",
            **{k: v for k, v in chosen.items() if v is not None},
        },
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert expected in shown(response)
    answer = api(language).post(
        "/api/v1/obligations/",
        {
            "kind": kind_code,
            "title": "Informe de una regla",
            "first_due_on": "2030-01-31",
            **chosen,
        },
    )
    assert refused_on(answer, field) == [expected]
    assert not ReportingObligation.objects.filter(title="Informe de una regla").exists()
