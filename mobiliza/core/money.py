"""Money: exact decimal amounts stored as whole numbers, and conversion to the reporting currency.

SQLite keeps ``DECIMAL`` columns as floating point, so sums drift and large amounts lose
cents. Amounts and rates are therefore stored as integers scaled by a fixed power of
ten (:class:`ScaledDecimalField`): both databases then add them exactly, in SQL, and
Python only ever sees :class:`~decimal.Decimal`.

Conversion rule (documented in ``docs/money.md``): an amount is converted at the rate
of its value date, or, when that day has no rate, at the latest earlier rate of the
same currency. When the currency has no rate on or before that date the amount is
refused with :class:`MissingRate`, which names the currency and the date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_currency, get_currency_precision
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The largest amount accepted anywhere: twelve digits before the point.
MAX_AMOUNT = Decimal("999999999999.99")
AMOUNT_SCALE = 4  # ten-thousandths: enough for every ISO 4217 currency (at most 4 places)
RATE_SCALE = 10


class ScaledDecimalField(models.BigIntegerField):
    """A ``Decimal`` stored as a whole number of ``10**-scale`` units.

    ``Decimal("12.34")`` with scale 4 is stored as ``123400``. Sums and comparisons in
    SQL stay exact on SQLite and PostgreSQL alike; values that need more places than
    the scale are refused, never rounded silently.
    """

    def __init__(self, *args: Any, scale: int = AMOUNT_SCALE, **kwargs: Any) -> None:
        self.scale = scale
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["scale"] = self.scale
        return name, path, args, kwargs

    @property
    def _unit(self) -> Decimal:
        return Decimal(1).scaleb(-self.scale)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale).quantize(self._unit)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value is None or value == "":
            return None
        if isinstance(value, float):
            raise ValidationError(_("Amounts must be exact decimals, not floating point."))
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError(
                _("“%(value)s” is not a number."), code="invalid", params={"value": value}
            ) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a finite number."), code="invalid")
        if number != number.quantize(self._unit, rounding=ROUND_HALF_UP):
            raise ValidationError(
                _("Use at most %(places)s decimal places."),
                code="too_many_places",
                params={"places": self.scale},
            )
        return number

    def get_prep_value(self, value: Any) -> int | None:  # type: ignore[override]
        number = self.to_python(value)
        if number is None:
            return None
        return int(number.scaleb(self.scale).to_integral_value())

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        return value

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        defaults: dict[str, Any] = {
            "form_class": forms.DecimalField,
            "max_digits": 12 + self.scale,
            "decimal_places": self.scale,
        }
        defaults.update(kwargs)
        # Skip IntegerField.formfield, which would build an integer input.
        return models.Field.formfield(self, **defaults)

    def get_internal_type(self) -> str:
        return "BigIntegerField"


class MoneyField(ScaledDecimalField):
    """An amount of money (its currency is another field), exact to 1/10,000 of a unit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("scale", AMOUNT_SCALE)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:
        kwargs.setdefault("max_value", MAX_AMOUNT)
        return super().formfield(**kwargs)


class RateField(ScaledDecimalField):
    """An exchange rate: units of the reporting currency for one unit of another currency."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("scale", RATE_SCALE)
        super().__init__(*args, **kwargs)


def reporting_currency() -> str:
    return settings.REPORTING_CURRENCY


def currency_places(currency: str) -> int:
    """How many decimal places the currency uses (2 for USD, 0 for JPY, 3 for KWD)."""
    return int(get_currency_precision(currency))


def check_places(amount: Decimal, currency: str) -> None:
    """Refuse an amount with more decimal places than its currency has."""
    places = currency_places(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        raise ValidationError(
            _("%(currency)s amounts have at most %(places)s decimal places."),
            code="too_many_places",
            params={"currency": currency, "places": places},
        )


def round_to_currency(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the places of ``currency``: what is stored, shown and added up."""
    return amount.quantize(Decimal(1).scaleb(-currency_places(currency)), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | None, currency: str) -> str:
    """``US$1,234.50`` or ``1.234,50 US$`` in the reader's language; no float on the way."""
    if amount is None:
        return "—"
    locale = (get_language() or settings.LANGUAGE_CODE)[:2]
    return format_currency(amount, currency, locale=locale)


class MissingRate(ValidationError):
    """No exchange rate of ``currency`` on or before ``on``: the amount cannot be converted."""

    def __init__(self, currency: str, on: datetime.date) -> None:
        self.currency = currency
        self.on = on
        super().__init__(
            _(
                "There is no exchange rate for %(currency)s on or before %(date)s, so the "
                "amount cannot be converted to %(reporting)s. Import the rates of "
                "%(currency)s on the exchange-rates page, then save again."
            ),
            code="missing_rate",
            params={
                "currency": currency,
                "date": date_format(on, "DATE_FORMAT"),
                "reporting": reporting_currency(),
            },
        )


@dataclass(frozen=True)
class Conversion:
    """An amount converted to the reporting currency, with the rate that was used."""

    amount: Decimal  # exact product amount × rate
    rounded: Decimal  # rounded to the reporting currency's places: what totals add up
    currency: str  # the reporting currency
    rate: Decimal
    rate_date: datetime.date | None  # None when no conversion was needed


def rate_on(currency: str, on: datetime.date) -> tuple[Decimal, datetime.date | None]:
    """The rate of ``currency`` on ``on``, or the latest earlier one. One query."""
    from mobiliza.core.models import ExchangeRate

    if currency == reporting_currency():
        return Decimal(1), None
    found = (
        ExchangeRate.objects.filter(currency=currency, date__lte=on)
        .order_by("-date")
        .values_list("rate", "date")
        .first()
    )
    if found is None:
        raise MissingRate(currency, on)
    return found[0], found[1]


def convert(amount: Decimal, currency: str, on: datetime.date) -> Conversion:
    """Convert ``amount`` of ``currency`` to the reporting currency at the rate of ``on``."""
    if isinstance(amount, float):  # pragma: no cover - a programming error, loudly
        raise TypeError("Money must be Decimal, never float.")
    rate, rate_date = rate_on(currency, on)
    exact = amount * rate
    target = reporting_currency()
    return Conversion(
        amount=exact,
        rounded=round_to_currency(exact, target),
        currency=target,
        rate=rate,
        rate_date=rate_date,
    )
