"""Applicants' personal data are read only by those who evaluate: the Presidency, the
Secretariat and the focal points of the states the call was sent to (the applicants who
passed the first filter). Others see the call and how many applied, on the pages, in the
downloads and through the API, forged ids included."""

from __future__ import annotations

import pytest

from mobiliza.portfolio.consultancies.models import ApplicantDocument
from mobiliza.portfolio.tests.test_consultancies_helpers import (
    APPLICANTS,
    CALLS,
    applicant,
    build_sent_call,
    new_call,
    regional_project,
    score,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_call(db):
    """A call of a GT and HN project sent to both states (see build_sent_call)."""
    return build_sent_call()


OUTSIDERS = ["focal-sv", "evaluator", "donor"]


def document_of(someone) -> ApplicantDocument:
    return someone.documents.get()


def test_the_secretariat_reads_every_applicant_of_the_call(client, login, sent_call):
    login("secretariat")
    page = client.get(f"{CALLS}{sent_call['call'].pk}/").content.decode()
    assert "Ana Pérez" in page and "Beto Gómez" in page and "Carla Ruiz" in page
    assert "ana@example.net" in page


def test_an_evaluating_state_reads_the_applicants_who_passed_the_first_filter(
    client, login, sent_call
):
    login("focal-gt")
    page = client.get(f"{CALLS}{sent_call['call'].pk}/").content.decode()
    assert "Ana Pérez" in page and "Beto Gómez" in page
    assert "Carla Ruiz" not in page
    assert client.get(f"{APPLICANTS}{sent_call['ana'].pk}/").status_code == 200
    assert client.get(f"{APPLICANTS}{sent_call['carla'].pk}/").status_code == 404


@pytest.mark.parametrize("role", OUTSIDERS)
def test_others_see_the_call_and_the_number_of_applicants_only(client, login, sent_call, role):
    login(role)
    response = client.get(f"{CALLS}{sent_call['call'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 applicants" in page
    for name in ("Ana Pérez", "Beto Gómez", "Carla Ruiz", "ana@example.net"):
        assert name not in page


@pytest.mark.parametrize("role", OUTSIDERS)
def test_others_cannot_open_an_applicant_or_its_documents_even_by_their_ids(
    client, login, sent_call, role
):
    login(role)
    ana = sent_call["ana"]
    assert client.get(f"{APPLICANTS}{ana.pk}/").status_code == 404
    assert client.get(f"{APPLICANTS}{ana.pk}/edit/").status_code in (403, 404)
    document = document_of(ana)
    assert (
        client.get(f"/en/portfolio/consultancies/documents/{document.pk}/download/").status_code
        == 404
    )
    label = "portfolio.applicantdocument"
    assert client.get(f"/files/{label}/{document.pk}/file/").status_code == 404
    listed = client.get(APPLICANTS).content.decode()
    assert "Ana Pérez" not in listed


def test_an_evaluating_state_downloads_the_documents_of_those_who_passed_only(
    client, login, sent_call
):
    login("focal-hn")
    passed = document_of(sent_call["ana"])
    failed = document_of(sent_call["carla"])
    response = client.get(f"/en/portfolio/consultancies/documents/{passed.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        client.get(f"/en/portfolio/consultancies/documents/{failed.pk}/download/").status_code
        == 404
    )


def test_before_the_call_is_sent_its_states_read_no_applicant(client, login):
    call = step(new_call(regional_project("GT", "HN")), "publish")
    ana = applicant(call, "Ana Pérez")
    login("focal-gt")
    assert "Ana Pérez" not in client.get(f"{CALLS}{call.pk}/").content.decode()
    assert client.get(f"{APPLICANTS}{ana.pk}/").status_code == 404
    document = document_of(ana)
    assert (
        client.get(f"/en/portfolio/consultancies/documents/{document.pk}/download/").status_code
        == 404
    )


def test_through_the_api_the_secretariat_reads_every_applicant_and_score(client, login, sent_call):
    score(sent_call["ana"], "GT", "90")
    login("secretariat")
    applicants = client.get("/api/v1/applicants/", {"call": sent_call["call"].pk}).json()
    assert {a["full_name"] for a in applicants["results"]} == {
        "Ana Pérez",
        "Beto Gómez",
        "Carla Ruiz",
    }
    scores = client.get("/api/v1/applicant-scores/").json()
    assert [(s["country"], s["score"]) for s in scores["results"]] == [("GT", "90.00")]


def test_through_the_api_an_evaluating_state_reads_those_who_passed_with_their_documents(
    client, login, sent_call
):
    score(sent_call["ana"], "HN", "70")
    login("focal-gt")
    applicants = client.get("/api/v1/applicants/").json()["results"]
    assert {a["full_name"] for a in applicants} == {"Ana Pérez", "Beto Gómez"}
    link = applicants[0]["documents"][0]["file"]
    assert client.get(link).status_code == 200
    scores = client.get("/api/v1/applicant-scores/").json()["results"]
    assert [s["country"] for s in scores] == ["HN"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_through_the_api_others_read_no_applicant_nor_score_even_by_their_ids(
    client, login, sent_call, role
):
    score(sent_call["ana"], "GT", "90")
    login(role)
    for address in ("/api/v1/applicants/", "/api/v1/applicant-scores/"):
        response = client.get(address)
        # A partner viewer may not list them at all; the others get an empty list.
        assert response.status_code == 403 or response.json()["results"] == []
    assert client.get(f"/api/v1/applicants/{sent_call['ana'].pk}/").status_code in (403, 404)
    call = client.get(f"/api/v1/consultancy-calls/{sent_call['call'].pk}/").json()
    assert call["applicant_count"] == 3


def test_through_the_api_a_focal_point_scores_for_its_own_state_only(client, login, sent_call):
    login("focal-gt")
    ana = sent_call["ana"]
    own = client.post(
        "/api/v1/applicant-scores/",
        {"applicant": ana.pk, "country": "GT", "score": "85", "comment": "Sólido"},
        content_type="application/json",
    )
    assert own.status_code == 201, own.content
    other = client.post(
        "/api/v1/applicant-scores/",
        {"applicant": ana.pk, "country": "HN", "score": "85"},
        content_type="application/json",
    )
    assert other.status_code == 403
    forged = client.post(
        "/api/v1/applicant-scores/",
        {"applicant": sent_call["carla"].pk, "country": "GT", "score": "85"},
        content_type="application/json",
    )
    assert forged.status_code == 400


def test_through_the_api_a_focal_point_adds_no_applicant(client, login, sent_call):
    login("focal-gt")
    response = client.post(
        "/api/v1/applicants/",
        {"call": sent_call["call"].pk, "full_name": "Intruso"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not sent_call["call"].applicants.filter(full_name="Intruso").exists()
