"""Finding partners: one search box, accent- and case-insensitive, in both languages.

The searchable fields are kept, normalised (lower case, accents removed), in
``Partner.search_text``. On PostgreSQL the search uses full-text search over that
column (prefix matching, GIN index); on SQLite every word must appear in it.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import QuerySet

_WORD = re.compile(r"[\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, without accents: "Organización" → "organizacion"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def words(query: str) -> list[str]:
    return _WORD.findall(normalise(query))


def search_partners(queryset: QuerySet, query: str) -> QuerySet:
    """Partners whose searchable text holds every word of ``query`` (prefixes count)."""
    terms = words(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        from django.db.models.expressions import RawSQL

        from mobiliza.directory.models import Partner

        raw = " & ".join(f"{term}:*" for term in terms)
        # The matching partners are found first, along the full-text (GIN) index, and
        # handed over as an array of ids: the planner can neither fold the search into a
        # walk along the name order (which would compute the text vector of every partner
        # it passes) nor join the matches against the whole table; it fetches the matches
        # by primary key, then sorts and counts only them.
        table = connection.ops.quote_name(Partner._meta.db_table)
        matching = RawSQL(
            f"SELECT unnest(ARRAY(SELECT id FROM {table} WHERE to_tsvector('simple'::regconfig, "
            "COALESCE(search_text, '')) @@ to_tsquery('simple'::regconfig, %s)))",
            [raw],
        )
        return queryset.filter(pk__in=matching)
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset
