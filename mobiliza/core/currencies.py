"""ISO 4217 currencies: the codes Mobiliza accepts, the ones its drop-downs offer, and their
names in the reader's language.

- :func:`currency_codes` is every code a record may hold, historic ones included, so a
  record kept with an obsolete code (``VEF``, ``HRK``) still reads and saves.
- :func:`current_codes` is what the drop-downs offer: the currencies some country uses
  today (Babel's CLDR data of each territory's tender), without the historic ones.
- :func:`currency_choices` lists the currencies in use first (the member states' and
  the coalition's donors'), then the other current ones by code; a form showing a record
  with an obsolete code still offers that code (:class:`CurrencySelect`).
- :data:`FIXED_PEGS` are the currencies fixed by law to the reporting currency: they
  convert without imported rates (see ``core.money.rate_on``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from babel.core import get_global
from babel.numbers import get_currency_name, get_territory_currencies, list_currencies
from django import forms
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

# Offered first, in this order: the dollar, the member states' currencies, then those of
# the coalition's usual donors.
CURRENCIES_IN_USE = (
    "USD",
    "GTQ",
    "HNL",
    "NIO",
    "CRC",
    "PAB",
    "DOP",
    "BZD",
    "MXN",
    "EUR",
    "CAD",
    "GBP",
    "CHF",
    "JPY",
    "SEK",
    "NOK",
    "DKK",
    "AUD",
    "KRW",
)

# Fixed by law: units of the anchor currency for one unit. The Belize dollar is fixed at
# two to the US dollar (Central Bank of Belize Act, 1976); the Panamanian balboa is at par
# with it (Panama uses the US dollar as legal tender since 1904).
FIXED_PEGS: dict[str, tuple[str, Decimal]] = {
    "BZD": ("USD", Decimal("0.5")),
    "PAB": ("USD", Decimal("1")),
}

# Babel's names begin in lower case in Spanish ("quetzal"); a list reads better capitalised.
_LANGUAGE_LOCALES = {"es": "es_419", "en": "en"}


@cache
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 code a record may hold (historic ones too)."""
    return frozenset(code for code in list_currencies() if len(code) == 3 and code not in _EXCLUDED)


@cache
def current_codes() -> frozenset[str]:
    """The codes some territory uses as tender today (CLDR), and those in use here."""
    today = datetime.date.today()
    found: set[str] = set(CURRENCIES_IN_USE)
    for territory in get_global("territory_currencies"):
        found.update(get_territory_currencies(territory, start_date=today, tender=True))
    return frozenset(found & currency_codes())


def is_current(code: str) -> bool:
    return code in current_codes()


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code (such as USD, EUR or GTQ)."),
            params={"value": value},
            code="invalid_currency",
        )


def currency_name(code: str, language: str | None = None) -> str:
    """``Quetzal guatemalteco`` / ``Guatemalan Quetzal``: the name in the reader's language."""
    base = (language or get_language() or "es")[:2]
    name = get_currency_name(code, locale=_LANGUAGE_LOCALES.get(base, base))
    return name[:1].upper() + name[1:]


def currency_label(code: str) -> str:
    """``GTQ – Quetzal guatemalteco``; an obsolete code says so."""
    label = f"{code} – {currency_name(code)}"
    if not is_current(code):
        label = _("%(currency)s (no longer in use)") % {"currency": label}
    return label


def currency_choices(*, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(code, "USD – US Dollar") in the reader's language: those in use first, then the
    other current codes by code; ``keep`` adds codes a record already holds."""
    kept = [code for code in dict.fromkeys(keep) if code and code not in current_codes()]
    rest = sorted(current_codes() - set(CURRENCIES_IN_USE))
    codes = [*CURRENCIES_IN_USE, *rest, *(code for code in kept if code in currency_codes())]
    return [(code, currency_label(code)) for code in codes]


class CurrencySelect(forms.Select):
    """A currency drop-down that still shows a record's obsolete code, so it is not lost."""

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        known = {str(choice[0]) for choice in self.choices}
        if value and str(value) not in known and str(value) in currency_codes():
            self.choices = [*self.choices, *currency_choices(keep=[str(value)])[-1:]]
        return super().get_context(name, value, attrs)


class CurrencyField(forms.ChoiceField):
    """The pages' currency input: current codes offered, any ISO code a record holds kept."""

    widget = CurrencySelect

    def __init__(self, *, empty_label: Any = "—", **kwargs: Any) -> None:
        kwargs.setdefault("choices", lambda: [("", empty_label), *currency_choices()])
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value) in currency_codes() or super().valid_value(value)
