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
        from django.contrib.postgres.search import SearchQuery, SearchVector

        raw = " & ".join(f"{term}:*" for term in terms)
        return queryset.annotate(_search=SearchVector("search_text", config="simple")).filter(
            _search=SearchQuery(raw, config="simple", search_type="raw")
        )
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset
