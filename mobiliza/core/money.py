"""Money: exact decimal amounts stored as whole numbers, and conversion to the reporting currency.

SQLite keeps ``DECIMAL`` columns as floating point, so sums drift and large amounts lose
cents. Amounts and rates are therefore stored as integers scaled by a fixed power of
ten (:class:`ScaledDecimalField`): both databases then add them exactly, in SQL, and
Python only ever sees :class:`~decimal.Decimal`.

Conversion rule (documented in ``docs/money.md``): an amount is converted at the rate
of its value date, or, when that day has no rate, at the latest earlier rate of the
same currency. When the currency has no rate on or before that date the amount is
refused with :class:`MissingRate`, which names the currency and the date. A currency
fixed by law to the reporting currency (BZD, PAB to the US dollar) converts at its fixed
rate, with no imported rate (:func:`fixed_peg`).
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, Inexact, InvalidOperation, localcontext
from typing import Any

from babel.numbers import format_decimal, get_currency_precision
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# The largest amount accepted anywhere: twelve digits before the point.
MAX_AMOUNT = Decimal("999999999999.99")
AMOUNT_SCALE = 4  # ten-thousandths: enough for every ISO 4217 currency (at most 4 places)
RATE_SCALE = 10
# What a signed 64-bit column holds: the stored (scaled) value may not pass it.
BIGINT_MAX = 2**63 - 1
# Enough significant digits for any product of an amount and a rate (16 + 20 digits).
EXACT_PRECISION = 60

# An amount or a rate as people type it: ASCII digits, an optional sign, a point before the
# decimals. Python's Decimal would also take "1_000", "1e3", "NaN", "-0" and other scripts'
# digits ("１２"); none of them is how an amount is written, and each hides a typing error.
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_decimal_text(text: str) -> Decimal:
    """Read an amount or a rate written as text, refusing what is not plainly a number.

    ``"1234.56"``, ``"-12"`` and ``" 0.5 "`` are read; ``"1_000"``, ``"1e3"``, ``"NaN"``,
    ``"Infinity"``, ``"-0"`` and non-ASCII digits are refused with a translated message.
    The pages, the API and the imports all read amounts through here.
    """
    candidate = text.strip()
    if not _PLAIN_DECIMAL.fullmatch(candidate):
        raise ValidationError(
            _(
                "Enter a plain decimal number: the digits 0 to 9, an optional minus sign "
                "and a point before the decimals, such as 1234.56."
            ),
            code="invalid",
        )
    number = Decimal(candidate)
    if number.is_zero() and number.is_signed():
        raise ValidationError(_("Enter zero without a minus sign."), code="negative_zero")
    return number


# Said under every amount field of the pages: how what is typed is read.
AMOUNT_READING_HELP = _(
    "Type it as the app writes it, such as 1,849,089.25 (a point before the cents); "
    "US$, a currency code and 1.849.089,25 are read too. A single point or comma before "
    "three digits is read as a decimal point when it is a point (1.500 is one and a half) "
    "and as a thousands separator when it is a comma (1,500 is one thousand five hundred)."
)


class ExactDecimalFormField(forms.DecimalField):
    """The pages' input of an amount or rate.

    What the pages show reads back: ``US$1,849,089.25``, ``1,849,089.25``, ``1849089.25``
    and Spain's ``1.849.089,25`` are all read by the import wizard's reader
    (``core.imports.numbers.read_amount``); the result is then held to the rule of every
    amount (:func:`parse_decimal_text`: no ``1e3``, no ``-0``). A text input, since the
    browser's number input refuses comma groups.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_text = _join_help(self.help_text, AMOUNT_READING_HELP)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str) and value.strip() not in self.empty_values:
            value = format(read_typed_amount(value), "f")
            parse_decimal_text(value)
        return super().to_python(value)


def read_typed_amount(text: str) -> Decimal:
    """An amount typed in a form, in either convention (see :class:`ExactDecimalFormField`)."""
    from mobiliza.core.imports.numbers import NotANumber, read_amount

    try:
        return read_amount(text)
    except NotANumber:
        raise ValidationError(
            _("Enter a number, such as 1,849,089.25 or 1849089.25."), code="invalid"
        ) from None


def _join(first: Any, second: Any) -> str:
    return f"{first} {second}" if first else str(second)


_join_help = lazy(_join, str)


class ScaledDecimalField(models.BigIntegerField):
    """A ``Decimal`` stored as a whole number of ``10**-scale`` units.

    ``Decimal("12.34")`` with scale 4 is stored as ``123400``. Sums and comparisons in
    SQL stay exact on SQLite and PostgreSQL alike; values that need more places than
    the scale are refused, never rounded silently.
    """

    # What django-stubs reads for the model attribute's type: a Decimal, not the column's int.
    _pyi_private_set_type: Decimal | int | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Decimal  # type: ignore[assignment]
    _pyi_lookup_exact_type: Decimal | int | str  # type: ignore[assignment]

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
        # A SUM comes back as a whole number (SQLite) or an integral NUMERIC (PostgreSQL).
        # Anything else (a float from arithmetic in SQL) has no exact meaning: refuse it.
        if not isinstance(value, int | Decimal) or value != int(value):
            raise TypeError(
                f"{type(self).__name__} read {value!r} from the database: only whole scaled "
                "units are exact. Add money with Sum, never with Avg or SQL arithmetic."
            )
        with localcontext() as context:
            context.prec = EXACT_PRECISION
            return Decimal(int(value)).scaleb(-self.scale).quantize(self._unit)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value is None or value == "":
            return None
        if isinstance(value, float):
            raise ValidationError(_("Amounts must be exact decimals, not floating point."))
        if isinstance(value, str):
            number = parse_decimal_text(value)
        else:
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                raise ValidationError(
                    _("“%(value)s” is not a number."), code="invalid", params={"value": value}
                ) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a finite number."), code="invalid")
        if number and number.adjusted() > 30:  # far past any column; scaling it could overflow
            raise ValidationError(
                _("%(value)s is too large to be stored."), code="too_large", params={"value": value}
            )
        with localcontext() as context:
            context.prec = EXACT_PRECISION
            scaled = number.scaleb(self.scale)
            if abs(scaled) > BIGINT_MAX:
                # Past what the column holds: refuse it here rather than fail in the database.
                raise ValidationError(
                    _("%(value)s is too large to be stored."),
                    code="too_large",
                    params={"value": value},
                )
            if scaled != scaled.to_integral_value():
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
        with localcontext() as context:
            context.prec = EXACT_PRECISION
            return int(number.scaleb(self.scale).to_integral_value())

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        return value

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": ExactDecimalFormField,
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
    if isinstance(amount, float):
        raise ValidationError(_("Amounts must be exact decimals, not floating point."))
    places = currency_places(currency)
    if amount != round_to_currency(Decimal(amount), currency):
        raise ValidationError(
            _("%(currency)s amounts have at most %(places)s decimal places."),
            code="too_many_places",
            params={"currency": currency, "places": places},
        )


def round_to_currency(amount: Decimal, currency: str) -> Decimal:
    """Round half up (away from zero) to the places of ``currency``: what is stored, shown
    and added up. 0.125 USD is 0.13; 0.5 JPY is 1."""
    with localcontext() as context:
        context.prec = EXACT_PRECISION
        return amount.quantize(
            Decimal(1).scaleb(-currency_places(currency)), rounding=ROUND_HALF_UP
        )


def format_money(amount: Decimal | None, currency: str) -> str:
    """``US$1,234.50`` or ``GTQ 96,000.00`` in the reader's language; no float on the way.

    The same text as :func:`mobiliza.core.formatting.format_amount` (which it calls), so
    pages, tables, letters, e-mails and exports write an amount alike. The amount is
    rounded half up to the currency's places (as it is stored and added up).
    """
    from mobiliza.core.formatting import format_amount

    return format_amount(amount, currency)


def format_rate(rate: Decimal | None) -> str:
    """A rate with all its places and no trailing zeros, as the region writes it:
    ``0.0586`` in both languages, ``7,812.5`` with comma groups."""
    from mobiliza.core.formatting import amount_locale

    if rate is None:
        return "—"
    return format_decimal(rate, format="#,##0." + "#" * RATE_SCALE, locale=amount_locale())


def _date_in_language(on: datetime.date) -> str:
    return date_format(on, "DATE_FORMAT")


# Formatted when the message is shown, so the date follows the reader's language.
_lazy_date = lazy(_date_in_language, str)


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
                "date": _lazy_date(on),
                "reporting": reporting_currency(),
            },
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # ValidationError's own arguments differ from ours: copy and pickle with ours.
        return (type(self), (self.currency, self.on))


@dataclass(frozen=True)
class Conversion:
    """An amount converted to the reporting currency, with the rate that was used."""

    amount: Decimal  # exact product amount × rate
    rounded: Decimal  # rounded to the reporting currency's places: what totals add up
    currency: str  # the reporting currency
    rate: Decimal
    rate_date: datetime.date | None  # None when no conversion was needed


def fixed_peg(currency: str) -> Decimal | None:
    """The rate fixed by law of ``currency`` to the reporting currency (BZD 0.5 and PAB 1
    to the US dollar, ``core.currencies.FIXED_PEGS``), or None: such a currency converts
    without imported rates, on any date."""
    from mobiliza.core.currencies import FIXED_PEGS

    peg = FIXED_PEGS.get(currency)
    if peg is None or peg[0] != reporting_currency():
        return None
    return peg[1]


def rate_on(currency: str, on: datetime.date) -> tuple[Decimal, datetime.date | None]:
    """The rate of ``currency`` on ``on``, or the latest earlier one. One query.

    Only rates to the current reporting currency count: rates kept from before a change
    of reporting currency are never applied to the new one.
    """
    from mobiliza.core.models import ExchangeRate

    target = reporting_currency()
    if currency == target:
        return Decimal(1), None
    pegged = fixed_peg(currency)
    if pegged is not None:
        return pegged, None
    found = (
        ExchangeRate.objects.filter(currency=currency, reporting_currency=target, date__lte=on)
        .order_by("-date")
        .values_list("rate", "date")
        .first()
    )
    if found is None:
        raise MissingRate(currency, on)
    return found[0], found[1]


def multiply_exact(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount × rate`` with no rounding at all (an error, never a silent rounding)."""
    with localcontext() as context:
        context.prec = EXACT_PRECISION
        context.traps[Inexact] = True
        return amount * rate


def convert(amount: Decimal, currency: str, on: datetime.date) -> Conversion:
    """Convert ``amount`` of ``currency`` to the reporting currency at the rate of ``on``.

    The product is exact (the default decimal context keeps only 28 digits, which a
    twelve-digit amount times a ten-place rate can pass); it is then rounded half up to
    the reporting currency's places.
    """
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise TypeError("Money must be Decimal, never float.")
    rate, rate_date = rate_on(currency, on)
    exact = multiply_exact(Decimal(amount), rate)
    target = reporting_currency()
    return Conversion(
        amount=exact,
        rounded=round_to_currency(exact, target),
        currency=target,
        rate=rate,
        rate_date=rate_date,
    )


class RateTable:
    """Every rate of one currency, read in one query, for converting many amounts at once."""

    def __init__(self, currency: str) -> None:
        from mobiliza.core.models import ExchangeRate

        self.currency = currency
        self.target = reporting_currency()
        self.pegged = fixed_peg(currency)
        rows = (
            []
            if currency == self.target or self.pegged is not None
            else list(
                ExchangeRate.objects.filter(currency=currency, reporting_currency=self.target)
                .order_by("date")
                .values_list("date", "rate")
            )
        )
        self._dates = [d for d, _ in rows]
        self._rates = [r for _, r in rows]

    def convert(self, amount: Decimal, on: datetime.date) -> Conversion:
        """Like :func:`convert`, from the rates in memory."""
        if self.currency == self.target:
            rate, rate_date = Decimal(1), None
        elif self.pegged is not None:
            rate, rate_date = self.pegged, None
        else:
            index = bisect_right(self._dates, on) - 1
            if index < 0:
                raise MissingRate(self.currency, on)
            rate, rate_date = self._rates[index], self._dates[index]
        exact = multiply_exact(Decimal(amount), rate)
        return Conversion(
            amount=exact,
            rounded=round_to_currency(exact, self.target),
            currency=self.target,
            rate=rate,
            rate_date=rate_date,
        )
