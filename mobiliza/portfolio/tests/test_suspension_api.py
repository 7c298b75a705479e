"""``/api/v1/suspensions/``: the same rules and messages as the pages."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token

from mobiliza.portfolio.suspensions.models import Suspension
from mobiliza.portfolio.tests.test_suspension_helpers import World, build_world

API = "/api/v1/suspensions/"


@pytest.fixture
def world(db) -> World:
    return build_world()


def headers(user, language="en"):
    token, _ = Token.objects.get_or_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {token.key}", "HTTP_ACCEPT_LANGUAGE": language}


def body(world, record=None, **more):
    record = record or world.project
    data = {
        "record_type": record._meta.label_lower,
        "record_id": record.pk,
        "meeting_agreement": world.plenary.pk,
        "grounds": "risk",
        "reason_es": "Riesgo para las sobrevivientes.",
        "reason_en": "Risk to the survivors.",
    }
    data.update(more)
    return data


def test_the_presidency_suspends_and_resumes_through_the_api(
    client, cast, world, django_capture_on_commit_callbacks
):
    auth = headers(cast("presidency"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, body(world), content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["record_type"] == "portfolio.project" and data["record_id"] == world.project.pk
    assert data["country"] == "GT" and data["resumed_on"] is None
    assert {n["email"] for n in data["notices"]} == {
        "lucia@protege.example.org",
        "john@protege.example.org",
    }
    assert len(mail.outbox) == 2
    world.project.refresh_from_db()
    assert world.project.state == "suspended"

    listed = client.get(f"{API}?record=portfolio.project:{world.project.pk}", **auth).json()
    assert [item["id"] for item in listed["results"]] == [data["id"]]

    response = client.post(
        f"{API}{data['id']}/resume/",
        {"meeting_agreement": world.plenary_to_resume.pk, "reason_en": "Risk addressed."},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200, response.content
    assert response.json()["resumed_on"] is not None
    world.project.refresh_from_db()
    assert world.project.state == "negotiating"


@pytest.mark.parametrize("person", ["secretariat", "focal-gt", "focal-mx", "evaluator", "donor"])
def test_the_api_refuses_everyone_but_the_presidency_with_the_pages_message(
    client, cast, world, person
):
    response = client.post(
        API, body(world, world.agreement), content_type="application/json", **headers(cast(person))
    )
    assert response.status_code == 403, response.content
    assert "Only the Presidency" in response.json()["detail"]
    world.agreement.refresh_from_db()
    assert world.agreement.status == "in_force"
    assert not Suspension.objects.exists()


@pytest.mark.parametrize("person", ["secretariat", "focal-gt", "focal-mx", "evaluator"])
def test_the_api_refuses_a_resumption_to_everyone_but_the_presidency(client, cast, world, person):
    from mobiliza.portfolio.tests.test_suspensions import suspend_it

    suspension = suspend_it(world.agreement, world.plenary)
    response = client.post(
        f"{API}{suspension.pk}/resume/",
        {"meeting_agreement": world.plenary_to_resume.pk, "reason_en": "x"},
        content_type="application/json",
        **headers(cast(person)),
    )
    assert response.status_code == 403
    assert "Only the Presidency" in response.json()["detail"]
    world.agreement.refresh_from_db()
    assert world.agreement.status == "suspended"


def test_without_a_plenary_agreement_the_api_says_so(client, cast, world):
    auth = headers(cast("presidency"))
    response = client.post(
        API, body(world, meeting_agreement=None), content_type="application/json", **auth
    )
    assert response.status_code == 400
    assert "plenary's agreement" in str(response.json()["errors"]["meeting_agreement"])
    response = client.post(
        API,
        body(world, meeting_agreement=world.technical.pk),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400
    assert "not a plenary meeting" in str(response.json()["errors"]["meeting_agreement"])
    assert not Suspension.objects.exists()


def test_a_record_already_suspended_or_in_the_wrong_state_is_refused(client, cast, world):
    auth = headers(cast("presidency"))
    assert client.post(API, body(world), content_type="application/json", **auth).status_code == 201
    again = client.post(API, body(world), content_type="application/json", **auth)
    assert again.status_code == 400
    assert "already suspended" in again.json()["detail"]


def test_the_coalition_reads_suspensions_and_a_partner_viewer_does_not(client, cast, world):
    from mobiliza.portfolio.tests.test_suspensions import suspend_it

    suspension = suspend_it(world.agreement, world.plenary)
    for person in ("secretariat", "focal-mx", "evaluator"):
        response = client.get(f"{API}{suspension.pk}/", **headers(cast(person)))
        assert response.status_code == 200
        assert response.json()["record_name"] == "Memorando con la Fundación Protege"
    # A partner viewer reads no suspension at all.
    assert client.get(f"{API}{suspension.pk}/", **headers(cast("donor"))).status_code == 403
    assert client.get(API, **headers(cast("donor"))).status_code == 403
