"""Pagination that stays cheap on large tables.

Counting every row of a table of hundreds of thousands costs a full scan on each page.
For an unfiltered list of a large table on PostgreSQL, the paginator uses the planner's
estimate of the table's size (kept up to date by autovacuum) instead; filtered lists,
small tables and SQLite are counted exactly.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Below this many rows the exact count is cheap enough, and what users expect.
ESTIMATE_FROM = 10_000


class EstimatedCountPaginator(Paginator):
    """A paginator whose ``count`` of a large unfiltered table is the planner's estimate."""

    estimated = False

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        objects: Any = self.object_list
        # django-tables2 pages its rows (BoundRows → TableData → the queryset).
        objects = getattr(getattr(objects, "data", None), "data", objects)
        if (
            connection.vendor == "postgresql"
            and isinstance(objects, QuerySet)
            and not objects.query.where
            and not objects.query.distinct
            and not objects.query.combinator
        ):
            table = connection.ops.quote_name(objects.model._meta.db_table)
            # One query either way: PostgreSQL runs the exact count (an uncorrelated
            # subquery, evaluated on first use) only when the estimate is small.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT estimate, CASE WHEN estimate >= %s THEN estimate "
                    f"ELSE (SELECT COUNT(*) FROM {table}) END "
                    "FROM (SELECT reltuples::bigint AS estimate FROM pg_class "
                    "WHERE oid = %s::regclass) AS planner",
                    [ESTIMATE_FROM, table],
                )
                row = cursor.fetchone()
            if row is not None:
                self.estimated = row[0] >= ESTIMATE_FROM
                return int(row[1])
        return super().count
