"""Serializer plumbing shared by every app's API: exact money, currency codes, related codes.

It sits below the apps and imports none of them (a member state's code is
``coalition.api.serializers.CountryField``).

Amounts and rates are :class:`~mobiliza.core.money.ScaledDecimalField` columns (whole
numbers in the database, ``Decimal`` in Python). DRF would see a ``BigIntegerField`` and
offer an integer; here they travel as decimal *strings* (``"999999999999.99"``), so no
JSON float ever carries money, and the schema documents them as ``format: decimal``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mobiliza.core.currencies import validate_currency
from mobiliza.core.drf.parsers import DecimalJSONParser, FormParser, MultiPartParser
from mobiliza.core.drf.viewsets import VersionedSerializer
from mobiliza.core.money import MAX_AMOUNT, MoneyField, ScaledDecimalField, parse_decimal_text
from mobiliza.core.permissions import restrict

# A BigIntegerField holds any number of 18 digits (scale included): an amount's twelve
# whole digits (MAX_AMOUNT) plus its four places fit, and a rate keeps eight whole digits.
MAX_SCALED_DIGITS = 18


class ExactDecimalField(serializers.DecimalField):
    """A decimal sent and shown as a string; a binary float is refused, never rounded.

    Shown without the storage's trailing zeros but with at least ``min_places`` places:
    ``Decimal("12.3000")`` is ``"12.30"`` for money.
    """

    default_error_messages = {
        "float": _(
            "Send the amount as a string such as “1234567.89”: a floating-point number "
            "may not be exact."
        ),
    }

    def __init__(self, *, min_places: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("coerce_to_string", True)
        self.min_places = min_places
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, float):
            self.fail("float")
        if isinstance(data, Decimal) or (isinstance(data, str) and data.strip()):
            # A JSON number arrives as a Decimal: "1e3" shows as "1E+3" and is refused too.
            try:
                parse_decimal_text(str(data))
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages, code=error.code) from None
        return super().to_internal_value(data)

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return None
        number = Decimal(value) if not isinstance(value, Decimal) else value
        exponent = number.normalize().as_tuple().exponent
        places = max(self.min_places, -int(exponent))
        if self.decimal_places is not None:
            places = min(places, self.decimal_places)
        return f"{number.quantize(Decimal(1).scaleb(-places)):f}"


def exact_decimal_kwargs(model_field: ScaledDecimalField) -> dict[str, Any]:
    """The ``DecimalField`` arguments that fit a scaled column."""
    kwargs: dict[str, Any] = {
        "max_digits": min(12 + model_field.scale, MAX_SCALED_DIGITS),
        "decimal_places": model_field.scale,
        "coerce_to_string": True,
        "min_places": 2 if isinstance(model_field, MoneyField) else 0,
    }
    if isinstance(model_field, MoneyField):
        kwargs["max_value"] = MAX_AMOUNT
    return kwargs


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ``ModelSerializer`` that maps scaled-decimal columns to exact decimal strings."""

    serializer_field_mapping = {
        **VersionedSerializer.serializer_field_mapping,
        ScaledDecimalField: ExactDecimalField,
    }

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type, dict]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, ScaledDecimalField):
            # The integer column's range (±9.2e18 units) means nothing to a client.
            kwargs.pop("min_value", None)
            kwargs.pop("max_value", None)
            kwargs["validators"] = [
                v
                for v in kwargs.get("validators", [])
                if not isinstance(v, MinValueValidator | MaxValueValidator)
            ]
            if not kwargs["validators"]:
                del kwargs["validators"]
            kwargs.update(exact_decimal_kwargs(model_field))
            if kwargs.get("read_only"):
                kwargs.pop("max_value", None)
        return field_class, kwargs


class VersionedModelSerializer(ModelSerializer, VersionedSerializer):
    """Exact money plus ``version`` (sent back, or as ``If-Match``, to avoid lost updates)."""


def money_field(**kwargs: Any) -> ExactDecimalField:
    """A read-only or computed amount shown like the stored ones."""
    return ExactDecimalField(
        max_digits=16, decimal_places=4, coerce_to_string=True, min_places=2, **kwargs
    )


class CurrencyField(serializers.CharField):
    """An ISO 4217 currency code; ``"eur"`` is read as ``"EUR"``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)
        self.validators.append(validate_currency)

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data)).upper()


@extend_schema_field(OpenApiTypes.STR)
class CodeOrIdField(serializers.RelatedField):
    """A configuration item (a step, an action) given by its ``code`` or its id; shown as code."""

    slug_field = "code"  # what the schema reads to name the list of the codes

    default_error_messages = {
        "does_not_exist": _("There is no item with code or id “{value}”."),
        "incorrect_type": _("Give the code or the id."),
        "null_characters": _("Null characters are not allowed."),
    }

    def to_internal_value(self, data: Any) -> Any:
        queryset = self.get_queryset()
        assert queryset is not None
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("incorrect_type")
        value = str(data).strip()
        if "\x00" in value:  # the database cannot compare it
            self.fail("null_characters")
        found = queryset.filter(code=value).first()
        if found is None and value.isascii() and value.isdigit():
            found = queryset.filter(pk=int(value)).first()
        if found is None:
            self.fail("does_not_exist", value=value)
        return found

    def to_representation(self, value: Any) -> str:
        return str(value.code)


class VisibleRecordField(serializers.PrimaryKeyRelatedField):
    """A related record by its id, among those the request's user may view: another one is
    refused as unknown, so a client learns nothing of the records it may not see."""

    default_error_messages = {
        "does_not_exist": _("There is no record with the id {pk_value} that you may see."),
    }

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        queryset = super().get_queryset()
        assert queryset is not None
        return restrict(queryset, getattr(request, "user", None), "view")


class LinksField(serializers.Field):
    """The lists of the records that hang from this one, as addresses a client can follow.

    ``LinksField({"contacts": ("contact-list", "partner")})`` shows
    ``{"contacts": "https://.../api/v1/contacts/?partner=7"}``: the list, filtered by the
    record's id.
    """

    def __init__(self, links: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        self.links = links
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, str]:
        request = self.context.get("request")
        shown = {}
        for name, (url_name, parameter) in self.links.items():
            path = f"{reverse(url_name)}?{urlencode({parameter: value.pk})}"
            shown[name] = request.build_absolute_uri(path) if request is not None else path
        return shown


EXACT_PARSERS = [DecimalJSONParser, FormParser, MultiPartParser]  # also the default
