"""Exchange rates under /api/v1/exchange-rates/: staff read, managers write, exact decimals."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.agreements.models import Contribution
from mobiliza.core.models import ExchangeRate
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.pipeline.tests.test_api import Api
from mobiliza.plan.models import ResourceKind

RATES = "/api/v1/exchange-rates/"
# Long before the demo's rates, so these tests own every rate they read.
DAY = datetime.date(2009, 6, 1)


@pytest.fixture
def api(cast):
    """``api("secretariat")``: an API client holding that person's token."""

    def make(name: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        return Api(token.key)

    return make


@pytest.fixture
def eur(db) -> ExchangeRate:
    return ExchangeRate.objects.create(
        date=DAY, currency="EUR", rate=Decimal("1.0850"), reporting_currency="USD"
    )


def at(rate: ExchangeRate | int) -> str:
    return f"{RATES}{rate if isinstance(rate, int) else rate.pk}/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_an_anonymous_request_is_refused(client, db):
    assert client.get(RATES).status_code in (401, 403)
    assert client.post(RATES, {}).status_code in (401, 403)


def test_the_coalitions_staff_read_the_rates_and_a_partner_viewer_does_not(api, eur):
    for name in ("evaluator", "focal-gt", "secretariat"):
        data = api(name).get(at(eur)).json()
        assert (data["currency"], data["rate"], data["date"]) == ("EUR", "1.085", "2009-06-01")
        assert data["reporting_currency"] == "USD"
    assert api("donor").get(RATES).status_code == 403


def test_the_secretariat_records_a_rate_exactly(api):
    response = api("secretariat").post(
        RATES, {"date": "2009-07-01", "currency": "mxn", "rate": "0.0000586123", "source": "BCE"}
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["currency"], data["reporting_currency"]) == ("MXN", "USD")
    assert data["rate"] == "0.0000586123"
    stored = ExchangeRate.objects.get(pk=data["id"])
    assert stored.rate == Decimal("0.0000586123")
    assert stored.history.count() == 1


@pytest.mark.parametrize("name", ["focal-gt", "evaluator"])
def test_focal_points_and_evaluators_cannot_write_rates(api, eur, name):
    client = api(name)
    created = client.post(RATES, {"date": "2009-07-01", "currency": "EUR", "rate": "1.2"})
    assert created.status_code == 403
    assert client.patch(at(eur), {"rate": "9.99"}).status_code == 403
    assert client.delete(at(eur)).status_code == 403
    assert ExchangeRate.objects.get(pk=eur.pk).rate == Decimal("1.0850")
    assert not ExchangeRate.objects.filter(date=datetime.date(2009, 7, 1)).exists()


def test_a_json_number_is_taken_exactly_and_a_too_precise_one_refused(api):
    client = api("secretariat")
    response = client.post(RATES, '{"date": "2009-07-02", "currency": "GTQ", "rate": 0.1287}')
    assert response.status_code == 201, response.json()
    assert ExchangeRate.objects.get(pk=response.json()["id"]).rate == Decimal("0.1287")
    refused = client.post(
        RATES, '{"date": "2009-07-03", "currency": "GTQ", "rate": 0.30000000000000004}'
    )
    assert refused.status_code == 400
    assert "rate" in refused.json()["errors"]


def test_a_rate_is_refused_twice_for_the_same_day_or_for_the_reporting_currency(api, eur):
    client = api("secretariat")
    twice = client.post(RATES, {"date": "2009-06-01", "currency": "EUR", "rate": "1.2"})
    assert twice.status_code == 400
    itself = client.post(RATES, {"date": "2009-06-01", "currency": "USD", "rate": "1"})
    assert itself.status_code == 400
    assert "currency" in itself.json()["errors"]
    unknown = client.post(RATES, {"date": "2009-06-01", "currency": "ZZZ", "rate": "1"})
    assert unknown.status_code == 400
    assert ExchangeRate.objects.filter(date=DAY).count() == 1


def test_rates_filter_by_currency_and_date_range(api, eur):
    later = ExchangeRate.objects.create(
        date=DAY + datetime.timedelta(days=7), currency="EUR", rate=Decimal("1.09")
    )
    other = ExchangeRate.objects.create(date=DAY, currency="GTQ", rate=Decimal("0.13"))
    client = api("focal-gt")
    in_june = {"date_after": "2009-06-01", "date_before": "2009-06-30"}
    assert ids(client.get(RATES, {"currency": "EUR", **in_june})) == {eur.pk, later.pk}
    assert ids(client.get(RATES, {"currency": "eur", **in_june})) == {eur.pk, later.pk}
    assert ids(client.get(RATES, {"date_after": "2009-06-02", "date_before": "2009-06-30"})) == {
        later.pk
    }
    assert other.pk in ids(client.get(RATES, {"currency": "GTQ", **in_june}))


def test_an_outdated_if_match_gets_a_412(api, eur):
    client = api("secretariat")
    assert client.patch(at(eur), {"source": "BCE"}).status_code == 200
    stale = client.patch(at(eur), {"rate": "2"}, HTTP_IF_MATCH=f'"{eur.version}"')
    assert stale.status_code == 412
    assert ExchangeRate.objects.get(pk=eur.pk).rate == Decimal("1.0850")


def test_a_new_closer_rate_converts_the_contributions_again(api, eur, cast):
    partner = record_create(user=cast("secretariat"), model=Partner, data={"name_es": "Tasas API"})
    contribution = record_create(
        user=cast("secretariat"),
        model=Contribution,
        data={
            "kind": ResourceKind.objects.get(code="financial"),
            "partner": partner,
            "description_es": "Aporte en euros",
            "amount": Decimal("1000.00"),
            "currency": "EUR",
            "value_date": DAY + datetime.timedelta(days=10),
        },
    )
    assert contribution.amount_reporting == Decimal("1085.00")
    client = api("secretariat")
    created = client.post(RATES, {"date": "2009-06-08", "currency": "EUR", "rate": "1.1"})
    assert created.status_code == 201, created.json()
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.amount_reporting, stored.rate) == (Decimal("1100.00"), Decimal("1.1"))
    assert client.delete(at(created.json()["id"])).status_code == 204
    assert Contribution.objects.get(pk=contribution.pk).amount_reporting == Decimal("1085.00")


def euro_contribution(cast, day: datetime.date) -> Contribution:
    partner = record_create(user=cast("secretariat"), model=Partner, data={"name_es": "Tasa única"})
    return record_create(
        user=cast("secretariat"),
        model=Contribution,
        data={
            "kind": ResourceKind.objects.get(code="financial"),
            "partner": partner,
            "description_es": "Aporte en euros",
            "amount": Decimal("1000.00"),
            "currency": "EUR",
            "value_date": day,
        },
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "This rate was not deleted: 1 contribution is converted at it and EUR has no "
            "earlier rate to take its place.",
        ),
        (
            "es",
            "Este tipo de cambio no se eliminó: 1 aporte se convierte con él y EUR no tiene un "
            "tipo de cambio anterior que lo reemplace.",
        ),
    ],
)
def test_the_only_rate_a_contribution_uses_is_kept_by_the_page_and_the_api_alike(
    api, eur, cast, client, language, message
):
    contribution = euro_contribution(cast, DAY + datetime.timedelta(days=3))
    assert contribution.rate_date == eur.date

    client.force_login(cast("secretariat"))
    with translation.override(language):
        page = client.post(reverse("rates:exchangerate_delete", args=[eur.pk]), follow=True)
    assert message in html.unescape(page.content.decode())

    token = api("secretariat")
    token.headers["HTTP_ACCEPT_LANGUAGE"] = language
    refused = token.delete(at(eur))
    assert refused.status_code == 400, refused.content
    assert refused.json()["detail"] == message

    assert ExchangeRate.objects.filter(pk=eur.pk).exists()
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.rate, stored.rate_date) == (Decimal("1.0850"), eur.date)


def test_a_rate_changed_through_the_api_converts_the_contributions_again(api, eur, cast):
    contribution = euro_contribution(cast, DAY + datetime.timedelta(days=3))
    client = api("secretariat")
    changed = client.patch(at(eur), {"rate": "1.2"})
    assert changed.status_code == 200, changed.json()
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.amount_reporting, stored.rate) == (Decimal("1200.00"), Decimal("1.2"))
    assert stored.history.first().history_user == cast("secretariat")
    # The API's write is the page's: once an earlier rate exists, deleting this one is allowed
    # and the contribution moves to the earlier rate.
    earlier = client.post(RATES, {"date": "2009-05-01", "currency": "EUR", "rate": "1.05"})
    assert earlier.status_code == 201, earlier.json()
    assert client.delete(at(eur)).status_code == 204
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.amount_reporting, stored.rate_date) == (
        Decimal("1050.00"),
        datetime.date(2009, 5, 1),
    )
