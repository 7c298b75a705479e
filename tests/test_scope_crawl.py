"""A crawl as each focal point and as the partner viewer: nothing another country keeps
private, and (for the viewer) no other partner, no internal assessment and no staff
name, anywhere they can reach: pages, filter choices, exports and the API; and every
write under another country's parent is refused."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token

from config.api_urls import router
from mobiliza.accounts.models import User
from mobiliza.coalition.models import MemberState
from mobiliza.core.roles import Role
from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.pipeline.models import Interaction, Opportunity
from mobiliza.plan.models import MobilizationStep
from tests.crawling import crawl

COUNTRIES = ["bz", "cr", "sv", "gt", "hn", "mx", "ni", "pa", "do"]
MAX_PAGES = 70
PER_KIND = 2


def secretariat() -> User:
    return User.objects.get(email="secretariat@example.org")


@pytest.fixture
def secrets(db) -> dict[str, dict[str, object]]:
    """For each member state: a partner, a contact, an interaction and an opportunity
    holding private text that only that country (and the managers) may read."""
    made: dict[str, dict[str, object]] = {}
    staff = secretariat()
    step = MobilizationStep.objects.order_by("position").first()
    for code in COUNTRIES:
        state = MemberState.objects.get(code=code.upper())
        partner = record_create(
            user=staff,
            model=Partner,
            data={
                "name_es": f"Socio Marcado {code.upper()}",
                "member_state": state,
                "confidential_notes": f"SECRETO-SOCIO-{code}",
                "suitability_comments": f"VALORACION-{code}",
            },
        )
        contact = record_create(
            user=staff,
            model=Contact,
            data={"partner": partner, "full_name": f"Persona {code}", "notes": f"NOTA-{code}"},
        )
        interaction = record_create(
            user=staff,
            model=Interaction,
            data={
                "kind": "meeting",
                "occurred_on": datetime.date(2024, 4, 1),
                "subject": f"Reunión {code}",
                "partner": partner,
                "member_state": state,
                "notes": f"REUNION-PRIVADA-{code}",
            },
        )
        opportunity = record_create(
            user=staff,
            model=Opportunity,
            data={
                "title": f"Oportunidad {code}",
                "partner": partner,
                "member_state": state,
                "step": step,
                "confidential_notes": f"NEGOCIACION-{code}",
            },
        )
        made[code] = {
            "records": [partner, contact, interaction, opportunity],
            "private": [
                f"SECRETO-SOCIO-{code}",
                f"NOTA-{code}",
                f"REUNION-PRIVADA-{code}",
                f"NEGOCIACION-{code}",
            ],
            "partner_name": f"Socio Marcado {code.upper()}",
            "assessment": f"VALORACION-{code}",
        }
    return made


def crawl_texts(client, starts: list[str]) -> dict[str, str]:
    """The text of every page reached from ``starts`` (a few of each kind)."""
    visits = crawl(client, starts, within="/en/", max_pages=MAX_PAGES, per_kind=PER_KIND)
    return {url: visit.text for url, visit in visits.items() if visit.status != 404}


def api_texts(client, user: User) -> dict[str, str]:
    """Every list of the API (first 100 items) and the detail of each item met."""
    token, _ = Token.objects.get_or_create(user=user)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    texts = {}
    for prefix, _viewset, _basename in router.registry:
        url = f"/api/v1/{prefix}/?page_size=100"
        response = client.get(url, **headers)
        texts[url] = response.content.decode()
    return texts


def leaks(texts: dict[str, str], forbidden: list[str]) -> dict[str, list[str]]:
    found = {}
    for url, text in texts.items():
        hits = [word for word in forbidden if word in text]
        if hits:
            found[url] = hits
    return found


@pytest.mark.parametrize("code", COUNTRIES)
def test_a_focal_point_reaches_no_other_countrys_private_notes(client, cast, secrets, code):
    user = cast(f"focal-{code}")
    client.force_login(user)
    starts = ["/en/"]
    for made in secrets.values():
        starts += [record.get_absolute_url() for record in made["records"]]  # type: ignore[attr-defined]
    starts += ["/en/directory/partners/export/?format=csv", "/en/directory/contacts/"]
    texts = crawl_texts(client, starts)
    texts |= api_texts(client, user)
    forbidden = [
        word for other, made in secrets.items() if other != code for word in made["private"]
    ]
    assert not leaks(texts, forbidden)
    # Its own country's notes are there for it: the crawl did reach the records.
    own = " ".join(texts.values())
    assert all(word in own for word in secrets[code]["private"])  # type: ignore[attr-defined]


def test_the_partner_viewer_reaches_no_other_partner_nor_internal_words(client, cast, secrets):
    user = cast("donor")
    client.force_login(user)
    texts = crawl_texts(client, ["/en/", "/en/directory/partners/export/?format=csv"])
    texts |= api_texts(client, user)
    staff = [
        u.get_full_name()
        for u in User.objects.filter(memberships__role__in=["secretariat", "presidency"])
        if u.get_full_name()
    ]
    forbidden = [str(made["partner_name"]) for made in secrets.values()]
    forbidden += [str(made["assessment"]) for made in secrets.values()]
    forbidden += [word for made in secrets.values() for word in made["private"]]  # type: ignore[attr-defined]
    # The demo names two staff after their role ("Secretaría Técnica"), which the glossary
    # names as a role: a role's name is no staff member's name leaking.
    roles = set()
    for language in ("es", "en"):
        with translation.override(language):
            roles |= {str(label) for label in Role.labels}
    forbidden += [name for name in staff if name not in roles]
    assert not leaks(texts, forbidden)
    assert len(texts) > 10


# --- writes under another country's parent ---------------------------------------------


def _payloads(parent_of: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
    partner, contact, interaction, opportunity = parent_of["records"]  # type: ignore[misc]
    return [
        ("contacts", {"partner": partner.pk, "full_name": "Intrusa"}),
        ("funding-calls", {"partner": partner.pk, "title": "Convocatoria intrusa"}),
        (
            "interactions",
            {
                "kind": "call",
                "occurred_on": "2024-05-01",
                "subject": "Intrusa",
                "opportunity": opportunity.pk,
            },
        ),
        (
            "contributions",
            {
                "kind": "financial",
                "description_es": "Intruso",
                "opportunity": opportunity.pk,
                "amount": "5.00",
                "currency": "USD",
                "value_date": "2024-05-01",
                "status": "pledged",
            },
        ),
    ]


@pytest.mark.parametrize("code", ["gt", "mx", "pa"])
def test_every_write_under_another_countrys_parent_is_refused(client, cast, secrets, code):
    user = cast(f"focal-{code}")
    token, _ = Token.objects.get_or_create(user=user)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    for other, made in secrets.items():
        if other == code:
            continue
        partner, contact, interaction, opportunity = made["records"]  # type: ignore[misc]
        for resource, payload in _payloads(made):
            payload = {**payload, "country": code.upper()}
            response = client.post(
                f"/api/v1/{resource}/",
                json.dumps(payload),
                content_type="application/json",
                **headers,
            )
            assert response.status_code in (400, 403), (resource, other, response.content)
        # Changing and deleting another country's children.
        for resource, record in (("contacts", contact), ("interactions", interaction)):
            url = f"/api/v1/{resource}/{record.pk}/"
            response = client.patch(
                url, json.dumps({"notes": "cambiado"}), content_type="application/json", **headers
            )
            assert response.status_code == 403, (url, response.content)
            assert client.delete(url, **headers).status_code == 403
        assert Contact.objects.filter(full_name="Intrusa").count() == 0
        # The pages refuse the same.
        client.force_login(user)
        assert client.get(f"/en/directory/contacts/{contact.pk}/edit/").status_code == 403
        assert client.get(f"/en/pipeline/interactions/{interaction.pk}/edit/").status_code == 403
    # Its own country's parent is fine.
    made = secrets[code]
    response = client.post(
        "/api/v1/contacts/",
        json.dumps({"partner": made["records"][0].pk, "full_name": "Propia"}),  # type: ignore[index]
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
