"""Money: exact storage as scaled integers, conversion at the latest earlier rate, half-up
rounding, and no float anywhere near an amount."""

from __future__ import annotations

import copy
import datetime
import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import translation

from mobiliza.core.formatting import format_amount
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import (
    MAX_AMOUNT,
    MissingRate,
    MoneyField,
    RateField,
    ScaledDecimalField,
    check_places,
    convert,
    currency_places,
    format_money,
    format_rate,
    multiply_exact,
    rate_on,
    round_to_currency,
)

D = Decimal
DAY = datetime.date(2011, 3, 15)  # long before the demo's rates


def add_rate(currency: str, day: datetime.date, rate: str, reporting: str = "USD") -> ExchangeRate:
    return ExchangeRate.objects.create(
        date=day, currency=currency, rate=D(rate), reporting_currency=reporting
    )


# --- The field ---------------------------------------------------------------------------


def test_a_money_field_stores_a_scaled_whole_number():
    field = MoneyField()
    assert field.get_prep_value(D("12.34")) == 123400
    assert field.get_prep_value(D("999999999999.99")) == 9999999999999900
    assert field.from_db_value(123400, None, None) == D("12.34")
    assert field.from_db_value(123400, None, None).as_tuple().exponent == -4


def test_a_rate_field_keeps_ten_places():
    field = RateField()
    assert field.get_prep_value(D("0.0586")) == 586000000
    assert field.from_db_value(586000000, None, None) == D("0.0586")
    assert field.get_prep_value("1.0000000001") == 10000000001


def test_the_field_refuses_floats():
    with pytest.raises(ValidationError):
        MoneyField().clean(0.1, None)
    with pytest.raises(ValidationError):
        MoneyField().get_prep_value(1.5)


def test_the_field_refuses_more_places_than_its_scale_instead_of_rounding():
    with pytest.raises(ValidationError) as raised:
        MoneyField().to_python("0.00001")
    assert raised.value.code == "too_many_places"
    with pytest.raises(ValidationError):
        RateField().to_python(D("0.00000000001"))


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", "1e40", "1e999999"])
def test_the_field_refuses_what_is_not_a_storable_number(value):
    with pytest.raises(ValidationError):
        MoneyField().to_python(value)


def test_the_field_refuses_what_a_64_bit_column_cannot_hold():
    with pytest.raises(ValidationError) as raised:
        MoneyField().to_python(D("922337203685477.5808"))
    assert raised.value.code == "too_large"
    assert MoneyField().to_python(D("922337203685477.5807")) == D("922337203685477.5807")


def test_reading_a_non_integral_value_from_the_database_is_an_error_not_a_guess():
    with pytest.raises(TypeError):
        ScaledDecimalField(scale=4).from_db_value(1234.5, None, None)
    assert ScaledDecimalField(scale=4).from_db_value(D("12345"), None, None) == D("1.2345")


def test_the_form_field_is_a_decimal_field_with_the_largest_amount():
    form_field = MoneyField().formfield()
    assert form_field.decimal_places == 4
    assert form_field.max_value == MAX_AMOUNT


# --- Places and rounding -----------------------------------------------------------------


def test_currency_places_follow_iso_4217():
    assert currency_places("USD") == 2
    assert currency_places("JPY") == 0
    assert currency_places("KWD") == 3


def test_check_places_refuses_more_places_than_the_currency_has():
    check_places(D("10.50"), "USD")
    check_places(D("999999999999"), "JPY")
    check_places(D("1.234"), "KWD")
    with pytest.raises(ValidationError):
        check_places(D("10.505"), "USD")
    with pytest.raises(ValidationError):
        check_places(D("1.5"), "JPY")
    with pytest.raises(ValidationError):
        check_places(D("1.2345"), "KWD")
    with pytest.raises(ValidationError):
        check_places(0.5, "USD")  # type: ignore[arg-type]


def test_rounding_is_half_up_not_half_even():
    assert round_to_currency(D("0.125"), "USD") == D("0.13")
    assert round_to_currency(D("0.135"), "USD") == D("0.14")
    assert round_to_currency(D("2.5"), "JPY") == D("3")
    assert round_to_currency(D("1.0005"), "KWD") == D("1.001")
    assert round_to_currency(D("58600.000586"), "USD") == D("58600.00")


def test_format_money_shows_the_half_up_rounded_amount_in_the_readers_language():
    with translation.override("en"):
        assert format_money(D("0.125"), "USD") == "US$0.13"
        assert format_money(D("58600.000586"), "USD") == "US$58,600.00"
    with translation.override("es"):
        # Latin-American Spanish, as the member states write it; the same as letters.
        assert format_money(D("0.125"), "USD") == "US$0.13"
        assert format_money(D("1234.5"), "EUR") == "EUR\xa01,234.50"
        assert format_money(D("1234.5"), "EUR") == format_amount(D("1234.5"), "EUR")
    assert format_money(None, "USD") == "—"
    with pytest.raises(TypeError):
        format_money(0.5, "USD")  # type: ignore[arg-type]


def test_format_rate_shows_every_place_and_no_trailing_zeros():
    with translation.override("en"):
        assert format_rate(D("0.0586000000")) == "0.0586"
        assert format_rate(D("0.0000000001")) == "0.0000000001"
    with translation.override("es"):
        assert format_rate(D("0.0586000000")) == "0.0586"
        assert format_rate(D("7812.5")) == "7,812.5"


# --- Conversion ----------------------------------------------------------------------------


def test_the_product_is_exact_even_past_the_default_28_digits():
    amount = D("999999999999.9999")
    rate = D("12345.6789012345")
    product = multiply_exact(amount, rate)
    assert product == D("12345678901234498.76543210987655")
    assert len(product.as_tuple().digits) > 28
    assert amount * rate != product  # what the default context would have kept


@pytest.mark.django_db
def test_a_million_pesos_and_a_cent_at_0_0586_is_exactly_58600_000586():
    add_rate("MXN", DAY, "0.0586")
    conversion = convert(D("1000000.01"), "MXN", DAY)
    assert conversion.amount == D("58600.000586")
    assert conversion.rounded == D("58600.00")
    assert conversion.currency == settings.REPORTING_CURRENCY == "USD"
    assert conversion.rate == D("0.0586")
    assert conversion.rate_date == DAY


@pytest.mark.django_db
def test_a_day_without_a_rate_uses_the_latest_earlier_one():
    add_rate("EUR", DAY - datetime.timedelta(days=10), "1.0500")
    add_rate("EUR", DAY - datetime.timedelta(days=3), "1.0850")
    add_rate("EUR", DAY + datetime.timedelta(days=1), "1.2000")  # later: never used
    rate, rate_date = rate_on("EUR", DAY)
    assert (rate, rate_date) == (D("1.0850"), DAY - datetime.timedelta(days=3))


@pytest.mark.django_db
def test_no_rate_on_or_before_the_date_is_refused_naming_currency_and_date():
    add_rate("KWD", DAY + datetime.timedelta(days=1), "3.25")
    with pytest.raises(MissingRate) as raised:
        convert(D("10.000"), "KWD", DAY)
    error = raised.value
    with translation.override("en"):
        message = error.messages[0]
        assert "KWD" in message and "15 March 2011" in message and "USD" in message
    with translation.override("es"):
        message = error.messages[0]
        assert "KWD" in message and "15 de marzo de 2011" in message


@pytest.mark.django_db
def test_rates_to_another_reporting_currency_are_never_used():
    add_rate("MXN", DAY, "0.0500", reporting="EUR")
    with pytest.raises(MissingRate):
        rate_on("MXN", DAY)


@pytest.mark.django_db
def test_the_reporting_currency_converts_at_one_without_a_rate():
    conversion = convert(D("12.34"), "USD", DAY)
    assert (conversion.rounded, conversion.rate, conversion.rate_date) == (D("12.34"), 1, None)


def test_convert_refuses_a_float():
    with pytest.raises(TypeError):
        convert(0.1, "USD", DAY)  # type: ignore[arg-type]


def test_a_missing_rate_error_survives_copy_and_pickle():
    error = MissingRate("MXN", DAY)
    for clone in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
        assert (clone.currency, clone.on, clone.code) == ("MXN", DAY, "missing_rate")


# --- Sums in SQL -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sql_sum_of_rates_is_exact():
    for n, rate in enumerate(["0.0000000001", "12345678.1234567891", "0.3333333333"]):
        add_rate("CHF", DAY + datetime.timedelta(days=n), rate)
    total = ExchangeRate.objects.filter(currency="CHF").aggregate(total=Sum("rate"))["total"]
    assert total == D("12345678.4567901225")


# --- No float in application code --------------------------------------------------------

ROOT = Path(__file__).resolve().parents[3]


def _application_files() -> list[Path]:
    files = [ROOT / "mobiliza/core/money.py", ROOT / "mobiliza/core/rates/services.py"]
    for package in ("mobiliza/agreements", "mobiliza/pipeline"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "tests" in path.relative_to(ROOT / package).parts or path.name.startswith("test_"):
                continue
            files.append(path)
    return [path for path in files if path.exists()]


def test_no_float_call_in_money_agreements_or_pipeline_code():
    files = _application_files()
    assert any(path.name == "money.py" for path in files)
    offenders = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "float(" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "float( found in money code:\n" + "\n".join(offenders)
