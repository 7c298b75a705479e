"""Finding partners: one search box, accent- and case-insensitive, in both languages.

The searchable fields are kept, normalised (lower case, accents removed), in
``Partner.search_text``. On PostgreSQL the search uses full-text search over that
column (prefix matching), kept as a stored text vector with a GIN index (the column
``search_vector``, which a migration adds on PostgreSQL only); on SQLite every word must
appear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import connection
from django.db.models import Lookup, QuerySet

VECTOR_COLUMN = "search_vector"

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
        from django.db.models import Value
        from django.db.models.functions import Concat

        raw = " & ".join(f"{term}:*" for term in terms)
        # Ordered by name through an expression no index holds: the planner then reads
        # the matches first (along the GIN index, narrowed by the other filters'
        # indexes) and sorts only them, instead of walking the whole name index in
        # search of matches, which is slow when they cluster in one part of the
        # alphabet (as "Fundación …" do). A sort chosen on the page replaces this one.
        return queryset.filter(search_text__stored_vector_matches=raw).order_by(
            Concat("name_es", Value("")), "pk"
        )
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


class StoredVectorMatches(Lookup):
    """``search_text__stored_vector_matches="fundacion:* & banco:*"``: the partner's stored
    text vector (the PostgreSQL column beside ``search_text``) matches the query.
    Registered on ``Partner.search_text`` only, when the app is ready."""

    lookup_name = "stored_vector_matches"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        rhs, rhs_params = self.process_rhs(compiler, connection)
        alias = compiler.quote_name_unless_alias(self.lhs.alias)
        vector = f"{alias}.{connection.ops.quote_name(VECTOR_COLUMN)}"
        return f"{vector} @@ to_tsquery('simple'::regconfig, {rhs})", list(rhs_params)
