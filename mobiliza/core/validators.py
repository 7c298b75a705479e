"""Rules every business record's values share: dates in a sensible range, no NUL characters.

:class:`~mobiliza.core.models.BusinessModel` applies them to each of its date and text
fields in ``clean_fields()``, so the page, the API, the import and the commands refuse
the same values with the same message; the lists' year filters use the same range.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# No record of the coalition's work is dated before 1900 or after 2100: a year outside is a
# typing error (0001, 9999) or a probe, and some databases cannot even compute its bounds.
FIRST_YEAR = 1900
LAST_YEAR = 2100

_no_nul = ProhibitNullCharactersValidator()


def validate_business_date(value: Any) -> None:
    """Refuse a date (or date and time) outside :data:`FIRST_YEAR`–:data:`LAST_YEAR`."""
    if value is None or not isinstance(value, datetime.date):
        return
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def validate_date_text(text: Any) -> None:
    """Refuse a date typed with other scripts' digits (``２０２５-03-31``), which Python's
    parsers would read silently: dates are written with the digits 0 to 9."""
    if isinstance(text, str) and not text.isascii():
        raise ValidationError(
            _("Write the date with the digits 0 to 9, such as 2025-03-31."), code="invalid"
        )


def validate_year(value: Any) -> None:
    """Refuse a year (a list's filter) outside :data:`FIRST_YEAR`–:data:`LAST_YEAR`."""
    if value is None:
        return
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def validate_no_nul(value: Any) -> None:
    """Refuse text holding a NUL character, which PostgreSQL cannot store or compare."""
    if isinstance(value, str):
        _no_nul(value)
