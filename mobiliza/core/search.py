"""Text search that ignores accents and case, in the database, on SQLite and PostgreSQL.

``Q(full_name__unaccent_icontains="asociacion")`` finds "Asociación"; :func:`text_q`
builds, for a query of several words, the filter "every word is in one of these fields".
The lists' search boxes and the global search (``workspace.search``) use it, so the same
text finds the same rows in both.

Both sides are folded the same way: lower case, accents removed. The value is folded in
Python (:func:`fold`); the column in the database, by PostgreSQL's ``unaccent``
(extension created by the migration ``core.0004_unaccent_extension``) or, on SQLite, by
the same :func:`fold` registered as the SQL function ``mobiliza_fold`` on every new
connection (:func:`install`). No table is read into Python to be filtered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Lookup, Q

SQLITE_FUNCTION = "mobiliza_fold"
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower case, without accents: "Asociación" → "asociacion"; ``None`` stays ``None``."""
    if text is None:
        return None  # type: ignore[return-value]
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(query: str) -> list[str]:
    """The folded words of a query: "  Asociación  OIM" → ["asociacion", "oim"]."""
    return _WORD.findall(fold(query or ""))


class UnaccentIContains(Lookup):
    """``field__unaccent_icontains=value``: the field holds ``value``, whatever the accents
    and case of either."""

    lookup_name = "unaccent_icontains"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> Any:
        pattern = f"%{connection.ops.prep_for_like_query(fold(str(value)))}%"
        return "%s", [pattern]

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        params = [*lhs_params, *rhs_params]
        if connection.vendor == "postgresql":
            return f"LOWER(UNACCENT(({lhs})::text)) LIKE {rhs}", params
        if connection.vendor == "sqlite":
            return f"{SQLITE_FUNCTION}({lhs}) LIKE {rhs} ESCAPE '\\'", params
        # Other databases: case-insensitive only.
        return f"LOWER({lhs}) LIKE {rhs}", params


models.CharField.register_lookup(UnaccentIContains)
models.TextField.register_lookup(UnaccentIContains)


def text_q(fields: Iterable[str], query: str) -> Q:
    """Rows where every word of ``query`` is in one of ``fields`` (accents and case ignored).

    An empty query matches every row.
    """
    fields = tuple(fields)
    matching = Q()
    for word in words(query):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__unaccent_icontains": word})
        matching &= any_field
    return matching


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On a new SQLite connection, register :func:`fold` as ``mobiliza_fold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
