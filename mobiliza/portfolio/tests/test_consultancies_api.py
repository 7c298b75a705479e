"""The consultancy calls through /api/v1/: the steps, the joint selection and the second
call follow the pages' rules, and are refused to those who do not run the hiring."""

from __future__ import annotations

import pytest

from mobiliza.portfolio.tests.test_consultancies_helpers import (
    applicant,
    build_sent_call,
    decide,
    new_call,
    regional_project,
    score,
    step,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def sent_call(db):
    return build_sent_call()


def test_the_secretariat_creates_a_call_and_takes_its_steps(client, login):
    project = regional_project("GT", "HN")
    login("secretariat")
    created = client.post(
        "/api/v1/consultancy-calls/",
        {
            "project": project.pk,
            "title": "Consultoría jurídica",
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    call = created.json()
    assert sorted(call["evaluating_states"]) == ["GT", "HN"]
    assert call["state"] == "draft" and call["applicant_count"] == 0
    published = client.post(f"/api/v1/consultancy-calls/{call['id']}/transitions/publish/")
    assert published.status_code == 200
    assert published.json()["state"] == "open" and published.json()["published_on"]
    closed = client.post(f"/api/v1/consultancy-calls/{call['id']}/transitions/close/")
    assert closed.json()["state"] == "deserted"
    second = client.post(
        f"/api/v1/consultancy-calls/{call['id']}/second-call/",
        {"opens_on": "2026-05-01", "closes_on": "2026-05-31"},
        content_type=JSON,
    )
    assert second.status_code == 201
    assert second.json()["call_number"] == 2 and second.json()["first_call"] == call["id"]


@pytest.mark.parametrize("role", ["focal-gt", "evaluator", "donor"])
def test_the_steps_are_refused_through_the_api_to_others(client, login, role):
    call = new_call(regional_project("GT"))
    login(role)
    response = client.post(f"/api/v1/consultancy-calls/{call.pk}/transitions/publish/")
    assert response.status_code == 403
    created = client.post(
        "/api/v1/consultancy-calls/",
        {
            "project": call.project_id,
            "title": "X",
            "opens_on": "2026-01-01",
            "closes_on": "2026-01-02",
        },
        content_type=JSON,
    )
    assert created.status_code == 403


@pytest.mark.parametrize("role", ["focal-gt", "evaluator", "donor"])
def test_others_see_the_call_through_the_api(client, login, role):
    call = new_call(regional_project("GT"))
    login(role)
    listed = client.get("/api/v1/consultancy-calls/").json()["results"]
    assert [c["id"] for c in listed] == [call.pk]


def test_a_second_call_is_refused_through_the_api_when_the_first_had_offers(
    client, login, sent_call
):
    login("secretariat")
    response = client.post(
        f"/api/v1/consultancy-calls/{sent_call['call'].pk}/second-call/",
        {"opens_on": "2026-05-01", "closes_on": "2026-05-31"},
        content_type=JSON,
    )
    assert response.status_code == 400


def test_the_joint_selection_through_the_api(client, login, sent_call):
    call, ana = sent_call["call"], sent_call["ana"]
    login("presidency")
    refused = client.post(
        f"/api/v1/consultancy-calls/{call.pk}/select/", {"applicant": ana.pk}, content_type=JSON
    )
    assert refused.status_code == 400
    score(ana, "GT", "90")
    score(ana, "HN", "80")
    chosen = client.post(
        f"/api/v1/consultancy-calls/{call.pk}/select/", {"applicant": ana.pk}, content_type=JSON
    )
    assert chosen.status_code == 200, chosen.content
    assert chosen.json()["state"] == "selected"
    assert chosen.json()["selected_applicant"] == ana.pk


def test_the_joint_selection_is_refused_through_the_api_to_a_focal_point(client, login, sent_call):
    score(sent_call["ana"], "GT", "90")
    score(sent_call["ana"], "HN", "80")
    login("focal-gt")
    response = client.post(
        f"/api/v1/consultancy-calls/{sent_call['call'].pk}/select/",
        {"applicant": sent_call["ana"].pk},
        content_type=JSON,
    )
    assert response.status_code == 403


def test_the_generic_step_cannot_select_without_naming_the_applicant(client, login, sent_call):
    login("secretariat")
    response = client.post(f"/api/v1/consultancy-calls/{sent_call['call'].pk}/transitions/select/")
    assert response.status_code == 400


def test_scoring_before_the_call_is_sent_is_refused_through_the_api(client, login):
    call = step(new_call(regional_project("GT")), "publish")
    ana = applicant(call, "Ana Pérez")
    step(call, "close")
    decide(ana, "yes")
    login("secretariat")
    response = client.post(
        "/api/v1/applicant-scores/",
        {"applicant": ana.pk, "country": "GT", "score": "80"},
        content_type=JSON,
    )
    assert response.status_code == 400
