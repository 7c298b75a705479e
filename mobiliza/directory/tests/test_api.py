"""The directory under /api/v1/: token auth, CRUD, filters, search, paging, scoping, errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mobiliza.directory.models import Attachment, Contact, FundingCall, Partner
from mobiliza.directory.tests.test_views import PDF, _more_partners

PARTNERS = "/api/v1/partners/"
CONTACTS = "/api/v1/contacts/"
CALLS = "/api/v1/funding-calls/"
ATTACHMENTS = "/api/v1/attachments/"


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["results"]}


def test_the_api_needs_a_token(client, db):
    response = client.get(PARTNERS)
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")


def test_partner_crud(api):
    secretariat = api("secretariat")
    response = secretariat.post(
        PARTNERS,
        {
            "name_es": "Fundación API",
            "name_en": "API Foundation",
            "acronym": "FAPI",
            "status": "prospect",
            "source_type": "private-sector",
            "areas": ["trafficking"],
            "contribution_kinds": ["donation", "loan"],
            "countries": ["GT", "SV"],
            "budget_min": "100.00",
            "budget_max": "900.00",
            "budget_currency": "EUR",
            "country": "GT",
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["country"] == "GT"
    assert sorted(created["contribution_kinds"]) == ["donation", "loan"]
    url = f"{PARTNERS}{created['id']}/"
    partner = Partner.objects.get(pk=created["id"])
    assert "fundacion api" in partner.search_text

    assert secretariat.get(url).json()["acronym"] == "FAPI"
    response = secretariat.patch(url, {"status": "active", "version": created["version"]})
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert (
        secretariat.patch(url, {"status": "former", "version": created["version"]}).status_code
        == 409
    )
    assert secretariat.delete(url).status_code == 204
    assert not Partner.objects.filter(pk=created["id"]).exists()


def test_contact_call_and_attachment_crud(api):
    secretariat = api("secretariat")
    oim = Partner.objects.get(acronym="OIM")

    response = secretariat.post(
        CONTACTS, {"partner": oim.pk, "full_name": "Eva Ruiz", "phone": "+502 2414 7400"}
    )
    assert response.status_code == 201, response.json()
    contact = response.json()
    assert contact["phone"] == "+50224147400"
    url = f"{CONTACTS}{contact['id']}/"
    assert secretariat.patch(url, {"title": "Officer"}).json()["title"] == "Officer"
    assert secretariat.delete(url).status_code == 204
    assert not Contact.objects.filter(pk=contact["id"]).exists()

    response = secretariat.post(
        CALLS,
        {
            "partner": oim.pk,
            "title": "Call API",
            "amount_max": "5000.00",
            "currency": "USD",
            "opens_on": "2027-01-01",
            "closes_on": "2027-02-01",
            "areas": ["smuggling"],
            "eligible_countries": ["GT", "HN"],
        },
    )
    assert response.status_code == 201, response.json()
    call = response.json()
    assert call["country"] is None  # IOM is a regional partner
    url = f"{CALLS}{call['id']}/"
    assert secretariat.patch(url, {"title": "Call API 2"}).json()["title"] == "Call API 2"
    bad = secretariat.patch(url, {"closes_on": "2026-12-01"})
    assert bad.status_code == 400
    assert "closes_on" in bad.json()["errors"]
    assert secretariat.delete(url).status_code == 204
    assert not FundingCall.objects.filter(pk=call["id"]).exists()

    response = secretariat.client.post(
        ATTACHMENTS,
        {
            "partner": oim.pk,
            "title": "Form",
            "kind": "form",
            "file": SimpleUploadedFile("f.pdf", PDF),
        },
        **secretariat.headers,
    )
    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get(pk=response.json()["id"])
    assert attachment.uploaded_by.email == "secretariat@example.org"
    url = f"{ATTACHMENTS}{attachment.pk}/"
    assert secretariat.get(url).json()["title"] == "Form"
    assert secretariat.patch(url, {"title": "Form 2"}).json()["title"] == "Form 2"
    assert secretariat.delete(url).status_code == 204


def test_a_png_renamed_pdf_is_refused_by_the_api(api):
    secretariat = api("secretariat")
    response = secretariat.client.post(
        ATTACHMENTS,
        {
            "partner": Partner.objects.get(acronym="OIM").pk,
            "title": "Image",
            "file": SimpleUploadedFile("i.pdf", b"\x89PNG\r\n\x1a\n0000"),
        },
        **secretariat.headers,
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_partners_filter_by_field_name(api):
    response = api("secretariat").get(PARTNERS, {"country": "GT", "status": "prospect"})
    assert response.status_code == 200
    assert ids(response) == set(
        Partner.objects.filter(member_state__code="GT", status="prospect").values_list(
            "pk", flat=True
        )
    )
    assert ids(response)
    active = api("secretariat").get(PARTNERS, {"status": "active", "works_in": "BZ"})
    assert {i["acronym"] for i in active.json()["results"]} == {"J/TIP", "SICA"}
    assert (
        api("secretariat").get(PARTNERS, {"country": "GT", "status": "active"}).json()["count"]
        == Partner.objects.filter(member_state__code="GT", status="active").count()
    )


def test_contacts_and_calls_filter_by_country(api):
    response = api("secretariat").get(CALLS, {"country": "GT"})
    assert response.status_code == 200
    assert (
        response.json()["count"]
        == FundingCall.objects.filter(partner__member_state__code="GT").count()
    )
    response = api("secretariat").get(CALLS, {"closing_within": "60"})
    assert {i["title"] for i in response.json()["results"]} == {
        "Convocatoria de programas contra la trata 2027"
    }


def test_page_size_is_at_most_100(api):
    _more_partners(100)
    response = api("secretariat").get(PARTNERS, {"page_size": 1000})
    body = response.json()
    assert body["count"] == Partner.objects.count() > 100
    assert len(body["results"]) == 100
    assert body["next"]
    assert len(api("secretariat").get(PARTNERS, {"page_size": 7}).json()["results"]) == 7
    assert all("id" in item for item in body["results"])


@pytest.mark.parametrize(
    ("query", "acronym"),
    [("organizacion migraciones", "OIM"), ("unodc", "UNODC"), ("Drugs Crime", "UNODC")],
)
def test_partners_are_searched_with_search(api, query, acronym):
    response = api("secretariat").get(PARTNERS, {"search": query})
    assert response.status_code == 200
    assert [i["acronym"] for i in response.json()["results"]] == [acronym]


def test_contacts_are_searched_with_search(api):
    response = api("secretariat").get(CONTACTS, {"search": "collins"})
    assert [i["full_name"] for i in response.json()["results"]] == ["Sarah Collins"]


def test_a_partner_viewer_sees_only_its_own_partner(api):
    donor = api("donor")
    own = Partner.objects.get(acronym="OIM")
    assert ids(donor.get(PARTNERS)) == {own.pk}
    assert donor.get(f"{PARTNERS}{Partner.objects.get(acronym='UNODC').pk}/").status_code == 404
    assert {i["partner"] for i in donor.get(CONTACTS).json()["results"]} == {own.pk}
    assert {i["partner"] for i in donor.get(CALLS).json()["results"]} == {own.pk}
    assert donor.patch(f"{PARTNERS}{own.pk}/", {"acronym": "X"}).status_code == 403
    assert donor.post(PARTNERS, {"name_es": "X"}).status_code == 403


def test_an_unknown_currency_is_a_400_naming_the_field(api):
    response = api("secretariat").post(
        PARTNERS, {"name_es": "Moneda rara", "budget_min": "10", "budget_currency": "XYZ"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert "budget_currency" in errors
    assert "XYZ" in " ".join(errors["budget_currency"])
    oim = Partner.objects.get(acronym="OIM")
    response = api("secretariat").post(
        CALLS, {"partner": oim.pk, "title": "X", "amount_max": "5", "currency": "ZZZ"}
    )
    assert response.status_code == 400
    assert "currency" in response.json()["errors"]


def test_a_budget_without_currency_is_a_400_naming_the_field(api):
    response = api("secretariat").post(PARTNERS, {"name_es": "Sin moneda", "budget_min": "10"})
    assert response.status_code == 400
    assert "budget_currency" in response.json()["errors"]
