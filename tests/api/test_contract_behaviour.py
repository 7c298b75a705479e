"""What the schema promises, as a client meets it: refusals that name what is accepted,
preconditions, addresses of new and related records, cursor pages, code lists."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from openapi_schema_validator import OAS30ReadValidator

from mobiliza.coalition.models import NationalBody
from mobiliza.directory.models import Contact, Partner

PARTNERS = "/api/v1/partners/"
BODIES = "/api/v1/national-bodies/"


@pytest.fixture
def client_of(token_of):
    def make(name: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {token_of(name)}")

    return make


def _json(client: Client, method: str, path: str, data: dict, **headers):
    return getattr(client, method)(
        path, json.dumps(data), content_type="application/json", **headers
    )


def test_an_unknown_filter_is_refused_with_the_accepted_ones(client_of):
    response = client_of("secretariat").get(PARTNERS, {"contry": "GT"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    message = body["errors"]["contry"][0]
    assert "country" in message and "search" in message and "ordering" in message


def test_an_unknown_ordering_is_refused_with_the_accepted_ones(client_of):
    client = client_of("secretariat")

    refused = client.get("/api/v1/opportunities/", {"ordering": "nme"})
    accepted = client.get("/api/v1/opportunities/", {"ordering": "-title"})

    assert refused.status_code == 400
    assert "-title" in refused.json()["errors"]["ordering"][0]
    assert accepted.status_code == 200
    titles = [item["title"] for item in accepted.json()["results"]]
    assert titles == sorted(titles, reverse=True)


def test_a_large_list_can_be_read_by_cursor_without_gaps_or_repeats(client_of):
    client = client_of("secretariat")
    total = client.get(PARTNERS).json()["count"]

    seen, page, address = [], None, f"{PARTNERS}?cursor=&page_size=3"
    while address:
        page = client.get(address).json()
        assert page["count"] is None and len(page["results"]) <= 3
        seen += [item["id"] for item in page["results"]]
        address = page["next"]

    assert len(seen) == total > 3
    assert seen == sorted(seen)
    assert client.get(PARTNERS, {"cursor": "", "ordering": "acronym"}).status_code == 400


def test_a_post_without_the_final_slash_is_sent_on_with_its_method_and_body(client_of):
    client = client_of("secretariat")

    with override_settings(DEBUG=True):
        response = _json(client, "post", PARTNERS.rstrip("/"), {"name_es": "Sin barra"})
        missing = client.post("/api/v1/nothing-here", {})

    assert response.status_code == 308
    assert response["Location"] == PARTNERS
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert not Partner.objects.filter(name_es="Sin barra").exists()


def test_a_post_to_an_address_that_names_nothing_is_the_apis_404_not_a_page(token_of):
    # As a client program sends it: a token, no CSRF cookie.
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token_of('secretariat')}")

    for path in ("/api/v1/partners/1/transitions/\U0007c07d/", "/api/v1/nothing/", "/api/v1/x"):
        response = client.post(path, {})
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json()["code"] == "not_found"


def test_a_new_record_answers_with_its_address_and_its_etag(client_of):
    client = client_of("secretariat")

    created = _json(client, "post", PARTNERS, {"name_es": "Fundación Dirección"})

    assert created.status_code == 201
    read = client.get(created["Location"])
    assert read.status_code == 200
    assert read.json()["name_es"] == "Fundación Dirección"
    assert created["ETag"] == read["ETag"] == f'"{read.json()["version"]}"'


def test_a_replacement_needs_the_version_it_replaces(client_of):
    client = client_of("focal-gt")
    body = NationalBody.objects.get(member_state__code="GT")
    current = client.get(f"{BODIES}{body.pk}/").json()
    replacement = {k: v for k, v in current.items() if k not in ("id", "version", "updated_at")}
    replacement["acronym"] = "REEMPLAZO"

    without = _json(client, "put", f"{BODIES}{body.pk}/", replacement)
    with_header = _json(
        client, "put", f"{BODIES}{body.pk}/", replacement, HTTP_IF_MATCH=f'"{body.version}"'
    )

    assert without.status_code == 428
    assert without.json()["code"] == "precondition_required"
    assert with_header.status_code == 200, with_header.json()
    assert NationalBody.objects.get(pk=body.pk).acronym == "REEMPLAZO"
    stale = _json(client, "put", f"{BODIES}{body.pk}/", {**replacement, "version": body.version})
    assert stale.status_code == 409


def test_a_partner_links_its_contacts_calls_and_documents(client_of):
    client = client_of("secretariat")
    partner = Partner.objects.get(acronym="OIM")

    links = client.get(f"{PARTNERS}{partner.pk}/").json()["links"]

    assert set(links) == {"contacts", "funding_calls", "attachments"}
    contacts = client.get(links["contacts"]).json()
    assert contacts["count"] == Contact.objects.filter(partner=partner).count() > 0
    assert all(client.get(link).status_code == 200 for link in links.values())


def test_the_codes_records_use_are_listed_read_only(client_of, schema):
    client = client_of("focal-gt")

    steps = client.get("/api/v1/steps/").json()["results"]
    opportunity = client.get("/api/v1/opportunities/").json()["results"][0]

    assert opportunity["step"] in {step["code"] for step in steps}
    for path in {
        prop.get("x-codes") or prop.get("items", {}).get("x-codes")
        for component in schema["components"]["schemas"].values()
        for prop in component.get("properties", {}).values()
    } - {None}:
        assert client.get(path).status_code == 200, path
    assert _json(client, "post", "/api/v1/steps/", {"code": "nuevo"}).status_code in (403, 405)
    assert "nuevo" not in {step["code"] for step in client.get("/api/v1/steps/").json()["results"]}
    assert Client().get("/api/v1/steps/").status_code == 401


def test_a_filter_value_outside_its_list_is_refused_with_the_list(client_of):
    client = client_of("secretariat")

    status = client.get("/api/v1/opportunities/", {"outcome": "maybe"})
    country = client.get(PARTNERS, {"country": "ZZ"})

    assert status.status_code == 400
    assert any(
        "won" in message and "lost" in message for message in status.json()["errors"]["outcome"]
    )
    assert country.status_code == 400
    assert any("GT" in message for message in country.json()["errors"]["country"])
    assert client.get(PARTNERS, {"country": "GT"}).status_code == 200


def test_error_answers_have_the_documented_shape(client_of, schema):
    client = client_of("focal-gt")
    body = NationalBody.objects.get(member_state__code="GT")
    other = NationalBody.objects.get(member_state__code="MX")
    errors = {
        400: client.get(PARTNERS, {"contry": "GT"}),
        401: Client().get(PARTNERS),
        403: _json(client, "patch", f"{BODIES}{other.pk}/", {"acronym": "X"}),
        404: client.get(f"{PARTNERS}999999/"),
        409: _json(client, "patch", f"{BODIES}{body.pk}/", {"acronym": "X", "version": 0}),
        412: _json(client, "patch", f"{BODIES}{body.pk}/", {"acronym": "X"}, HTTP_IF_MATCH='"0"'),
        428: _json(client, "put", f"{BODIES}{body.pk}/", {"acronym": "X"}),
    }
    validator = OAS30ReadValidator(
        {"$ref": "#/components/schemas/Error", "components": schema["components"]}
    )
    for status, response in errors.items():
        assert response.status_code == status, (status, response.content[:200])
        assert list(validator.iter_errors(response.json())) == [], status


def test_the_schema_says_which_years_a_year_filter_takes(schema):
    for path in ("/api/v1/contributions/", "/api/v1/agreements/", "/api/v1/meetings/"):
        (year,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "year"]
        assert year["schema"]["type"] == "integer", path
        assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1900, 2100), path
