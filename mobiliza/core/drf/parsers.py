"""Request parsers: JSON numbers become ``Decimal``, never binary floats."""

from __future__ import annotations

import codecs
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser, get_encoding  # type: ignore[attr-defined]
from rest_framework.utils.json import strict_constant

# No record's body nests more than a few levels (a list of instalments, their fields); a
# deeper body is a mistake or a probe, refused before any serializer walks it.
MAX_JSON_DEPTH = 32


def _too_deep() -> str:
    return gettext("The JSON body is nested more than %(depth)s levels deep.") % {
        "depth": MAX_JSON_DEPTH
    }


def _check_shape(data: Any) -> None:
    """Refuse lists and objects nested past :data:`MAX_JSON_DEPTH`, and any text (a key or
    a value) holding a NUL character, which the database cannot store or compare; the error
    names where it is (``instalments.0.currency``). Walked without recursion."""
    pending: list[tuple[Any, int, str]] = [(data, 1, "")]
    while pending:
        value, depth, where = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise ValidationError({where or "non_field_errors": [_nul_message()]})
            continue
        if isinstance(value, dict):
            children = [(str(key), child) for key, child in value.items()]
        elif isinstance(value, list):
            children = [(str(index), child) for index, child in enumerate(value)]
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise ParseError(_too_deep())
        for key, child in children:
            path = f"{where}.{key}" if where else key
            if "\x00" in key:
                raise ValidationError({path: [_nul_message()]})
            pending.append((child, depth + 1, path))


def _nul_message() -> str:
    return gettext("Null characters are not allowed.")


class DecimalJSONParser(JSONParser):
    """JSON whose numbers with a fraction become ``Decimal``, so ``1234567.89`` stays exact.

    Python's ``json`` would make them binary floats, which cannot hold most amounts.
    """

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        encoding = get_encoding(parser_context or {})
        try:
            decoded = codecs.getreader(encoding)(stream)
            data = json.load(
                decoded,
                parse_float=Decimal,
                parse_constant=strict_constant if self.strict else None,
            )
        except RecursionError:
            # Nested past what Python's parser can follow: refused like any too-deep body.
            raise ParseError(_too_deep()) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        _check_shape(data)
        return data


def _refuse_nul_in_form(data: Any) -> None:
    """A form field (name or value) holding a NUL character is that field's error."""
    for name, values in data.lists():
        if "\x00" in name or any(isinstance(v, str) and "\x00" in v for v in values):
            raise ValidationError(
                {name.replace("\x00", "") or "non_field_errors": [_nul_message()]}
            )


class FormParser(parsers.FormParser):
    """DRF's form parser; a NUL character is refused as in JSON bodies."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul_in_form(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser (uploads); a NUL character in a field is refused as in JSON."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_nul_in_form(parsed.data)
        return parsed
