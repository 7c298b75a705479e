"""Agreement pages: list and filters, detail, adding (which notifies), editing, documents,
and who may do what (managers, focal points, the evaluator, a partner's viewer)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mobiliza.agreements.models import Agreement, AgreementDocument
from mobiliza.agreements.tests.test_contributions_helpers import (
    AGREEMENTS,
    DOCUMENTS,
    PDF,
    agreement,
    contribution,
    eur_rate,
    oim,
    partner,
    state,
)
from mobiliza.directory.models import Partner
from mobiliza.pipeline.models import Opportunity
from mobiliza.plan.models import MobilizationStep, StrategicAxis


def listed(response) -> set:
    return {row.record for row in response.context["table"].page.object_list}


def post_data(**data) -> dict:
    values = {
        "kind": "cooperation",
        "title": "Convenio de cooperación técnica",
        "status": "draft",
        "partner": oim().pk,
        "coalition_is_party": "on",
    }
    values.update(data)
    return {k: v for k, v in values.items() if v is not None}


# --- list and filters ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(AGREEMENTS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "framework"}, {"framework"}),
        ({"status": "signed"}, {"framework"}),
        ({"country": "HN"}, {"hn"}),
        ({"year": "2023"}, {"framework"}),
        ({"q": "niñez"}, {"hn"}),
        ({"partner": "OTHER"}, {"framework", "co-signed"}),
    ],
)
def test_the_agreement_list_filters(client, login, params, expected):
    other = partner("Fundación Filtro")
    made = {
        "framework": agreement(
            kind="framework",
            title="Marco",
            status="signed",
            signed_on=datetime.date(2023, 5, 2),
            partner=other,
        ),
        "hn": agreement(title="Protección de la niñez", member_state=state("HN")),
        "co-signed": agreement(title="Firmado por varios", other_partners=[other]),
    }
    if params.get("partner") == "OTHER":
        params = {"partner": other.pk}
    login("secretariat")
    response = client.get(AGREEMENTS, params)
    assert response.status_code == 200
    # The demo's agreements may match too; of these three, exactly the expected ones do.
    assert listed(response) & set(made.values()) == {made[key] for key in expected}


@pytest.mark.parametrize("extra", [5, 50])
def test_the_agreement_list_runs_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, extra
):
    donor = oim()
    Agreement.objects.bulk_create(
        Agreement(kind="mou", title=f"Acuerdo {i}", partner=donor, member_state=state("GT"))
        for i in range(extra)
    )
    login("focal-gt")
    with django_assert_max_num_queries(12):
        response = client.get(AGREEMENTS, {"country": "GT"})
    assert response.status_code == 200
    assert len(listed(response)) >= min(extra, 25)


# --- who may do what ----------------------------------------------------------------------


def test_the_evaluator_reads_agreements_but_cannot_write(client, login):
    record = agreement()
    before = Agreement.objects.count()
    login("evaluator")
    assert client.get(AGREEMENTS).status_code == 200
    assert client.get(f"{AGREEMENTS}{record.pk}/").status_code == 200
    assert client.get(f"{AGREEMENTS}add/").status_code == 403
    assert client.post(f"{AGREEMENTS}add/", post_data()).status_code == 403
    assert client.get(f"{AGREEMENTS}{record.pk}/edit/").status_code == 403
    assert client.post(f"{AGREEMENTS}{record.pk}/delete/").status_code == 403
    assert Agreement.objects.count() == before


def test_a_focal_point_adds_an_agreement_for_its_own_country_only(client, login):
    login("focal-gt")
    form = client.get(f"{AGREEMENTS}add/").context["form"]
    assert list(form.fields["member_state"].queryset) == [state("GT")]
    refused = client.post(f"{AGREEMENTS}add/", post_data(member_state=state("HN").pk))
    assert refused.status_code == 200
    assert "member_state" in refused.context["form"].errors
    regional = client.post(f"{AGREEMENTS}add/", post_data(member_state=""))
    assert regional.status_code == 200  # a regional agreement is the Secretariat's
    mine = Agreement.objects.filter(title="Convenio de cooperación técnica")
    assert not mine.exists()
    response = client.post(f"{AGREEMENTS}add/", post_data(member_state=state("GT").pk))
    assert response.status_code == 302
    assert mine.get().member_state == state("GT")


def test_a_focal_point_cannot_change_another_countrys_agreement(client, login, cast):
    honduras = agreement(member_state=state("HN"), title="De Honduras")
    guatemala = agreement(member_state=state("GT"), title="De Guatemala")
    login("focal-gt")
    assert client.get(f"{AGREEMENTS}{honduras.pk}/").status_code == 200  # reads it
    assert client.get(f"{AGREEMENTS}{honduras.pk}/edit/").status_code == 403
    forged = client.post(
        f"{AGREEMENTS}{honduras.pk}/edit/",
        post_data(title="Cambiado", member_state=state("GT").pk, version=honduras.version),
    )
    assert forged.status_code == 403
    assert client.post(f"{AGREEMENTS}{honduras.pk}/delete/").status_code == 403
    honduras.refresh_from_db()
    assert honduras.title == "De Honduras"
    # Its own: yes, but it cannot move it to another country.
    moved = client.post(
        f"{AGREEMENTS}{guatemala.pk}/edit/",
        post_data(title="Movido", member_state=state("HN").pk, version=guatemala.version),
    )
    assert moved.status_code == 200
    ok = client.post(
        f"{AGREEMENTS}{guatemala.pk}/edit/",
        post_data(title="Renombrado", member_state=state("GT").pk, version=guatemala.version),
    )
    assert ok.status_code == 302
    guatemala.refresh_from_db()
    assert (guatemala.title, guatemala.member_state) == ("Renombrado", state("GT"))


def test_a_partner_viewer_sees_only_its_own_partners_agreements(client, login):
    own = agreement(title="Con la OIM")
    other = agreement(title="Con otro socio", partner=Partner.objects.get(acronym="UNODC"))
    login("donor")
    seen = listed(client.get(AGREEMENTS))
    assert own in seen and other not in seen
    assert {a.partner for a in seen} == {oim()}
    assert client.get(f"{AGREEMENTS}{own.pk}/").status_code == 200
    assert client.get(f"{AGREEMENTS}{other.pk}/").status_code == 404
    assert client.get(f"{AGREEMENTS}add/").status_code == 403
    assert client.get(f"{AGREEMENTS}{own.pk}/edit/").status_code == 403
    # Filtering by another partner's number or name finds nothing, and no drop-down
    # lists the directory's partners.
    unodc = Partner.objects.get(acronym="UNODC")
    assert listed(client.get(AGREEMENTS, {"partner": unodc.pk})) == set()
    assert listed(client.get(AGREEMENTS, {"partner": "UNODC"})) == set()
    assert "Oficina de las Naciones Unidas" not in client.get(AGREEMENTS).content.decode()
    assert own in listed(client.get(AGREEMENTS, {"partner": "migraciones"}))


# --- adding -------------------------------------------------------------------------------


def test_the_add_form_is_pre_filled_from_the_opportunity(client, login):
    axis = StrategicAxis.objects.order_by("position").first()
    opportunity = Opportunity.objects.create(
        title="Fondos para albergues",
        partner=oim(),
        member_state=state("GT"),
        axis=axis,
        expected_amount=Decimal("50000"),
        currency="EUR",
        step=MobilizationStep.objects.order_by("position").first(),
    )
    login("secretariat")
    form = client.get(f"{AGREEMENTS}add/", {"opportunity": opportunity.pk}).context["form"]
    assert form.initial["partner"] == oim().pk
    assert form.initial["title"] == "Fondos para albergues"
    assert form.initial["member_state"] == state("GT").pk
    assert form.initial["axes"] == [axis.pk]
    assert form.initial["currency"] == "EUR"
    assert str(form.initial["opportunity"]) == str(opportunity.pk)
    other = Partner.objects.get(acronym="UNODC")
    form = client.get(f"{AGREEMENTS}add/", {"partner": other.pk}).context["form"]
    assert str(form.initial["partner"]) == str(other.pk)


def test_adding_an_agreement_saves_the_parties_and_the_financing(client, login):
    login("secretariat")
    other = Partner.objects.get(acronym="UNODC")
    axis = StrategicAxis.objects.order_by("position").first()
    response = client.post(
        f"{AGREEMENTS}add/",
        post_data(
            other_partners=[other.pk],
            member_states=[state("GT").pk, state("HN").pk],
            axes=[axis.pk],
            status="signed",
            signed_on="2024-02-01",
            starts_on="2024-02-01",
            ends_on="2025-01-31",
            objectives_es="Prevenir la trata",
            coalition_obligations_es="Informar",
            partner_obligations_es="Financiar",
            member_state_obligations_es="Ejecutar",
            committed_amount="120000.50",
            currency="EUR",
            financing_terms_es="Dos desembolsos",
            resources_managed_by="partner",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    record = Agreement.objects.get(title="Convenio de cooperación técnica")
    assert set(record.member_states.all()) == {state("GT"), state("HN")}
    assert list(record.other_partners.all()) == [other]
    assert record.committed_amount == Decimal("120000.50")
    page = client.get(response["Location"])
    html = page.content.decode()
    for text in ("UNODC", "Prevenir la trata", "Dos desembolsos", "Ejecutar", "Financiar"):
        assert text in html
    assert "The partner, under its own procedures" in html


def test_the_form_refuses_an_agreement_that_ends_before_it_starts(client, login):
    login("secretariat")
    response = client.post(
        f"{AGREEMENTS}add/", post_data(starts_on="2024-05-01", ends_on="2024-04-01")
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors


# --- detail -------------------------------------------------------------------------------


def test_the_detail_page_lists_contributions_with_their_totals(client, login):
    eur_rate()
    record = agreement(title="Acuerdo con aportes")
    contribution(agreement=record, amount=Decimal("1000.00"), currency="USD")
    contribution(agreement=record, amount=Decimal("200.00"), currency="EUR")
    contribution(description_es="Otro aporte, sin acuerdo")
    login("secretariat")
    response = client.get(f"{AGREEMENTS}{record.pk}/")
    related = response.context["related"]
    assert len(related["contributions"]) == 2
    assert {(t.currency, t.amount) for t in related["by_currency"]} == {
        ("EUR", Decimal("200.00")),
        ("USD", Decimal("1000.00")),
    }
    html = response.content.decode()
    assert "US$1,217.00" in html  # 1,000 USD + 200 EUR × 1.0850
    assert f"/resources/contributions/add/?agreement={record.pk}" in html
    assert "Other partners that sign" in html


def test_the_detail_page_links_to_adding_a_reporting_obligation_when_it_exists(client, login):
    from django.urls import NoReverseMatch, reverse

    record = agreement()
    login("secretariat")
    html = client.get(f"{AGREEMENTS}{record.pk}/").content.decode()
    try:
        url = reverse("agreements:reportingobligation_add")
    except NoReverseMatch:
        assert "reportingobligation" not in html
    else:
        assert f"{url}?agreement={record.pk}" in html.replace("&amp;", "&")


# --- documents ----------------------------------------------------------------------------


def _upload(client, record: Agreement, title: str = "Convenio firmado"):
    return client.post(
        f"{DOCUMENTS}add/",
        {
            "agreement": record.pk,
            "title": title,
            "file": SimpleUploadedFile("convenio.pdf", PDF, content_type="application/pdf"),
        },
    )


def test_documents_are_uploaded_and_downloaded_by_those_who_may(client, login):
    record = agreement(title="Con la OIM")
    login("secretariat")
    assert _upload(client, record).status_code == 302
    document = AgreementDocument.objects.get()
    download = f"{DOCUMENTS}{document.pk}/download/"
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert download in client.get(f"{AGREEMENTS}{record.pk}/").content.decode()
    login("donor")  # IOM's staff: its own agreement
    assert client.get(download).status_code == 200
    client.logout()
    assert client.get(download).status_code == 302


def test_a_partner_viewer_cannot_download_another_partners_document(client, login):
    record = agreement(partner=Partner.objects.get(acronym="UNODC"))
    login("secretariat")
    _upload(client, record)
    document = AgreementDocument.objects.get()
    login("donor")
    assert client.get(f"{DOCUMENTS}{document.pk}/download/").status_code == 404


def test_a_focal_point_attaches_documents_only_to_its_own_countrys_agreements(client, login):
    honduras = agreement(member_state=state("HN"))
    guatemala = agreement(member_state=state("GT"))
    login("focal-gt")
    refused = _upload(client, honduras)
    assert refused.status_code == 200
    assert "agreement" in refused.context["form"].errors
    assert _upload(client, guatemala).status_code == 302
    assert AgreementDocument.objects.get().agreement == guatemala


def test_the_form_refuses_a_file_that_is_not_a_document(client, login):
    record = agreement()
    login("secretariat")
    response = client.post(
        f"{DOCUMENTS}add/",
        {
            "agreement": record.pk,
            "title": "Imagen",
            "file": SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
