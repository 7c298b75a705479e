"""Money through contributions: exact storage on every database, conversion at the latest
earlier rate (or a clear refusal), and totals that equal the sum of their lines to the cent."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation

from mobiliza.agreements.models import Contribution
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import format_money, round_to_currency
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.plan.models import ResourceKind

D = Decimal
# Long before the demo's rates and contributions, so the test owns every rate it reads.
DAY = datetime.date(2011, 3, 15)


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def partner(secretariat) -> Partner:
    return record_create(
        user=secretariat, model=Partner, data={"name_es": "Fondo de Pruebas Monetarias"}
    )


def add_rate(currency: str, day: datetime.date, rate: str) -> ExchangeRate:
    return ExchangeRate.objects.create(
        date=day, currency=currency, rate=D(rate), reporting_currency="USD"
    )


def contribute(user: Any, partner: Partner, **data: Any) -> Contribution:
    values = {
        "kind": ResourceKind.objects.get(code="financial"),
        "partner": partner,
        "description_es": "Aporte de prueba",
        "value_date": DAY,
        **data,
    }
    return record_create(user=user, model=Contribution, data=values)


def test_a_million_pesos_at_0_0586_is_stored_as_58600_00_with_its_rate(secretariat, partner):
    add_rate("MXN", DAY, "0.0586")
    contribution = contribute(secretariat, partner, amount=D("1000000.01"), currency="MXN")
    stored = Contribution.objects.get(pk=contribution.pk)
    assert stored.amount == D("1000000.01")
    assert stored.amount * stored.rate == D("58600.000586")  # exact before rounding
    assert stored.amount_reporting == D("58600.00")
    assert stored.reporting_currency == "USD"
    assert (stored.rate, stored.rate_date) == (D("0.0586"), DAY)


def test_a_day_without_a_rate_uses_the_latest_earlier_one_and_says_which(secretariat, partner):
    add_rate("GTQ", DAY - datetime.timedelta(days=40), "0.1200")
    add_rate("GTQ", DAY - datetime.timedelta(days=5), "0.1287")
    add_rate("GTQ", DAY + datetime.timedelta(days=2), "0.9999")
    contribution = contribute(secretariat, partner, amount=D("1000.00"), currency="GTQ")
    stored = Contribution.objects.get(pk=contribution.pk)
    assert stored.rate == D("0.1287")
    assert stored.rate_date == DAY - datetime.timedelta(days=5)
    assert stored.amount_reporting == D("128.70")


def test_a_currency_with_no_earlier_rate_is_refused_naming_it_and_the_date(secretariat, partner):
    add_rate("KWD", DAY + datetime.timedelta(days=1), "3.2500")  # only a later one
    before = Contribution.objects.count()
    with pytest.raises(ValidationError) as raised:
        contribute(secretariat, partner, amount=D("10.000"), currency="KWD")
    assert Contribution.objects.count() == before
    assert "value_date" in raised.value.message_dict
    with translation.override("en"):
        (message,) = raised.value.message_dict["value_date"]
        assert "KWD" in message and "15 March 2011" in message
        assert "no exchange rate" in message
    with translation.override("es"):
        (message,) = raised.value.message_dict["value_date"]
        assert "KWD" in message and "15 de marzo de 2011" in message


# --- Totals to the cent ------------------------------------------------------------------

# Amounts whose products end in a half cent (or near it) at the demo's rates.
HALF_CENT_CASES = [
    # 25 MXN × 0.0586 = 1.465; 1 EUR × 1.0850 = 1.085; 50 GTQ × 0.1287 = 6.435 ...
    ("MXN", "0.0586", ["25.00", "75.00", "125.00", "175.00", "1000000.01", "33.33"]),
    ("EUR", "1.0850", ["1.00", "3.00", "5.00", "7.00", "12345.67", "0.99"]),
    ("GTQ", "0.1287", ["50.00", "150.00", "250.00", "350.00", "10000.01", "7.77"]),
]


def test_the_total_equals_the_sum_of_the_rounded_lines_to_the_cent(client, secretariat, partner):
    lines = []
    for currency, rate, amounts in HALF_CENT_CASES:
        add_rate(currency, DAY, rate)
        for amount in amounts:
            contribution = contribute(secretariat, partner, amount=D(amount), currency=currency)
            exact = D(amount) * D(rate)
            assert contribution.amount_reporting == round_to_currency(exact, "USD")
            lines.append((exact, contribution.amount_reporting))
    # Some lines really were half a cent: rounding them half up matters.
    assert sum(1 for exact, _rounded in lines if (exact * 1000) % 10 == 5) == 12
    line_sum = sum((rounded for _exact, rounded in lines), D(0))
    exact_sum = sum((exact for exact, _rounded in lines), D(0))
    assert round_to_currency(exact_sum, "USD") != line_sum  # why lines are rounded first
    mine = Contribution.objects.filter(partner=partner)
    db_sum = mine.aggregate(total=Sum("amount_reporting"))["total"]
    assert db_sum == line_sum
    # What a page shows: the "resources mobilized" total of 2011 (only these contributions).
    client.force_login(secretariat)
    with translation.override("en"):
        response = client.get(reverse("agreements:totals"), {"year": 2011})
        assert response.status_code == 200
        shown = format_money(line_sum, "USD")
        assert shown in html.unescape(response.content.decode())


# --- Precision on every database --------------------------------------------------------

PRECISION_CASES = [
    ("USD", ["999999999999.99", "0.01", "123456789012.34"]),
    ("EUR", ["999999999999.99", "0.01", "123456789012.34"]),
    ("MXN", ["999999999999.99", "0.01", "123456789012.34"]),
    ("JPY", ["999999999999", "1", "123456789012"]),
    ("KWD", ["999999999999.99", "0.001", "123456789012.345"]),
]
PRECISION_RATES = {"EUR": "1.0850", "MXN": "0.0586", "JPY": "0.0067", "KWD": "3.2500"}


@pytest.mark.parametrize(("currency", "amounts"), PRECISION_CASES)
def test_large_and_small_amounts_are_read_back_exactly_and_summed_exactly(
    secretariat, partner, currency, amounts
):
    if currency in PRECISION_RATES:
        add_rate(currency, DAY, PRECISION_RATES[currency])
    saved = [contribute(secretariat, partner, amount=D(a), currency=currency) for a in amounts]
    read = Contribution.objects.filter(pk__in=[c.pk for c in saved])
    assert sorted(c.amount for c in read) == sorted(D(a) for a in amounts)
    for contribution in read:
        assert isinstance(contribution.amount, Decimal)
        assert isinstance(contribution.amount_reporting, Decimal)
    total = read.aggregate(total=Sum("amount"))["total"]
    assert total == sum((D(a) for a in amounts), D(0))
    reporting_total = read.aggregate(total=Sum("amount_reporting"))["total"]
    assert reporting_total == sum((c.amount_reporting for c in saved), D(0))
    rate = D(PRECISION_RATES.get(currency, "1"))
    assert reporting_total == sum((round_to_currency(D(a) * rate, "USD") for a in amounts), D(0))


def test_the_amount_refuses_a_float(secretariat, partner):
    with pytest.raises((ValidationError, TypeError)):
        contribute(secretariat, partner, amount=1000.5, currency="USD")
    with pytest.raises(ValidationError):
        Contribution._meta.get_field("amount").clean(0.1, None)


@pytest.mark.parametrize(
    ("currency", "amount"), [("USD", "10.005"), ("JPY", "100.5"), ("KWD", "1.0005")]
)
def test_the_amount_refuses_more_places_than_its_currency_has(
    secretariat, partner, currency, amount
):
    for code in ("JPY", "KWD"):
        add_rate(code, DAY, "1.0000")
    with pytest.raises(ValidationError) as raised:
        contribute(secretariat, partner, amount=D(amount), currency=currency)
    assert "amount" in raised.value.message_dict
