"""Agreements, contributions and obligations under /api/v1/: scoping, services, exact money."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from mobiliza.accounts.models import User
from mobiliza.agreements.models import (
    Acknowledgement,
    Agreement,
    AgreementDocument,
    Contribution,
    Deadline,
    Instalment,
    ReportingObligation,
)
from mobiliza.agreements.services import create_agreement, create_obligation
from mobiliza.coalition.models import MemberState
from mobiliza.core.models import ExchangeRate, Notification
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.directory.tests.test_views import PDF
from mobiliza.pipeline.tests.test_api import Api
from mobiliza.plan.models import ResourceKind, StrategicAxis

AGREEMENTS = "/api/v1/agreements/"
DOCUMENTS = "/api/v1/agreement-documents/"
CONTRIBUTIONS = "/api/v1/contributions/"
INSTALMENTS = "/api/v1/instalments/"
ACKNOWLEDGEMENTS = "/api/v1/acknowledgements/"
OBLIGATIONS = "/api/v1/obligations/"
DEADLINES = "/api/v1/deadlines/"

D = Decimal
# Long before the demo's rates, so these tests own every rate they read.
DAY = datetime.date(2010, 3, 15)
RATE_DAY = datetime.date(2010, 1, 4)


@pytest.fixture
def api(cast):
    """``api("focal-gt")``: an API client holding that person's token."""

    def make(name: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        return Api(token.key)

    return make


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def secretariat() -> User:
    return User.objects.get(email="secretariat@example.org")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def at(base: str, obj: Any) -> str:
    return f"{base}{obj.pk}/"


@pytest.fixture
def own_partner(db) -> Partner:
    return record_create(
        user=secretariat(), model=Partner, data={"name_es": "Fondo Interfaz de Acuerdos"}
    )


@pytest.fixture
def iom(db) -> Partner:
    """The partner whose records the demo's partner viewer (donor@) reads."""
    return Partner.objects.get(acronym="OIM")


@pytest.fixture
def eur_rate(db) -> ExchangeRate:
    return ExchangeRate.objects.create(
        date=RATE_DAY, currency="EUR", rate=D("1.0850"), reporting_currency="USD"
    )


@pytest.fixture
def agreement(own_partner):
    def make(country: str | None = "GT", **data: Any) -> Agreement:
        data.setdefault("kind", "mou")
        data.setdefault("title", f"Memorando {country or 'regional'}")
        data.setdefault("partner", own_partner)
        data["member_state"] = state(country) if country else None
        return create_agreement(user=secretariat(), data=data)

    return make


@pytest.fixture
def contribution(own_partner, eur_rate):
    def make(country: str | None = "GT", **data: Any) -> Contribution:
        values = {
            "kind": ResourceKind.objects.get(code="financial"),
            "partner": own_partner,
            "member_state": state(country) if country else None,
            "description_es": f"Aporte {country}",
            "amount": D("1000.00"),
            "currency": "EUR",
            "value_date": DAY,
            **data,
        }
        return record_create(user=secretariat(), model=Contribution, data=values)

    return make


@pytest.fixture
def obligation(agreement):
    def make(country: str | None = "GT", **data: Any) -> ReportingObligation:
        values = {
            "kind": "narrative_report",
            "title": f"Informe {country}",
            "first_due_on": datetime.date(2030, 1, 31),
            **data,
        }
        values.setdefault("agreement", agreement(country))
        return create_obligation(user=secretariat(), data=values)

    return make


CONTRIBUTION_DATA = {
    "kind": "financial",
    "category": "international-funding",
    "description_es": "Donación API",
    "amount": "1000.00",
    "currency": "EUR",
    "value_date": DAY.isoformat(),
    "status": "pledged",
}


# --- without permission --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [AGREEMENTS, DOCUMENTS, CONTRIBUTIONS, INSTALMENTS, ACKNOWLEDGEMENTS, OBLIGATIONS, DEADLINES],
)
def test_an_anonymous_request_is_refused(client, db, path):
    response = client.get(path)
    assert response.status_code in (401, 403)
    assert response.json()["detail"]
    assert client.post(path, {}).status_code in (401, 403)


def test_the_evaluator_reads_but_cannot_write(api, agreement, contribution, obligation):
    gt_agreement, gt_contribution, gt_obligation = agreement("GT"), contribution("GT"), obligation()
    deadline = gt_obligation.deadlines.first()
    client = api("evaluator")
    assert client.get(at(AGREEMENTS, gt_agreement)).status_code == 200
    assert client.get(at(CONTRIBUTIONS, gt_contribution)).status_code == 200
    assert client.patch(at(AGREEMENTS, gt_agreement), {"title": "E"}).status_code == 403
    assert client.patch(at(CONTRIBUTIONS, gt_contribution), {"notes_es": "E"}).status_code == 403
    assert client.delete(at(CONTRIBUTIONS, gt_contribution)).status_code == 403
    assert client.post(CONTRIBUTIONS, {**CONTRIBUTION_DATA, "country": "GT"}).status_code == 403
    assert client.patch(at(OBLIGATIONS, gt_obligation), {"title": "E"}).status_code == 403
    assert client.patch(at(DEADLINES, deadline), {"delivered_on": "2020-01-20"}).status_code == 403
    assert Deadline.objects.get(pk=deadline.pk).delivered_on is None
    assert Contribution.objects.get(pk=gt_contribution.pk).notes == ""


def test_a_partner_viewer_sees_only_its_own_partners_records(
    api, agreement, contribution, obligation, iom, own_partner
):
    theirs = agreement("GT", partner=iom, title="Acuerdo con la OIM")
    other = agreement("GT", title="Acuerdo con otro")
    their_money = contribution("GT", partner=iom, agreement=theirs)
    other_money = contribution("GT")
    their_report = obligation(agreement=theirs)
    other_report = obligation(agreement=other)
    donor = api("donor")

    for path, mine, not_mine in [
        (AGREEMENTS, theirs, other),
        (CONTRIBUTIONS, their_money, other_money),
        (OBLIGATIONS, their_report, other_report),
    ]:
        listed = donor.get(path, {"page_size": 100})
        assert mine.pk in ids(listed)
        assert not_mine.pk not in ids(listed)
        assert {item["partner"] for item in listed.json()["results"]} == {iom.pk}
        assert donor.get(at(path, not_mine)).status_code == 404
        assert donor.get(at(path, mine)).status_code == 200
    deadlines = donor.get(DEADLINES, {"page_size": 100}).json()["results"]
    assert {d["partner"] for d in deadlines} == {iom.pk}
    assert donor.patch(at(AGREEMENTS, theirs), {"title": "Cambiado"}).status_code == 403
    assert donor.post(CONTRIBUTIONS, {**CONTRIBUTION_DATA, "partner": iom.pk}).status_code == 403


# --- with permission: agreements and documents ---------------------------------------


def test_creating_an_agreement_tells_the_managers(
    api, own_partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("focal-gt").post(
            AGREEMENTS,
            {
                "kind": "cooperation",
                "title": "Convenio API",
                "partner": own_partner.pk,
                "country": "GT",
                "member_states": ["GT", "SV"],
                "axes": ["1", "3"],
                "status": "signed",
                "signed_on": "2024-02-01",
                "committed_amount": "150000.00",
                "currency": "USD",
            },
        )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["country"] == "GT"
    assert sorted(data["member_states"]) == ["GT", "SV"]
    assert data["committed_amount"] == "150000.00"
    agreement = Agreement.objects.get(pk=data["id"])
    assert sorted(a.code for a in agreement.axes.all()) == ["1", "3"]
    assert Notification.objects.filter(
        user=secretariat(), message__contains="Convenio API"
    ).exists()


def test_agreements_filter_and_search(api, agreement):
    gt = agreement("GT", title="Memorando de Guatemala", kind="mou", currency="USD")
    hn = agreement("HN", title="Convenio hondureño", kind="cooperation")
    client = api("secretariat")
    partner = gt.partner_id
    assert ids(client.get(AGREEMENTS, {"country": "GT", "partner": partner})) == {gt.pk}
    assert ids(client.get(AGREEMENTS, {"kind": "cooperation", "partner": partner})) == {hn.pk}
    assert gt.pk in ids(client.get(AGREEMENTS, {"search": "Guatemala"}))
    assert hn.pk not in ids(client.get(AGREEMENTS, {"search": "Guatemala"}))
    assert ids(client.get(AGREEMENTS, {"status": "draft", "partner": partner})) == {gt.pk, hn.pk}


def test_a_document_is_uploaded_to_an_agreement_of_ones_own_country(api, agreement):
    gt, hn = agreement("GT"), agreement("HN")
    client = api("focal-gt")
    response = client.upload(
        DOCUMENTS,
        {"agreement": gt.pk, "title": "Firmado", "file": SimpleUploadedFile("f.pdf", PDF)},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["country"] == "GT"
    assert [d["title"] for d in client.get(at(AGREEMENTS, gt)).json()["documents"]] == ["Firmado"]
    refused = client.upload(
        DOCUMENTS, {"agreement": hn.pk, "title": "Ajeno", "file": SimpleUploadedFile("f.pdf", PDF)}
    )
    assert refused.status_code in (400, 403)
    assert not AgreementDocument.objects.filter(title="Ajeno").exists()
    fake = client.upload(
        DOCUMENTS,
        {"agreement": gt.pk, "title": "Falso", "file": SimpleUploadedFile("i.pdf", b"\x89PNG\r\n")},
    )
    assert fake.status_code == 400
    assert "file" in fake.json()["errors"]


# --- another country's record --------------------------------------------------------


@pytest.mark.parametrize("path", [AGREEMENTS, CONTRIBUTIONS])
def test_the_focal_point_of_guatemala_cannot_change_or_delete_honduras_records(
    api, agreement, contribution, path
):
    record = agreement("HN") if path == AGREEMENTS else contribution("HN")
    client = api("focal-gt")
    assert client.patch(at(path, record), {"notes_es": "X", "title": "X"}).status_code in (403, 404)
    assert client.patch(at(path, record), {"country": "GT"}).status_code in (403, 404)
    assert client.delete(at(path, record)).status_code in (403, 404)
    stored = type(record).objects.get(pk=record.pk)
    assert stored.version == record.version
    assert stored.member_state.code == "HN"


def test_the_focal_point_of_guatemala_cannot_create_for_honduras(api, own_partner, eur_rate):
    client = api("focal-gt")
    contribution = client.post(
        CONTRIBUTIONS, {**CONTRIBUTION_DATA, "partner": own_partner.pk, "country": "HN"}
    )
    agreement = client.post(
        AGREEMENTS, {"kind": "mou", "title": "Ajeno", "partner": own_partner.pk, "country": "HN"}
    )
    assert contribution.status_code in (400, 403)
    assert agreement.status_code in (400, 403)
    assert not Contribution.objects.filter(description_es="Donación API").exists()
    assert not Agreement.objects.filter(title="Ajeno").exists()


def test_the_focal_point_of_guatemala_cannot_move_its_records_to_honduras(
    api, agreement, contribution
):
    gt_agreement, gt_contribution = agreement("GT"), contribution("GT")
    client = api("focal-gt")
    assert client.patch(at(AGREEMENTS, gt_agreement), {"country": "HN"}).status_code in (400, 403)
    assert client.patch(at(CONTRIBUTIONS, gt_contribution), {"country": "HN"}).status_code in (
        400,
        403,
    )
    assert Agreement.objects.get(pk=gt_agreement.pk).member_state.code == "GT"
    assert Contribution.objects.get(pk=gt_contribution.pk).member_state.code == "GT"


def test_an_outdated_if_match_gets_a_412_and_an_outdated_version_a_409(
    api, contribution, agreement
):
    gt = contribution("GT")
    client = api("focal-gt")
    assert client.patch(at(CONTRIBUTIONS, gt), {"notes_es": "Primero"}).status_code == 200
    stale = client.patch(
        at(CONTRIBUTIONS, gt), {"notes_es": "Segundo"}, HTTP_IF_MATCH=f'"{gt.version}"'
    )
    assert stale.status_code == 412
    assert Contribution.objects.get(pk=gt.pk).notes == "Primero"
    deal = agreement("GT")
    assert (
        client.patch(at(AGREEMENTS, deal), {"title": "A", "version": deal.version + 5}).status_code
        == 409
    )


# --- contributions and money ---------------------------------------------------------


def test_a_contribution_is_converted_and_shows_its_rate(api, own_partner, eur_rate):
    response = api("focal-gt").post(
        CONTRIBUTIONS,
        {
            **CONTRIBUTION_DATA,
            "partner": own_partner.pk,
            "country": "GT",
            # Read-only: computed by the service, whatever the client sends.
            "amount_reporting": "1.00",
            "rate": "9.99",
            "reporting_currency": "XXX",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["country"] == "GT"
    assert data["kind"] == "financial"
    assert data["category"] == "international-funding"
    assert (data["amount"], data["currency"]) == ("1000.00", "EUR")
    assert (data["amount_reporting"], data["reporting_currency"]) == ("1085.00", "USD")
    assert (data["rate"], data["rate_date"]) == ("1.085", RATE_DAY.isoformat())
    assert (data["received_amount"], data["outstanding"]) == ("0.00", "1000.00")
    stored = Contribution.objects.get(pk=data["id"])
    assert (stored.amount_reporting, stored.rate) == (D("1085.00"), D("1.0850"))


def test_a_currency_without_a_rate_is_a_400_on_the_value_date(api, own_partner):
    assert not ExchangeRate.objects.filter(currency="CHF").exists()
    response = api("secretariat").post(
        CONTRIBUTIONS, {**CONTRIBUTION_DATA, "partner": own_partner.pk, "currency": "CHF"}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "value_date" in errors
    assert "CHF" in " ".join(errors["value_date"])
    assert not Contribution.objects.filter(currency="CHF").exists()


def test_the_largest_amount_round_trips_exactly(api, own_partner):
    response = api("secretariat").post(
        CONTRIBUTIONS,
        {
            **CONTRIBUTION_DATA,
            "partner": own_partner.pk,
            "amount": "999999999999.99",
            "currency": "USD",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["amount"] == "999999999999.99"
    assert data["amount_reporting"] == "999999999999.99"
    assert Contribution.objects.get(pk=data["id"]).amount == D("999999999999.99")
    assert api("donor").get(at(CONTRIBUTIONS, Contribution(pk=data["id"]))).status_code == 404
    again = api("secretariat").get(at(CONTRIBUTIONS, Contribution(pk=data["id"]))).json()
    assert again["amount"] == "999999999999.99"


def test_a_json_number_is_stored_exactly_or_refused(api, own_partner, eur_rate):
    client = api("secretariat")
    body = (
        '{"kind": "financial", "description_es": "Flotante", "currency": "EUR", '
        f'"value_date": "{DAY.isoformat()}", "partner": {own_partner.pk}, "amount": 1234567.89}}'
    )
    response = client.post(CONTRIBUTIONS, body)
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "1234567.89"
    stored = Contribution.objects.get(pk=response.json()["id"])
    assert stored.amount == D("1234567.89")
    assert stored.amount_reporting == D("1339506.16")  # 1234567.89 × 1.085 = 1339506.160…
    refused = client.post(CONTRIBUTIONS, body.replace("1234567.89", "0.30000000000000004"))
    assert refused.status_code == 400
    assert "amount" in refused.json()["errors"]
    cents = client.post(CONTRIBUTIONS, body.replace("1234567.89", '"10.005"'))
    assert cents.status_code == 400  # euros have two places
    assert "amount" in cents.json()["errors"]


def test_contributions_filter_by_field_name(api, contribution, agreement, own_partner):
    deal = agreement("GT")
    financial = contribution(
        "GT",
        agreement=deal,
        axis=StrategicAxis.objects.get(code="2"),
        status="committed",
        committed_on=DAY,
    )
    own = contribution(
        "HN",
        partner=None,
        is_own_contribution=True,
        mechanism="budget_allocation",
        currency="USD",
        value_date=datetime.date(2011, 6, 1),
    )
    client = api("secretariat")
    partner = own_partner.pk
    assert ids(client.get(CONTRIBUTIONS, {"partner": partner, "country": "GT"})) == {financial.pk}
    assert ids(client.get(CONTRIBUTIONS, {"agreement": deal.pk})) == {financial.pk}
    assert ids(
        client.get(CONTRIBUTIONS, {"kind": "financial", "status": "committed", "partner": partner})
    ) == {financial.pk}
    assert ids(client.get(CONTRIBUTIONS, {"axis": "2", "partner": partner})) == {financial.pk}
    assert own.pk in ids(client.get(CONTRIBUTIONS, {"is_own_contribution": "true", "year": 2011}))
    assert financial.pk not in ids(client.get(CONTRIBUTIONS, {"is_own_contribution": "true"}))
    assert ids(
        client.get(CONTRIBUTIONS, {"currency": "EUR", "partner": partner, "year": 2010})
    ) == {financial.pk}
    assert financial.pk in ids(client.get(CONTRIBUTIONS, {"search": "Aporte GT"}))


def _bulk_contributions(count: int, partner: Partner) -> None:
    kind = ResourceKind.objects.get(code="financial")
    created = Contribution.objects.bulk_create(
        Contribution(
            kind=kind,
            category=kind.categories.first(),
            partner=partner,
            member_state=state("GT" if n % 2 else "HN"),
            axis=StrategicAxis.objects.get(code="1"),
            description_es=f"Masiva {n}",
            amount=D("10.00"),
            currency="USD",
            value_date=DAY,
            amount_reporting=D("10.00"),
            reporting_currency="USD",
        )
        for n in range(count)
    )
    Instalment.objects.bulk_create(
        Instalment(contribution=c, due_on=DAY, amount=D("5.00"), received_on=DAY) for c in created
    )


def test_the_list_runs_the_same_few_queries_for_5_or_50_rows(
    api, own_partner, django_assert_max_num_queries
):
    client = api("focal-gt")
    # Token, roles, the partner filter's lookup, count, page, instalments.
    _bulk_contributions(5, own_partner)
    with django_assert_max_num_queries(6) as few:
        results = client.get(CONTRIBUTIONS, {"partner": own_partner.pk}).json()["results"]
        assert len(results) == 5
    assert {r["received_amount"] for r in results} == {"5.00"}
    _bulk_contributions(45, own_partner)
    with django_assert_max_num_queries(6) as many:
        response = client.get(CONTRIBUTIONS, {"partner": own_partner.pk, "page_size": 100})
        assert len(response.json()["results"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


# --- instalments and acknowledgements ------------------------------------------------


def test_instalments_add_up_to_what_was_received(api, contribution):
    gt = contribution("GT")
    client = api("focal-gt")
    first = client.post(
        INSTALMENTS,
        {
            "contribution": gt.pk,
            "due_on": "2010-04-01",
            "amount": "600.00",
            "received_on": "2010-04-03",
        },
    )
    assert first.status_code == 201, first.json()
    assert (first.json()["country"], first.json()["currency"]) == ("GT", "EUR")
    too_much = client.post(
        INSTALMENTS, {"contribution": gt.pk, "due_on": "2010-05-01", "amount": "400.01"}
    )
    assert too_much.status_code == 400
    assert "amount" in too_much.json()["errors"]
    data = client.get(at(CONTRIBUTIONS, gt)).json()
    assert (data["received_amount"], data["outstanding"]) == ("600.00", "400.00")
    assert [i["amount"] for i in data["instalments"]] == ["600.00"]
    hn = contribution("HN")
    refused = client.post(
        INSTALMENTS, {"contribution": hn.pk, "due_on": "2010-05-01", "amount": "1.00"}
    )
    assert refused.status_code in (400, 403)
    assert not Instalment.objects.filter(contribution=hn).exists()
    assert ids(client.get(INSTALMENTS, {"contribution": gt.pk, "received": "true"})) == {
        first.json()["id"]
    }


def test_an_acknowledgement_records_who_sent_it(api, contribution, cast):
    gt, hn = contribution("GT"), contribution("HN")
    client = api("focal-gt")
    response = client.post(
        ACKNOWLEDGEMENTS,
        {
            "contribution": gt.pk,
            "recipient": "Directora",
            "sent_on": "2010-04-01",
            "sent_by": cast("secretariat").pk,
        },
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["country"], response.json()["sent_by"]) == ("GT", cast("focal-gt").pk)
    # Numbered by the service, whatever the client sends.
    assert response.json()["reference"] == "CORETT/ST/2010/0001"
    refused = client.post(ACKNOWLEDGEMENTS, {"contribution": hn.pk, "recipient": "Ajeno"})
    assert refused.status_code in (400, 403)
    assert not Acknowledgement.objects.filter(recipient="Ajeno").exists()
    assert api("evaluator").get(ACKNOWLEDGEMENTS, {"contribution": gt.pk}).json()["count"] == 1


# --- obligations and deadlines -------------------------------------------------------


def test_an_obligation_created_through_the_api_schedules_its_deadlines(api, agreement):
    deal = agreement("GT", ends_on=datetime.date(2031, 1, 1))
    client = api("focal-gt")
    response = client.post(
        OBLIGATIONS,
        {
            "kind": "financial_report",
            "title": "Informe trimestral",
            "agreement": deal.pk,
            "recurrence": "quarterly",
            "first_due_on": "2030-01-31",
            "repeat_until": "2030-12-31",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["country"], data["partner"]) == ("GT", deal.partner_id)
    assert [d["due_on"] for d in data["deadlines"]] == [
        "2030-01-31",
        "2030-04-30",
        "2030-07-31",
        "2030-10-31",
    ]
    assert {d["status"] for d in data["deadlines"]} == {"upcoming"}
    changed = client.patch(f"{OBLIGATIONS}{data['id']}/", {"repeat_until": "2030-05-01"})
    assert changed.status_code == 200, changed.json()
    assert [d["due_on"] for d in changed.json()["deadlines"]] == ["2030-01-31", "2030-04-30"]
    assert Deadline.objects.filter(obligation_id=data["id"]).count() == 2


def test_obligations_of_another_country_are_out_of_reach(api, agreement, obligation):
    hn_report = obligation("HN")
    client = api("focal-gt")
    hn_deal = agreement("HN")
    created = client.post(
        OBLIGATIONS,
        {
            "kind": "narrative_report",
            "title": "Ajeno",
            "agreement": hn_deal.pk,
            "first_due_on": "2030-01-01",
        },
    )
    assert created.status_code in (400, 403)
    assert client.patch(at(OBLIGATIONS, hn_report), {"title": "X"}).status_code in (403, 404)
    assert client.delete(at(OBLIGATIONS, hn_report)).status_code in (403, 404)
    deadline = hn_report.deadlines.get()
    assert client.patch(at(DEADLINES, deadline), {"delivered_on": "2020-01-10"}).status_code in (
        403,
        404,
    )
    assert Deadline.objects.get(pk=deadline.pk).delivered_on is None
    assert not ReportingObligation.objects.filter(title="Ajeno").exists()


def test_a_deadline_is_delivered_by_patching_its_date(api, obligation, cast):
    report = obligation("GT", first_due_on=datetime.date(2001, 1, 31))
    deadline = report.deadlines.get()
    client = api("focal-gt")
    assert client.get(at(DEADLINES, deadline)).json()["status"] == "overdue"
    assert deadline.pk in ids(client.get(DEADLINES, {"status": "overdue", "obligation": report.pk}))
    response = client.patch(
        at(DEADLINES, deadline), {"delivered_on": "2001-02-02", "due_on": "2099-01-01"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["status"], data["delivered_on"], data["due_on"]) == (
        "delivered",
        "2001-02-02",
        "2001-01-31",
    )
    assert data["delivered_by"] == cast("focal-gt").pk
    assert ids(client.get(DEADLINES, {"status": "delivered", "obligation": report.pk})) == {
        deadline.pk
    }
    assert (
        client.post(DEADLINES, {"obligation": report.pk, "due_on": "2001-01-01"}).status_code == 405
    )
    assert client.delete(at(DEADLINES, deadline)).status_code == 405
    stale = client.patch(
        at(DEADLINES, deadline), {"delivered_on": None}, HTTP_IF_MATCH=f'"{deadline.version}"'
    )
    assert stale.status_code == 412
    undone = client.patch(at(DEADLINES, deadline), {"delivered_on": None})
    assert (undone.json()["status"], undone.json()["delivered_by"]) == ("overdue", None)


def test_a_delivered_report_can_be_uploaded_with_its_deadline(api, obligation):
    deadline = obligation("GT", first_due_on=datetime.date(2020, 1, 31)).deadlines.get()
    client = api("focal-gt")
    response = client.upload(
        at(DEADLINES, deadline),
        {"delivered_on": "2020-01-20", "document": SimpleUploadedFile("informe.pdf", PDF)},
        method="patch",
    )
    assert response.status_code == 200, response.json()
    stored = Deadline.objects.get(pk=deadline.pk)
    assert stored.delivered_on == datetime.date(2020, 1, 20)
    assert stored.document.read() == PDF
