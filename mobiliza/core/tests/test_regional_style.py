"""Numbers, dates and currencies as the region writes them, and read back as they are shown.

Spanish is written as in the member states (a decimal point, comma groups, ``US$``), the
same in letters, pages and forms; what a page shows, typed back into a form or an import,
gives the same Decimal; the currency drop-downs offer what is used first and hide the
historic codes; BZD and PAB convert at their fixed rates without imported ones.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation

from mobiliza.core.currencies import (
    CurrencyField,
    currency_choices,
    currency_codes,
    current_codes,
)
from mobiliza.core.formatting import format_amount
from mobiliza.core.imports import numbers
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import MoneyField, RateTable, convert, format_money, rate_on

AMOUNTS = ["1849089.25", "2000000.00", "0.05", "1500.00", "999999999999.99", "12.5"]


# --- amounts as the region writes them -------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_amounts_are_written_as_the_member_states_write_them(language):
    with translation.override(language):
        assert format_money(Decimal("1849089.25"), "USD") == "US$1,849,089.25"
        assert format_money(Decimal("96000"), "GTQ") == "GTQ\xa096,000.00"
        # The pages, tables and letters write the same text.
        assert format_money(Decimal("96000"), "GTQ") == format_amount(Decimal("96000"), "GTQ")


def test_django_writes_numbers_and_dates_in_one_style_per_context():
    day = datetime.date(2026, 12, 3)
    with translation.override("es"):
        assert formats.number_format(Decimal("1849089.25"), 2, force_grouping=True) == (
            "1,849,089.25"
        )
        assert formats.date_format(day) == "3 de diciembre de 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "03/12/2026"
    with translation.override("en"):
        assert formats.date_format(day) == "3 December 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "03/12/2026"


# --- the number round trip --------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("amount", AMOUNTS)
def test_what_a_page_shows_reads_back_in_a_form_and_an_import(language, amount):
    from mobiliza.directory.transfer.services import _decimal

    value = Decimal(amount)
    with translation.override(language):
        shown = format_money(value, "USD")
        form_field = MoneyField().formfield()
        assert form_field.clean(shown) == value
        assert form_field.clean(shown.removeprefix("US$")) == value
        assert numbers.parse_number(shown, None) == value
        assert _decimal(shown) == value  # the partner import's reading


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,849,089.25", "1849089.25"),
        ("US$1,849,089.25", "1849089.25"),
        ("1849089.25", "1849089.25"),
        ("1.849.089,25", "1849089.25"),  # Spain's style
        ("2.000.000", "2000000"),
        ("GTQ 96,000.00", "96000.00"),
        # Ambiguous: read by the convention the field's help text states.
        ("1,500", "1500"),
        ("1.500", "1.500"),
    ],
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_form_reads_either_convention(typed, read, language):
    with translation.override(language):
        field = MoneyField().formfield()
        assert field.clean(typed) == Decimal(read)
        assert "1,500" in str(field.help_text)


def test_the_partner_import_reads_the_style_the_app_once_showed():
    from mobiliza.directory.transfer.services import _decimal

    assert _decimal("2.000.000") == Decimal("2000000")
    assert _decimal("1.849.089,25") == Decimal("1849089.25")


def test_the_wizard_still_asks_about_an_ambiguous_cell():
    with pytest.raises(numbers.Ambiguous):
        numbers.parse_number("1.500", None)
    assert numbers.column_mark(["1.500", "2.000.000"]) == numbers.COMMA


@pytest.mark.parametrize("typed", ["1e3", "-0", "1_000", "abc", "１２"])
def test_a_form_still_refuses_what_is_no_amount(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        MoneyField().formfield().clean(typed)


def test_the_api_still_reads_only_plain_decimals(db):
    from django.core.exceptions import ValidationError

    from mobiliza.core.money import parse_decimal_text

    with pytest.raises(ValidationError):
        parse_decimal_text("1,849,089.25")


# --- currencies -------------------------------------------------------------------------


def test_the_currencies_in_use_come_first_and_historic_ones_are_hidden():
    with translation.override("es"):
        codes = [code for code, _label in currency_choices()]
        labels = dict(currency_choices())
    assert codes[:9] == ["USD", "GTQ", "HNL", "NIO", "CRC", "PAB", "DOP", "BZD", "MXN"]
    assert {"EUR", "CAD", "GBP", "CHF", "JPY", "SEK", "NOK", "DKK"} <= set(codes[:20])
    for historic in ("VEF", "HRK", "ESP", "DEM", "SVC"):
        assert historic not in codes
        assert historic in currency_codes()  # still accepted on a record
    assert len(codes) < 200
    assert set(codes) == set(current_codes())
    assert labels["GTQ"] == "GTQ – Quetzal guatemalteco"
    with translation.override("en"):
        assert dict(currency_choices())["GTQ"] == "GTQ – Guatemalan Quetzal"


def test_a_record_kept_in_an_obsolete_currency_still_shows_it():
    field = CurrencyField(required=False)
    assert field.clean("VEF") == "VEF"
    html = field.widget.render("currency", "VEF")
    assert 'value="VEF" selected' in html
    assert 'value="HRK"' not in html


def test_the_contribution_filter_names_the_currencies(client, login):
    login("secretariat")
    with translation.override("en"):
        page = client.get(reverse("agreements:contribution_list")).content.decode()
    assert "GTQ – Guatemalan Quetzal" in page
    assert '<option value="VEF"' not in page


# --- fixed rates ------------------------------------------------------------------------


@pytest.mark.django_db
def test_belize_dollars_and_balboas_convert_without_imported_rates():
    ExchangeRate.objects.filter(currency__in=["BZD", "PAB"]).delete()
    day = datetime.date(2011, 3, 15)
    assert convert(Decimal("100.00"), "BZD", day).rounded == Decimal("50.00")
    assert convert(Decimal("100.00"), "PAB", day).rounded == Decimal("100.00")
    assert rate_on("BZD", day) == (Decimal("0.5"), None)
    assert RateTable("BZD").convert(Decimal("33.33"), day).rounded == Decimal("16.67")
    assert RateTable("PAB").convert(Decimal("33.33"), day).rounded == Decimal("33.33")


def test_a_contribution_in_belize_dollars_saves_without_rates(cast):
    from mobiliza.agreements.tests.test_contributions_helpers import contribution

    ExchangeRate.objects.filter(currency="BZD").delete()
    made = contribution(amount=Decimal("1000.00"), currency="BZD")
    assert made.amount_reporting == Decimal("500.00")
    assert made.rate == Decimal("0.5")


def test_the_rates_page_shows_the_fixed_rates(client, login):
    login("secretariat")
    for language in ("es", "en"):
        with translation.override(language):
            page = client.get(reverse("rates:exchangerate_list")).content.decode()
        assert "data-fixed-rates" in page
        assert "BZD" in page and "0.5" in page


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_amount_a_page_shows_typed_back_into_its_form_is_the_same(client, login, language):
    from mobiliza.agreements.tests.test_contributions_helpers import contribution

    login("secretariat")
    record = contribution(amount=Decimal("1849089.25"), currency="USD")
    with translation.override(language):
        detail = record.get_absolute_url()
        edit = reverse("agreements:contribution_edit", args=[record.pk])
    shown = "US$1,849,089.25"
    assert shown in client.get(detail).content.decode()
    form = client.get(edit).context["form"]
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if name in form.fields and value is not None and not isinstance(value, list)
    }
    data.update({"amount": shown, "version": record.version})
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    record.refresh_from_db()
    assert record.amount == Decimal("1849089.25")
    # Spain's style, typed by habit, reads as the same amount.
    data.update({"amount": "1.849.089,25", "version": record.version})
    assert client.post(edit, data).status_code == 302
    record.refresh_from_db()
    assert record.amount == Decimal("1849089.25")
