"""ISO 4217 currencies: the codes Mobiliza accepts and their names in the reader's language."""

from __future__ import annotations

from functools import cache

from babel.numbers import get_currency_name, list_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Codes that are not money a coalition receives (precious metals, test and fund codes).
_EXCLUDED = {
    "XAU",
    "XAG",
    "XPD",
    "XPT",
    "XTS",
    "XXX",
    "XDR",
    "XSU",
    "XUA",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
}


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if len(code) == 3 and code not in _EXCLUDED)


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code (such as USD, EUR or GTQ)."),
            params={"value": value},
            code="invalid_currency",
        )


def currency_choices() -> list[tuple[str, str]]:
    """(code, "USD – US Dollar") in the reader's language, most used first."""
    locale = (get_language() or "es")[:2]
    common = ["USD", "EUR", "GTQ", "HNL", "NIO", "CRC", "MXN", "PAB", "DOP", "BZD", "CAD", "GBP"]
    rest = sorted(currency_codes() - set(common))
    return [(code, f"{code} – {get_currency_name(code, locale=locale)}") for code in common + rest]
