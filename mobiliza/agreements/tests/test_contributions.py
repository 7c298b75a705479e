"""Contribution pages: the form that adapts to the kind of resource, conversion to the
reporting currency, member states' own contributions (3.2.1), instalments, the list with
its filters and exports, and who may do what."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from mobiliza.agreements.models import Contribution, Instalment
from mobiliza.agreements.tests.test_contributions_helpers import (
    CONTRIBUTIONS,
    DAY,
    INSTALMENTS,
    agreement,
    category,
    contribution,
    eur_rate,
    form_data,
    kind,
    oim,
    partner,
    state,
)
from mobiliza.core.money import MissingRate
from mobiliza.directory.models import Partner
from mobiliza.plan.models import StrategicAxis


def listed(response) -> set:
    return {row.record for row in response.context["table"].page.object_list}


def add(client, **data):
    return client.post(f"{CONTRIBUTIONS}add/", form_data(**data))


def mine(description: str = "Donación para talleres") -> Contribution:
    return Contribution.objects.get(description_es=description)


# --- conversion ---------------------------------------------------------------------------


def test_a_contribution_in_euros_is_converted_at_the_rate_of_its_value_date(client, login):
    eur_rate("1.0850", datetime.date(2024, 1, 2))
    eur_rate("1.1000", datetime.date(2024, 6, 1))  # later than the value date: not used
    login("secretariat")
    response = add(client, amount="1234.57", currency="EUR", value_date="2024-03-15")
    assert response.status_code == 302, response.context["form"].errors
    record = mine()
    assert record.amount_reporting == Decimal("1339.51")  # 1,234.57 × 1.0850 = 1,339.50845
    assert (record.rate, record.rate_date) == (Decimal("1.0850"), datetime.date(2024, 1, 2))
    html = client.get(response["Location"]).content.decode()
    assert "EUR\xa01,234.57" in html
    assert "US$1,339.51" in html
    assert "1 EUR = 1.0850 USD" in html
    assert "rate of 2 January 2024" in html


def test_a_missing_rate_is_shown_on_the_value_date_in_the_readers_language(client, login):
    login("secretariat")
    response = add(client, amount="100.00", currency="EUR", value_date="2001-01-01")
    assert response.status_code == 200
    form = response.context["form"]
    with translation.override("en"):
        expected = MissingRate("EUR", datetime.date(2001, 1, 1)).messages[0]
        assert form.errors["value_date"] == [expected]
    assert "There is no exchange rate for EUR" in expected
    html = response.content.decode()
    assert "There is no exchange rate for EUR" in html
    try:
        rates = reverse("rates:exchangerate_list")
    except NoReverseMatch:
        assert "import the exchange rates" in html
    else:
        assert f'href="{rates}"' in html
    # In Spanish, the same error speaks Spanish.
    response = client.post(
        "/es/resources/contributions/add/",
        form_data(amount="100.00", currency="EUR", value_date="2001-01-01"),
    )
    with translation.override("es"):
        expected = str(MissingRate("EUR", datetime.date(2001, 1, 1)).messages[0])
    assert response.context["form"].errors["value_date"] == [expected]
    assert not Contribution.objects.filter(description_es="Donación para talleres").exists()


def test_amounts_with_more_places_than_the_currency_are_refused(client, login):
    login("secretariat")
    response = add(client, amount="10.005")
    assert "amount" in response.context["form"].errors


# --- the form adapts to the kind of resource ----------------------------------------------


def test_human_resources_need_people_or_person_months(client, login):
    login("secretariat")
    response = add(client, kind=kind("human").pk)
    assert "people" in response.context["form"].errors
    response = add(
        client,
        kind=kind("human").pk,
        category=category("human", "international-staff").pk,
        people="2",
        person_months="7.5",
        role="Psicólogas",
        amount="18000.00",
    )
    assert response.status_code == 302, response.context["form"].errors
    record = mine()
    assert (record.people, record.person_months, record.role) == (2, Decimal("7.5"), "Psicólogas")


def test_goods_and_services_need_a_quantity(client, login):
    login("secretariat")
    response = add(client, kind=kind("goods-services").pk, unit="vehículos")
    assert "quantity" in response.context["form"].errors
    response = add(client, kind=kind("goods-services").pk, quantity="3", unit="vehículos")
    assert response.status_code == 302
    assert mine().quantity == Decimal("3")


def test_fields_of_another_kind_are_refused(client, login):
    login("secretariat")
    response = add(client, quantity="3", people="2")
    errors = response.context["form"].errors
    assert {"quantity", "people"} <= set(errors)
    assert not Contribution.objects.filter(description_es="Donación para talleres").exists()


def test_a_category_of_another_kind_is_refused(client, login):
    login("secretariat")
    response = add(client, category=category("human", "government-staff").pk)
    assert "category" in response.context["form"].errors
    response = add(client, category=category("financial", "international-funding").pk)
    assert response.status_code == 302


def test_the_form_groups_fields_in_fieldsets_marked_with_their_kind(client, login):
    login("secretariat")
    html = client.get(f"{CONTRIBUTIONS}add/").content.decode()
    assert 'data-kind="human"' in html
    assert 'data-kind="goods-services"' in html
    assert 'data-code="financial"' in html  # the options of the kind of resource
    assert "js/contributions.js" in html
    assert "<script>" not in html  # no inline script (Content Security Policy)


def test_an_agreement_pre_fills_the_form_and_gives_the_partner(client, login):
    record = agreement(member_state=state("GT"), currency="EUR", committed_amount=Decimal("10"))
    login("secretariat")
    form = client.get(f"{CONTRIBUTIONS}add/", {"agreement": record.pk}).context["form"]
    assert str(form.initial["agreement"]) == str(record.pk)
    assert form.initial["partner"] == oim().pk
    assert form.initial["member_state"] == state("GT").pk
    assert form.initial["currency"] == "EUR"
    response = add(client, agreement=record.pk, partner="")
    assert response.status_code == 302, response.context["form"].errors
    assert mine().partner == oim()


# --- member states' own contributions (3.2.1) ----------------------------------------------


def own_data(**data) -> dict:
    values = {
        "partner": "",
        "is_own_contribution": "on",
        "mechanism": "budget_allocation",
        "operating_plan_year": "2024",
        "member_state": state("GT").pk,
        "category": category("financial", "government-budgets").pk,
    }
    values.update(data)
    return values


def test_a_focal_point_records_its_own_countrys_own_contribution(client, login):
    login("focal-gt")
    form = client.get(f"{CONTRIBUTIONS}add/").context["form"]
    assert list(form.fields["member_state"].queryset) == [state("GT")]
    response = add(client, **own_data())
    assert response.status_code == 302, response.context["form"].errors
    record = mine()
    assert record.is_own_contribution and record.member_state == state("GT")
    assert (record.mechanism, record.operating_plan_year) == ("budget_allocation", 2024)
    assert record.partner is None


def test_the_form_refuses_a_focal_point_another_countrys_contribution(client, login):
    login("focal-gt")
    response = add(client, **own_data(member_state=state("HN").pk))
    assert response.status_code == 200
    assert "member_state" in response.context["form"].errors
    response = add(client, member_state=state("HN").pk)  # from a partner, for Honduras
    assert "member_state" in response.context["form"].errors
    response = add(client, member_state="")  # nor a regional one
    assert response.status_code == 200
    assert not Contribution.objects.filter(description_es="Donación para talleres").exists()


def test_an_own_contribution_needs_its_mechanism_and_only_it_has_one(client, login):
    login("secretariat")
    response = add(client, **own_data(mechanism=""))
    assert "mechanism" in response.context["form"].errors
    response = add(client, mechanism="programme", operating_plan_year="2024")
    errors = response.context["form"].errors
    assert {"mechanism", "operating_plan_year"} <= set(errors)
    response = add(client, partner="")
    assert "partner" in response.context["form"].errors


# --- who may do what ----------------------------------------------------------------------


def test_a_focal_point_cannot_change_a_honduras_contribution(client, login):
    honduras = contribution(member_state=state("HN"), description_es="De Honduras")
    guatemala = contribution(member_state=state("GT"), description_es="De Guatemala")
    login("focal-gt")
    assert client.get(f"{CONTRIBUTIONS}{honduras.pk}/").status_code == 200  # it reads it
    assert client.get(f"{CONTRIBUTIONS}{honduras.pk}/edit/").status_code == 403
    forged = client.post(
        f"{CONTRIBUTIONS}{honduras.pk}/edit/",
        form_data(description_es="Cambiado", member_state=state("GT").pk, version=honduras.version),
    )
    assert forged.status_code == 403
    assert client.post(f"{CONTRIBUTIONS}{honduras.pk}/delete/").status_code == 403
    assert client.get(f"{CONTRIBUTIONS}999999/edit/").status_code == 404
    honduras.refresh_from_db()
    assert honduras.description == "De Honduras"
    response = client.post(
        f"{CONTRIBUTIONS}{guatemala.pk}/edit/",
        form_data(
            description_es="Corregido", member_state=state("GT").pk, version=guatemala.version
        ),
    )
    assert response.status_code == 302
    guatemala.refresh_from_db()
    assert guatemala.description == "Corregido"


def test_the_evaluator_reads_contributions_but_cannot_write(client, login):
    record = contribution()
    login("evaluator")
    assert client.get(CONTRIBUTIONS).status_code == 200
    assert client.get(f"{CONTRIBUTIONS}{record.pk}/").status_code == 200
    assert client.get(f"{CONTRIBUTIONS}add/").status_code == 403
    assert add(client).status_code == 403
    assert client.get(f"{CONTRIBUTIONS}{record.pk}/edit/").status_code == 403
    assert client.post(f"{INSTALMENTS}add/", {"contribution": record.pk}).status_code == 403


def test_a_partner_viewer_sees_only_its_partners_contributions(client, login):
    own = contribution(description_es="De la OIM")
    other = contribution(description_es="De UNODC", partner=Partner.objects.get(acronym="UNODC"))
    country = contribution(
        description_es="Propio de Guatemala",
        partner=None,
        is_own_contribution=True,
        mechanism="programme",
        member_state=state("GT"),
    )
    login("donor")
    seen = listed(client.get(CONTRIBUTIONS))
    assert own in seen and other not in seen and country not in seen
    assert {c.partner for c in seen} == {oim()}
    assert client.get(f"{CONTRIBUTIONS}{own.pk}/").status_code == 200
    assert client.get(f"{CONTRIBUTIONS}{other.pk}/").status_code == 404
    assert client.get(f"{CONTRIBUTIONS}{country.pk}/").status_code == 404
    assert client.get(f"{CONTRIBUTIONS}add/").status_code == 403
    export = client.get(f"{CONTRIBUTIONS}export/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    descriptions = {row[1] for row in rows[1:]}
    assert "De la OIM" in descriptions and "De UNODC" not in descriptions


def test_anonymous_visitors_are_sent_to_log_in(client):
    for path in (CONTRIBUTIONS, f"{CONTRIBUTIONS}add/", f"{CONTRIBUTIONS}export/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# --- instalments --------------------------------------------------------------------------


def test_instalments_are_added_from_the_contribution_and_the_balance_follows(client, login):
    record = contribution(amount=Decimal("1000.00"), status="committed", committed_on=DAY)
    login("secretariat")
    page = client.get(f"{CONTRIBUTIONS}{record.pk}/")
    assert "Outstanding: <strong>US$1,000.00</strong>" in page.content.decode()
    response = client.post(
        f"{INSTALMENTS}add/",
        {
            "contribution": record.pk,
            "due_on": "2024-04-01",
            "amount": "400.00",
            "received_on": "2024-04-03",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{CONTRIBUTIONS}{record.pk}/#instalments"
    client.post(
        f"{INSTALMENTS}add/",
        {"contribution": record.pk, "due_on": "2024-07-01", "amount": "600.00"},
    )
    record.refresh_from_db()
    assert record.outstanding() == Decimal("600.00")
    html = client.get(f"{CONTRIBUTIONS}{record.pk}/").content.decode()
    assert "Outstanding: <strong>US$600.00</strong>" in html
    assert "US$400.00" in html


def test_instalments_cannot_add_up_to_more_than_the_contribution(client, login):
    record = contribution(amount=Decimal("1000.00"))
    Instalment.objects.create(contribution=record, due_on=DAY, amount=Decimal("800.00"))
    login("secretariat")
    response = client.post(
        f"{INSTALMENTS}add/",
        {"contribution": record.pk, "due_on": "2024-05-01", "amount": "200.01"},
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert record.instalments.count() == 1


def test_editing_and_deleting_an_instalment_go_back_to_the_contribution(client, login):
    record = contribution(amount=Decimal("1000.00"))
    login("secretariat")
    client.post(
        f"{INSTALMENTS}add/",
        {"contribution": record.pk, "due_on": "2024-05-01", "amount": "300.00"},
    )
    instalment = record.instalments.get()
    response = client.post(
        f"{INSTALMENTS}{instalment.pk}/edit/",
        {
            "contribution": record.pk,
            "due_on": "2024-05-01",
            "amount": "300.00",
            "received_on": "2024-05-02",
            "version": instalment.version,
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{CONTRIBUTIONS}{record.pk}/")
    instalment.refresh_from_db()
    assert instalment.received_on == datetime.date(2024, 5, 2)
    response = client.post(f"{INSTALMENTS}{instalment.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == f"{CONTRIBUTIONS}{record.pk}/#instalments"
    assert not record.instalments.exists()


def test_a_focal_point_cannot_add_instalments_to_a_honduras_contribution(client, login):
    honduras = contribution(member_state=state("HN"))
    guatemala = contribution(member_state=state("GT"))
    login("focal-gt")
    page = client.get(f"{CONTRIBUTIONS}{honduras.pk}/")
    assert page.context["related"]["instalment_form"] is None
    response = client.post(
        f"{INSTALMENTS}add/",
        {"contribution": honduras.pk, "due_on": "2024-05-01", "amount": "10.00"},
    )
    assert response.status_code == 200
    assert "contribution" in response.context["form"].errors
    assert not honduras.instalments.exists()
    response = client.post(
        f"{INSTALMENTS}add/",
        {"contribution": guatemala.pk, "due_on": "2024-05-01", "amount": "10.00"},
    )
    assert response.status_code == 302
    instalment = Instalment.objects.create(contribution=honduras, due_on=DAY, amount=Decimal(1))
    assert client.get(f"{INSTALMENTS}{instalment.pk}/edit/").status_code == 403


# --- the detail page ----------------------------------------------------------------------


def test_the_detail_page_shows_the_acknowledgements_and_status_dates(client, login):
    from mobiliza.agreements.models import Acknowledgement

    record = contribution(status="received", received_on=datetime.date(2024, 4, 9))
    Acknowledgement.objects.create(contribution=record, recipient="Jefa de misión OIM")
    login("secretariat")
    html = client.get(f"{CONTRIBUTIONS}{record.pk}/").content.decode()
    assert "Jefa de misión OIM" in html
    assert "9 April 2024" in html
    assert "Outstanding: <strong>US$0.00</strong>" in html


# --- the list -----------------------------------------------------------------------------


@pytest.fixture
def variety(db):
    """Contributions in 2019 (the demo has none that year), one of each sort."""
    eur_rate("1.0850", datetime.date(2019, 1, 1))
    axis = StrategicAxis.objects.order_by("position").first()
    other = partner("Empresa Solidaria")
    on = datetime.date(2019, 6, 1)
    return {
        "money": contribution(description_es="Dinero", value_date=on, axis=axis),
        "euros": contribution(
            description_es="Euros",
            value_date=on,
            currency="EUR",
            status="committed",
            committed_on=on,
        ),
        "people": contribution(
            description_es="Personas",
            kind=kind("human"),
            category=category("human", "volunteer-programs"),
            people=3,
            value_date=on,
            partner=other,
        ),
        "own": contribution(
            description_es="Propio",
            partner=None,
            is_own_contribution=True,
            mechanism="sponsorship",
            member_state=state("HN"),
            value_date=on,
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "human"}, {"people"}),
        ({"category": "VOLUNTEERS"}, {"people"}),
        ({"status": "committed"}, {"euros"}),
        ({"partner": "OTHER"}, {"people"}),
        ({"country": "HN"}, {"own"}),
        ({"axis": "AXIS"}, {"money"}),
        ({"own": "true"}, {"own"}),
        ({"own": "false"}, {"money", "euros", "people"}),
        ({"currency": "EUR"}, {"euros"}),
        ({"source_type": "member-states"}, {"own"}),
        ({"source_type": "private-sector"}, {"people"}),
        ({"q": "personas"}, {"people"}),
        ({}, {"money", "euros", "people", "own"}),
    ],
)
def test_the_contribution_list_filters(client, login, variety, params, expected):
    params = dict(params, year="2019")
    if params.get("category") == "VOLUNTEERS":
        params["category"] = category("human", "volunteer-programs").pk
    if params.get("partner") == "OTHER":
        params["partner"] = variety["people"].partner_id
    if params.get("axis") == "AXIS":
        params["axis"] = StrategicAxis.objects.order_by("position").first().code
    login("secretariat")
    response = client.get(CONTRIBUTIONS, params)
    assert response.status_code == 200
    assert listed(response) == {variety[key] for key in expected}


def test_the_list_shows_amounts_and_converted_amounts(client, login, variety):
    login("secretariat")
    html = client.get(CONTRIBUTIONS, {"year": "2019"}).content.decode()
    assert "EUR\xa01,000.00" in html
    assert "US$1,085.00" in html


@pytest.mark.parametrize("extra", [5, 50])
def test_the_contribution_list_runs_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, extra
):
    donor = oim()
    financial = kind("financial")
    Contribution.objects.bulk_create(
        Contribution(
            kind=financial,
            partner=donor,
            member_state=state("GT"),
            description_es=f"Masivo {i}",
            amount=Decimal("10.00"),
            currency="USD",
            amount_reporting=Decimal("10.00"),
            reporting_currency="USD",
            value_date=DAY,
        )
        for i in range(extra)
    )
    login("focal-gt")
    with django_assert_max_num_queries(16):
        response = client.get(CONTRIBUTIONS, {"country": "GT", "q": "masivo"})
    assert response.status_code == 200
    assert len(listed(response)) == min(extra, 25)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_list_is_exported_with_its_filters(client, login, variety, fmt):
    login("secretariat")
    response = client.get(
        f"{CONTRIBUTIONS}export/", {"format": fmt, "year": "2019", "currency": "EUR"}
    )
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
        rows = [
            [("" if v is None else str(v)) for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    header, *data = rows
    assert "Amount in the reporting currency" in header
    assert [row[1] for row in data] == ["Euros"]
    row = dict(zip(header, data[0], strict=True))
    assert row["Currency"] == "EUR"
    assert Decimal(row["Amount or value"]) == Decimal("1000")
    assert Decimal(row["Amount in the reporting currency"]) == Decimal("1085")
