"""Numbers in both conventions, and the cells that stay ambiguous."""

from decimal import Decimal

import pytest

from mobiliza.core.imports.numbers import (
    COMMA,
    DOT,
    Ambiguous,
    NotANumber,
    column_mark,
    language_mark,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000,00", Decimal("1500000.00")),
        ("1,500,000.00", Decimal("1500000.00")),
        ("2.000.000", Decimal("2000000")),
        ("2,000,000", Decimal("2000000")),
        ("1 500 000,50", Decimal("1500000.50")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("250000", Decimal("250000")),
    ],
)
def test_a_number_whose_shape_says_its_convention_is_read_exactly(text, expected):
    assert parse_number(text, None) == expected


def test_250_000_is_asked_about_unless_the_column_or_the_user_says():
    with pytest.raises(Ambiguous):
        parse_number("250.000", None)
    assert parse_number("250.000", COMMA) == Decimal("250000")
    assert parse_number("250.000", DOT) == Decimal("250.000")


def test_the_columns_other_values_decide_the_ambiguous_ones():
    assert column_mark(["250.000", "2.000.000", ""]) == COMMA
    assert column_mark(["250,000", "1,500.50"]) == DOT
    assert column_mark(["250.000", "1.000"]) is None
    assert column_mark(["2.000.000", "1,500.50"]) is None  # they disagree: ask


def test_the_users_language_offers_its_convention():
    # Spanish as the member states write it: a decimal point, like English.
    assert language_mark("es") == DOT
    assert language_mark("en") == DOT


def test_spreadsheet_numbers_keep_their_value_and_words_are_refused():
    assert parse_number(2500000.0, None) == Decimal("2500000.0")
    assert parse_number(0.1, None) == Decimal("0.1")
    with pytest.raises(NotANumber):
        parse_number("muchos", None)
    with pytest.raises(NotANumber):
        parse_number("1.2.3,4,5", None)
