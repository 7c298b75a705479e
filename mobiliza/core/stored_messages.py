"""Messages kept in the database and read in the *reader's* language.

A notification or a history entry's reason is written once and read later by people who
work in either language. So it is not stored rendered: it is stored as its msgid (the
English source text, marked for translation with ``gettext_noop``) and its parameters,
and translated when it is shown, with ``gettext(msgid).format(**params)`` in the
language active for the reader.

A parameter is plain (a number, a code), a date (written in the reader's date style), or
a text in both languages (:func:`both`: a record's name, a step's label), of which the
reader's is chosen::

    message(
        gettext_noop("New agreement: {title} with {partner}"),
        title=both(agreement), partner=both(agreement.partner),
    )

History reasons are kept in simple-history's text column; :func:`encode_reason` joins
messages and plain texts into it (marked with :data:`MARK`), and :func:`display_reason`
reads it back, or returns an old plain reason as it was written.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, npgettext, pgettext

# The start of a stored reason that holds messages rather than plain text.
MARK = "\u2063i18n:"
SEPARATOR = "; "

StoredMessage = dict[str, Any]
# A change reason: a plain text, or a stored message (or text in both languages).
Reason = str | Mapping[str, Any]


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def in_both(produce: Callable[[], Any]) -> dict[str, str]:
    """``produce()`` in each of the site's languages, as ``{"es": ..., "en": ...}``."""
    texts = {}
    for code in languages():
        with translation.override(code):
            texts[code] = str(produce())
    return texts


def both(value: Any) -> dict[str, str]:
    """A record's name or a translatable label in each language (its ``str()`` in each)."""
    return in_both(lambda: value)


def _param(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int | float | str | dict) or value is None:
        return value
    return str(value)


def message(
    msgid: str,
    *,
    context: str = "",
    plural: str = "",
    count: int | None = None,
    **params: Any,
) -> StoredMessage:
    """A message to store: its msgid (with its context or plural form) and parameters.

    ``msgid`` uses named placeholders (``{title}``); with ``plural`` it is chosen by
    ``count``, which is also a parameter.
    """
    stored: StoredMessage = {
        "msgid": str(msgid),
        "params": {k: _param(v) for k, v in params.items()},
    }
    if context:
        stored["context"] = context
    if plural:
        stored["plural"] = plural
        stored["count"] = count or 0
        stored["params"].setdefault("count", count or 0)
    return stored


def _reader_language() -> str:
    code = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return code if code in languages() else settings.LANGUAGE_CODE[:2]


def _shown(value: Any, language: str) -> Any:
    if isinstance(value, dict):
        if "date" in value and len(value) == 1:
            return date_format(datetime.date.fromisoformat(value["date"]), "DATE_FORMAT")
        if "datetime" in value and len(value) == 1:
            return date_format(
                datetime.datetime.fromisoformat(value["datetime"]), "DATETIME_FORMAT"
            )
        if language in value:
            return value[language]
        return next(iter(value.values()), "")
    return "" if value is None else value


def render(stored: Mapping[str, Any] | str | None) -> str:
    """The stored message in the active language (a plain text is returned as it is)."""
    if not stored:
        return ""
    if isinstance(stored, str):
        return stored
    if "msgid" not in stored:
        # A text kept in both languages.
        return str(_shown(dict(stored), _reader_language()))
    language = _reader_language()
    msgid = stored["msgid"]
    context = stored.get("context", "")
    if stored.get("plural"):
        count = int(stored.get("count") or 0)
        if context:
            text = npgettext(context, msgid, stored["plural"], count)
        else:
            text = ngettext(msgid, stored["plural"], count)
    else:
        text = pgettext(context, msgid) if context else gettext(msgid)
    params = {k: _shown(v, language) for k, v in (stored.get("params") or {}).items()}
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        # A translation that names a placeholder the message does not have: the source.
        try:
            return msgid.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid


# --- history reasons ----------------------------------------------------------------------


def _parts(reason: Any) -> list[Any]:
    if not reason:
        return []
    if isinstance(reason, dict):
        return [reason]
    text = str(reason)
    if text.startswith(MARK):
        try:
            loaded = json.loads(text[len(MARK) :])
        except ValueError:
            return [text]
        return loaded if isinstance(loaded, list) else [loaded]
    return [text]


def encode_reason(*reasons: Any) -> str:
    """The reasons (plain texts, stored messages, earlier encoded reasons) as one text for
    the history's change reason; plain text stays plain when nothing needs translating."""
    parts: list[Any] = []
    for reason in reasons:
        parts.extend(_parts(reason))
    if all(isinstance(part, str) for part in parts):
        return SEPARATOR.join(parts)
    return MARK + json.dumps(parts, ensure_ascii=False)


def display_reason(text: str | None) -> str:
    """A history entry's reason in the reader's language."""
    return SEPARATOR.join(render(part) for part in _parts(text) if part)
