"""The API's dates: ISO 8601 with the digits 0 to 9, as the pages read them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from mobiliza.core.validators import validate_date_text


class PlainDateField(serializers.DateField):
    """DRF's date, refusing other scripts' digits (``"２０２５-03-31"``) instead of reading them."""

    def to_internal_value(self, value: Any) -> Any:
        try:
            validate_date_text(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code=error.code) from None
        return super().to_internal_value(value)
