"""The REST API under /api/v1/: tokens, lists, scoped writes with version checks, errors."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import urlparse

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.accounts.demo import DEMO_PASSWORD
from mobiliza.coalition.models import (
    Meeting,
    MeetingAgreement,
    MemberState,
    NationalBody,
    PresidencyTerm,
    Representative,
)

TOKEN_URL = "/api/v1/auth/token/"
BODIES = "/api/v1/national-bodies/"
REPRESENTATIVES = "/api/v1/representatives/"


def es(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


def body(code: str) -> NationalBody:
    return NationalBody.objects.get(member_state__code=code)


def token_for(client: Client, email: str, password: str = DEMO_PASSWORD):
    return client.post(
        TOKEN_URL,
        json.dumps({"username": email, "password": password}),
        content_type="application/json",
    )


class Api:
    """A client that sends ``Authorization: Token ...`` like a script would."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}

    def get(self, path: str, **headers):
        return self.client.get(path, **self.headers, **headers)

    def patch(self, path: str, data: dict, **headers):
        return self.client.patch(
            path, json.dumps(data), content_type="application/json", **self.headers, **headers
        )

    def post(self, path: str, data: dict, **headers):
        return self.client.post(
            path, json.dumps(data), content_type="application/json", **self.headers, **headers
        )


@pytest.fixture
def api(cast):
    """``api("focal-gt")``: an API client holding that person's token."""

    def make(name: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        return Api(token.key)

    return make


# --- tokens --------------------------------------------------------------------------


def test_a_token_is_issued_for_the_e_mail_address_and_password(client, cast):
    response = token_for(client, "Focal-GT@example.org")
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=cast("focal-gt")).key


def test_a_wrong_password_gets_a_400_with_a_clear_detail(client, db):
    response = token_for(client, "focal-gt@example.org", "not-the-password")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == es("Unable to log in with provided credentials.")
    assert not Token.objects.filter(user__email="focal-gt@example.org").exists()


def test_the_token_endpoint_locks_an_account_after_too_many_failures(client, db):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        token_for(client, "focal-hn@example.org", "guess")
    response = token_for(client, "focal-hn@example.org")
    assert response.status_code != 200
    assert b'"token"' not in response.content
    assert token_for(client, "focal-ni@example.org").status_code == 200, "others unaffected"


def test_the_issued_token_authenticates_requests(client, cast):
    token = token_for(client, "focal-gt@example.org").json()["token"]
    response = Api(token).get(BODIES)
    assert response.status_code == 200
    assert response.json()["count"] == NationalBody.objects.count()


def test_an_unknown_token_is_refused_with_json(db):
    response = Api("0" * 40).get(BODIES)
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize("path", [BODIES, REPRESENTATIVES, f"{BODIES}1/"])
def test_an_anonymous_request_is_refused_with_json(client, db, path):
    response = client.get(path)
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


# --- lists ---------------------------------------------------------------------------


def test_lists_are_paginated_with_count_next_previous_and_results(api):
    response = api("secretariat").get(f"{BODIES}?page_size=4")
    data = response.json()
    assert set(data) >= {"count", "next", "previous", "results"}
    assert data["count"] == 9
    assert len(data["results"]) == 4
    assert data["previous"] is None
    assert "page=2" in data["next"]
    second = api("secretariat").get(
        urlparse(data["next"]).path + "?" + urlparse(data["next"]).query
    )
    assert len(second.json()["results"]) == 4
    assert {r["id"] for r in second.json()["results"]}.isdisjoint(
        {r["id"] for r in data["results"]}
    )


@pytest.fixture
def many_representatives(db):
    bodies = list(NationalBody.objects.all())
    Representative.objects.bulk_create(
        Representative(
            national_body=bodies[n % len(bodies)],
            full_name=f"Representante {n}",
            start_date=datetime.date(2020, 1, 1),
        )
        for n in range(120)
    )
    return Representative.objects.count()


def test_a_page_holds_at_most_one_hundred_items_whatever_is_asked(api, many_representatives):
    client = api("secretariat")
    assert many_representatives > 100
    assert len(client.get(REPRESENTATIVES).json()["results"]) == 25
    assert len(client.get(f"{REPRESENTATIVES}?page_size=100").json()["results"]) == 100
    data = client.get(f"{REPRESENTATIVES}?page_size=500").json()
    assert len(data["results"]) == 100
    assert data["count"] == many_representatives


def test_search_finds_records_by_free_text(api):
    data = api("evaluator").get(f"{BODIES}?search=conatt").json()
    assert [r["country"] for r in data["results"]] == ["CR"]


@pytest.mark.parametrize("path", [BODIES, REPRESENTATIVES, "/api/v1/meeting-agreements/"])
def test_lists_filter_by_country_code(api, path):
    MeetingAgreement.objects.create(
        meeting=Meeting.objects.create(title="Reunión", date=datetime.date(2024, 1, 1)),
        text_es="Acuerdo de Guatemala",
        responsible=MemberState.objects.get(code="GT"),
    )
    client = api("secretariat")
    everything = client.get(path).json()
    assert {r["country"] for r in everything["results"]} - {"GT", None}, "other countries exist"

    data = client.get(f"{path}?country=GT").json()

    assert data["count"] >= 1
    assert {r["country"] for r in data["results"]} == {"GT"}


@pytest.mark.parametrize(
    "path, model, country_of",
    [
        (BODIES, NationalBody, lambda o: o.member_state.code),
        (REPRESENTATIVES, Representative, lambda o: o.national_body.member_state.code),
        ("/api/v1/presidency-terms/", PresidencyTerm, lambda o: o.member_state.code),
        (
            "/api/v1/meeting-agreements/",
            MeetingAgreement,
            lambda o: o.responsible.code if o.responsible else None,
        ),
    ],
)
def test_country_scoped_items_carry_their_id_and_upper_case_country_code(
    api, path, model, country_of
):
    results = api("secretariat").get(f"{path}?page_size=100").json()["results"]
    assert results
    for item in results:
        stored = model.objects.get(pk=item["id"])
        assert item["country"] == country_of(stored)
        if item["country"] is not None:
            assert re.fullmatch(r"[A-Z]{2}", item["country"])


@pytest.mark.parametrize("path", ["/api/v1/member-states/", "/api/v1/committees/"])
def test_every_item_carries_its_id(api, path):
    results = api("secretariat").get(path).json()["results"]
    assert results
    assert all(isinstance(item["id"], int) for item in results)


def test_a_partner_viewer_cannot_list_what_it_may_not_read(api):
    client = api("donor")
    assert client.get(BODIES).status_code == 200
    response = client.get(REPRESENTATIVES)
    assert response.status_code == 403
    assert "results" not in response.json()


# --- writes --------------------------------------------------------------------------


def test_the_focal_point_of_guatemala_changes_guatemalas_national_body(api):
    gt = body("GT")
    response = api("focal-gt").patch(f"{BODIES}{gt.pk}/", {"acronym": "CIT-API"})
    assert response.status_code == 200
    assert response.json()["acronym"] == "CIT-API"
    stored = body("GT")
    assert stored.acronym == "CIT-API"
    assert stored.version == gt.version + 1


def test_the_focal_point_of_guatemala_cannot_change_costa_ricas_national_body(api):
    cr = body("CR")
    response = api("focal-gt").patch(f"{BODIES}{cr.pk}/", {"acronym": "AJENO"})
    assert response.status_code == 403
    assert response.json()["detail"]
    assert body("CR").acronym == cr.acronym


def test_the_focal_point_of_guatemala_cannot_move_its_national_body_to_costa_rica(api):
    gt = body("GT")
    response = api("focal-gt").patch(f"{BODIES}{gt.pk}/", {"country": "CR", "acronym": "MOVIDO"})
    assert response.status_code in (400, 403)
    assert response.json()["detail"]
    stored = NationalBody.objects.get(pk=gt.pk)
    assert stored.member_state.code == "GT"
    assert stored.acronym == gt.acronym
    assert stored.version == gt.version


def test_the_focal_point_of_guatemala_cannot_move_a_representative_to_costa_rica(api):
    rep = Representative.objects.create(
        national_body=body("GT"), full_name="Ana API", start_date=datetime.date(2022, 1, 1)
    )
    response = api("focal-gt").patch(
        f"{REPRESENTATIVES}{rep.pk}/", {"national_body": body("CR").pk}
    )
    assert response.status_code in (400, 403)
    assert Representative.objects.get(pk=rep.pk).national_body == body("GT")


def test_the_focal_point_adds_a_representative_for_its_own_country_only(api):
    client = api("focal-gt")
    data = {"full_name": "Luisa API", "start_date": "2024-02-01", "role": "principal"}

    own = client.post(REPRESENTATIVES, {**data, "national_body": body("GT").pk})
    other = client.post(REPRESENTATIVES, {**data, "national_body": body("CR").pk, "full_name": "X"})

    assert own.status_code == 201
    assert own.json()["country"] == "GT"
    assert other.status_code in (400, 403)
    assert not Representative.objects.filter(full_name="X").exists()


def test_the_evaluator_cannot_write_through_the_api(api):
    gt = body("GT")
    response = api("evaluator").patch(f"{BODIES}{gt.pk}/", {"acronym": "EVAL"})
    assert response.status_code == 403
    assert body("GT").acronym == gt.acronym


def test_an_outdated_if_match_header_gets_a_412_and_changes_nothing(api):
    gt = body("GT")
    client = api("secretariat")
    client.patch(f"{BODIES}{gt.pk}/", {"acronym": "PRIMERO"}, HTTP_IF_MATCH=f'"{gt.version}"')

    response = api("focal-gt").patch(
        f"{BODIES}{gt.pk}/", {"acronym": "SEGUNDO"}, HTTP_IF_MATCH=f'"{gt.version}"'
    )

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert response.json()["current_version"] == gt.version + 1
    stored = body("GT")
    assert stored.acronym == "PRIMERO"
    assert stored.version == gt.version + 1


def test_an_outdated_version_in_the_body_gets_a_409_and_changes_nothing(api):
    gt = body("GT")
    api("secretariat").patch(f"{BODIES}{gt.pk}/", {"acronym": "PRIMERO"})

    response = api("focal-gt").patch(
        f"{BODIES}{gt.pk}/", {"acronym": "SEGUNDO", "version": gt.version}
    )

    assert response.status_code == 409
    assert response.json()["detail"]
    assert body("GT").acronym == "PRIMERO"


def test_a_current_if_match_header_succeeds_and_returns_the_new_etag(api):
    gt = body("GT")
    client = api("focal-gt")
    read = client.get(f"{BODIES}{gt.pk}/")
    assert read["ETag"] == f'"{gt.version}"'

    response = client.patch(f"{BODIES}{gt.pk}/", {"acronym": "VIGENTE"}, HTTP_IF_MATCH=read["ETag"])

    assert response.status_code == 200
    assert response["ETag"] == f'"{gt.version + 1}"'
    assert response.json()["version"] == gt.version + 1
    assert body("GT").acronym == "VIGENTE"


def test_an_if_match_header_that_is_not_a_version_is_refused(api):
    gt = body("GT")
    response = api("secretariat").patch(
        f"{BODIES}{gt.pk}/", {"acronym": "RARO"}, HTTP_IF_MATCH='"abc"'
    )
    assert response.status_code == 400
    assert body("GT").acronym == gt.acronym


def test_an_unknown_record_is_a_json_404(api):
    response = api("secretariat").get(f"{BODIES}999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_partner_viewer_cannot_read_a_representative_that_a_focal_point_reads(api):
    rep = Representative.objects.create(
        national_body=body("CR"), full_name="Reservada", start_date=datetime.date(2022, 1, 1)
    )
    assert api("focal-gt").get(f"{REPRESENTATIVES}{rep.pk}/").json()["full_name"] == "Reservada"
    response = api("donor").get(f"{REPRESENTATIVES}{rep.pk}/")
    assert response.status_code in (403, 404)
    assert "Reservada" not in response.content.decode()


# --- schema, docs, health ------------------------------------------------------------


def test_the_schema_is_an_openapi_3_document(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/national-bodies/{id}/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


def _asset_addresses(page: str) -> list[str]:
    return re.findall(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]+)"', page)


def test_the_api_docs_open_for_a_logged_in_browser_and_load_nothing_from_another_host(
    client, login
):
    login("focal-gt")
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assets = _asset_addresses(response.content.decode())
    assert any(a.endswith(".js") for a in assets), assets
    for asset in assets:
        parsed = urlparse(asset)
        assert parsed.netloc in ("", "testserver"), asset
        assert not asset.startswith("//"), asset


def test_every_asset_of_the_api_docs_is_served_by_the_app(client, login):
    login("focal-gt")
    page = client.get("/api/docs/").content.decode()
    for asset in _asset_addresses(page):
        path = urlparse(asset).path
        if path.startswith(settings.STATIC_URL):
            assert finders.find(path.removeprefix(settings.STATIC_URL)), asset
        else:
            assert client.get(asset).status_code == 200, asset


def test_the_health_check_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"


def test_the_health_check_reports_an_error_when_the_database_does_not_answer(
    client, db, monkeypatch
):
    class DeadConnection:
        vendor = "none"

        def cursor(self):
            raise OSError("connection refused")

    monkeypatch.setattr("mobiliza.core.views.connection", DeadConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] != "ok"
