"""Amounts in letters and messages: the currency's code, then the digits as the language
writes them; and the language tags documents declare."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from mobiliza.core.formatting import format_amount, language_tag

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "language", "written"),
    [
        # As the member states write: a decimal point and comma groups in both languages.
        ("96000", "GTQ", "es", "GTQ 96,000.00"),
        ("96000", "GTQ", "en", "GTQ 96,000.00"),
        ("1849089.25", "USD", "es", "US$1,849,089.25"),  # the region has several dollars
        ("1849089.25", "USD", "en", "US$1,849,089.25"),
        ("-12.5", "USD", "es", "-US$12.50"),
        ("1500", "JPY", "en", "JPY 1,500"),  # no minor unit
        ("1.2345", "KWD", "es", "KWD 1.235"),  # three places, rounded half up
        ("0.125", "USD", "en", "US$0.13"),  # half up, as it is stored, not half even
        ("999999999999.99", "MXN", "es", "MXN 999,999,999,999.99"),
    ],
)
def test_an_amount_reads_as_its_language_writes_numbers(amount, currency, language, written):
    assert format_amount(Decimal(amount), currency, language=language) == written.replace(" ", NBSP)


def test_without_a_language_the_active_one_is_used():
    with translation.override("en"):
        assert format_amount(Decimal("96000"), "GTQ") == f"GTQ{NBSP}96,000.00"
    with translation.override("es"):
        assert format_amount(Decimal("96000"), "GTQ") == f"GTQ{NBSP}96,000.00"


def test_a_float_is_refused_and_no_amount_is_a_dash():
    with pytest.raises(TypeError):
        format_amount(96000.0, "GTQ")  # type: ignore[arg-type]
    assert format_amount(None, "GTQ") == "—"


def test_documents_are_tagged_spanish_of_central_america_or_english():
    assert language_tag("es") == "es-GT"
    assert language_tag("en") == "en"
    assert language_tag("es-en") == "es-GT"  # a bilingual document starts in Spanish
    assert language_tag("fr") == "es-GT"  # a language we do not write: the default
