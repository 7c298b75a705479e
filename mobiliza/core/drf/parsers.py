"""Request parsers: JSON numbers become ``Decimal``, never binary floats."""

from __future__ import annotations

import codecs
import json
from decimal import Decimal
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding  # type: ignore[attr-defined]
from rest_framework.utils.json import strict_constant


class DecimalJSONParser(JSONParser):
    """JSON whose numbers with a fraction become ``Decimal``, so ``1234567.89`` stays exact.

    Python's ``json`` would make them binary floats, which cannot hold most amounts.
    """

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        encoding = get_encoding(parser_context or {})
        try:
            decoded = codecs.getreader(encoding)(stream)
            return json.load(
                decoded,
                parse_float=Decimal,
                parse_constant=strict_constant if self.strict else None,
            )
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
