"""Numbers as people type them: ``1.500.000,00`` and ``1,500,000.00`` alike.

One reader for the import wizard and the pages' amount fields
(``core.money.ExactDecimalFormField`` calls :func:`read_amount`): what the app shows
(``US$1,849,089.25``, ``GTQ 96,000.00``) reads back as the same Decimal, and so does
Spain's style (``1.849.089,25``, ``2.000.000``) and a plain ``1849089.25``.

A cell with one separator followed by exactly three digits (``250.000``, ``1,500``) can
be read either way. Such a cell is read by its column's other values (``2.000.000`` in
the same column says the dot groups thousands); when the column says nothing, it stays
*ambiguous* and the preview asks the user, offering the reading of the user's language
first. Nothing is guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_decimal_symbol

COMMA = ","  # the decimal mark is a comma: 1.500.000,00
DOT = "."  # the decimal mark is a dot: 1,500,000.00
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_SHAPE = re.compile(r"^[+-]?[0-9.,]+$")
# A currency written before or after the number: an ISO code, ``US$``, ``RD$``, ``C$``,
# ``B/.`` or a sign; with an optional minus before it (``-US$12.50``).
_CURRENCY = r"(?:[A-Z]{3}|[A-Z]{1,2}\$|\$|B/\.|[€£¥₡₲Q])"
_WITH_CURRENCY = re.compile(
    rf"^(?P<sign>[+-]?)(?:{_CURRENCY})?(?P<number>[+-]?[0-9.,]+)(?:{_CURRENCY})?$"
)


class NotANumber(ValueError):
    pass


class Ambiguous(ValueError):
    """The cell reads as two different numbers; the user must say which."""


def _clean(text: str) -> str:
    """The cell without spaces and without the currency written around it."""
    value = _SPACES.sub("", text.strip())
    found = _WITH_CURRENCY.match(value)
    if found and (found["sign"] or value != found["number"]):
        number = found["number"]
        if found["sign"] == "-" and not number.startswith(("+", "-")):
            number = "-" + number
        return number
    return value


def evidence(text: Any) -> str | None:
    """The decimal mark a cell's shape proves (COMMA or DOT), or None when it proves none."""
    if not isinstance(text, str):
        return None
    value = _clean(text)
    if not _SHAPE.match(value):
        return None
    commas, dots = value.count(","), value.count(".")
    if commas and dots:
        return COMMA if value.rfind(",") > value.rfind(".") else DOT
    for mark, count in ((",", commas), (".", dots)):
        if count > 1:  # a mark repeated groups thousands: the other is the decimal mark
            return DOT if mark == "," else COMMA
        if count == 1 and len(value) - value.rfind(mark) - 1 != 3:
            return COMMA if mark == "," else DOT
    return None


def is_ambiguous(text: Any) -> bool:
    if not isinstance(text, str):
        return False
    value = _clean(text)
    if not _SHAPE.match(value) or evidence(value) is not None:
        return False
    return (value.count(",") + value.count(".")) == 1


def column_mark(values: Iterable[Any]) -> str | None:
    """The decimal mark a column's cells agree on, or None when they prove none or disagree."""
    marks = {mark for mark in (evidence(v) for v in values) if mark}
    return marks.pop() if len(marks) == 1 else None


def language_mark(language: str) -> str:
    """The decimal mark of a language's usual convention, as Mobiliza writes it
    (``core.formatting``: a decimal point in Spanish too, as the member states write)."""
    from mobiliza.core.formatting import amount_locale

    return COMMA if get_decimal_symbol(amount_locale(language or None)) == "," else DOT


def read_amount(text: str, language: str | None = None) -> Decimal:
    """An amount typed in a form: either convention, with or without its currency.

    A number that reads two ways (``1,500``, ``1.500``) is read by the convention of
    ``language`` (the active one by default), which the field's help text states.
    Raises :class:`NotANumber`.
    """
    try:
        return parse_number(text, None)
    except Ambiguous:
        return parse_number(text, language_mark(language or ""))


def parse_number(value: Any, mark: str | None) -> Decimal:
    """``value`` as an exact Decimal, ``mark`` being the decimal mark to read it with.

    Raises :class:`Ambiguous` for a cell that reads two ways when ``mark`` is None, and
    :class:`NotANumber` for what is no number.
    """
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as the same float
    text = _clean(str(value))
    if not _SHAPE.match(text):
        raise NotANumber(text)
    proved = evidence(text)
    if proved is None and is_ambiguous(text) and mark is None:
        raise Ambiguous(text)
    use = proved or mark or DOT
    thousands = "." if use == COMMA else ","
    if text.count(use) > 1:
        raise NotANumber(text)
    try:
        return Decimal(text.replace(thousands, "").replace(use, "."))
    except InvalidOperation as exc:
        raise NotANumber(text) from exc
