"""Caching figures that are expensive to add up, dropped as soon as their data changes.

A figure (the resources mobilized, a board's column totals) is cached under a key that
includes the *freshness* of the tables it reads: for each model, the latest primary key
and history date, and the latest ``updated_at`` where an index makes it cheap. Every
write through the services leaves a history row; bulk inserts without history still
move the primary key (and ``updated_at``). Reading the freshness is one query on indexed columns, whatever the
number of rows, so a cached page costs the same at any size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, models

T = TypeVar("T")

# Cached figures are also dropped after this long (labels of renamed configuration).
SECONDS = 600


def freshness(model_list: Iterable[type[models.Model]]) -> tuple[str, ...]:
    """One query: what changes whenever a row of these models is written."""
    quote = connection.ops.quote_name
    parts = []
    for model in model_list:
        table = quote(model._meta.db_table)
        if _indexed(model, "updated_at"):
            parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")
        parts.append(f"(SELECT MAX({quote(model._meta.pk.column or 'id')}) FROM {table})")
        history = getattr(model, "history", None)
        if history is not None:
            history_table = quote(history.model._meta.db_table)
            parts.append(f"(SELECT MAX({quote('history_date')}) FROM {history_table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return tuple(str(value) for value in row)


def _indexed(model: type[models.Model], field: str) -> bool:
    """Whether an index starts with ``field``: only then is its latest value cheap to read."""
    return any(index.fields and index.fields[0] == field for index in model._meta.indexes)


def cached(
    name: str,
    key_parts: Iterable[Any],
    depends_on: Iterable[type[models.Model]],
    compute: Callable[[], T],
    seconds: int = SECONDS,
) -> T:
    """``compute()``, or its cached value while none of ``depends_on`` changed."""
    parts = "|".join(str(p) for p in (*key_parts, *freshness(depends_on)))
    # Hashed: the parts hold spaces and may be long; cache backends want short plain keys.
    key = f"mobiliza:{name}:{hashlib.sha256(parts.encode()).hexdigest()}"
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, value, seconds)
    return value
