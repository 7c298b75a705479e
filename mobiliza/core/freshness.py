"""Cached figures that cannot outlive the data they show.

Every database table has a *generation* kept in the cache (Redis in production, memory
in one process and in the tests): a random token replaced each time a write to the table
**commits**. A cached figure is stored under its name, the reader's scope
(:func:`mobiliza.core.permissions.scope_key`), its parameters and the generations of the
tables it reads, so a commit to any of them makes the next request compute it again.

How writes are seen, so that none can be forgotten
    Each database connection carries a statement watcher (:func:`install`, called when
    a connection opens): every ``INSERT``, ``UPDATE``, ``DELETE`` or ``TRUNCATE`` that
    Django sends, whether from a service, a bulk ``update()``/``bulk_create()``, a
    cascade, a many-to-many ``set()``, a factory in a test or raw SQL through a cursor,
    registers a bump of its table with ``transaction.on_commit``; outside a transaction
    the statement has committed already and the bump is at once. A rolled-back
    transaction bumps nothing. Writes the watcher cannot see (PostgreSQL ``COPY``, used
    by the benchmark's data generator) call :func:`changed` themselves.

Why on commit, never from timestamps
    A reader that computes a figure while another transaction's write is still
    uncommitted stores it under the generation that write will replace: the bump on
    commit makes the stale entry unreachable. Latest ids or ``updated_at`` values are
    set when a statement runs, not when it commits, and miss writes that leave them alone.

Inside the writer's own transaction
    Until it commits, the writer sees its own changes and nobody else does: a figure
    that reads a table this transaction has written is computed without the cache, and
    neither read from it nor stored.

What a figure depends on
    Declared once, next to the selector that computes it (``depends_on``), and checked
    every time it is computed: the tables its queries read are captured, and when one
    is not covered the value is returned but not cached (and an error is logged), so an
    incomplete declaration costs speed, never freshness. Each cache's test also compares
    the tables read with the declaration (:func:`tables_read`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

T = TypeVar("T")

logger = logging.getLogger(__name__)

# Cached figures are also dropped after this long (labels of renamed configuration).
SECONDS = 600

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:"(?P<quoted>[^"]+)"|(?P<plain>\w+))',
    re.IGNORECASE,
)
_TRUNCATE = re.compile(r"^\s*TRUNCATE\s+(?:TABLE\s+)?(?P<tables>[^;]*)", re.IGNORECASE)
_NAME = re.compile(r'"(?P<quoted>[^"]+)"|(?P<plain>\w+)')
_NOT_NAMES = {"only", "cascade", "restrict", "restart", "continue", "identity"}
_READ = re.compile(r'\b(?:FROM|JOIN)\s+(?:"(?P<quoted>[^"]+)"|(?P<plain>\w+))', re.IGNORECASE)
_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")


def _key(table: str) -> str:
    return f"mobiliza:generation:{table}"


def _table(model_or_table: type[models.Model] | str) -> str:
    return model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table


def bump(tables: Iterable[str]) -> None:
    """Give each of ``tables`` a new generation now (what a commit does)."""
    # A new random token rather than a count: when the cache drops a generation, a
    # fresh one can never match a key made from an older one.
    cache.set_many({_key(t): uuid.uuid4().hex for t in tables}, None)


def generations(tables: Iterable[str]) -> list[str]:
    """The current generation of each of ``tables``, in order; one cache round trip."""
    names = list(tables)
    found = cache.get_many([_key(t) for t in names])
    missing = {_key(t): uuid.uuid4().hex for t in names if _key(t) not in found}
    if missing:
        # add(), not set(): a concurrent bump or reader that got there first wins.
        for key, token in missing.items():
            cache.add(key, token, None)
        found.update(cache.get_many(list(missing)))
    return [str(found.get(_key(t), "")) for t in names]


class _Bump:
    """The ``on_commit`` callback of one table, so the watcher can tell it is pending."""

    __slots__ = ("table",)

    def __init__(self, table: str) -> None:
        self.table = table

    def __call__(self) -> None:
        bump([self.table])


def _pending(connection: BaseDatabaseWrapper) -> dict[str, _Bump]:
    """The bumps this connection's transaction has registered and not yet run."""
    registered: dict[str, _Bump] = getattr(connection, "_mobiliza_bumps", None) or {}
    # Django drops the callbacks of a rolled-back transaction or savepoint: only those
    # still in its list will run.
    live = {id(entry[1]) for entry in connection.run_on_commit}
    pending = {t: b for t, b in registered.items() if id(b) in live}
    if pending and not _in_transaction(connection):
        # Back in a test case's own transaction, which stands for the database: the
        # transaction that registered them has, as far as the test goes, committed.
        bump(pending)
        pending = {}
    connection._mobiliza_bumps = pending  # type: ignore[attr-defined]
    return pending


def _in_transaction(connection: BaseDatabaseWrapper) -> bool:
    """Whether a write now would wait for a commit.

    The transaction a test case wraps each test in stands for the database itself (it
    is never committed): a write directly inside it counts as committed, as Django's
    own ``durable`` check treats it.
    """
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def changed(*written: type[models.Model] | str, using: str = "default") -> None:
    """Mark the tables of ``written`` (models or table names) as changed when the current
    transaction commits; at once outside a transaction.

    The statement watcher calls it for every write Django sends; call it yourself only
    for a write it cannot see (``COPY``).
    """
    _changed_on(connections[using], written)


def _changed_on(
    connection: BaseDatabaseWrapper, written: Iterable[type[models.Model] | str]
) -> None:
    if not _in_transaction(connection):
        bump(_table(w) for w in written)
        return
    pending = _pending(connection)
    for item in written:
        table = _table(item)
        if table not in pending:
            callback = _Bump(table)
            pending[table] = callback
            connection.on_commit(callback)
    connection._mobiliza_bumps = pending  # type: ignore[attr-defined]


def written_tables(sql: str) -> list[str]:
    """The tables a statement writes, or ``[]`` for a read."""
    if not sql.lstrip()[:8].upper().startswith(_WRITE_WORDS):
        return []
    match = _WRITE.match(sql)
    if match is not None:
        return [match["quoted"] or match["plain"]]
    truncate = _TRUNCATE.match(sql)
    if truncate is None:
        return []
    names = (m["quoted"] or m["plain"] for m in _NAME.finditer(truncate["tables"]))
    return [name for name in names if name.lower() not in _NOT_NAMES]


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    result = execute(sql, params, many, context)
    tables = written_tables(sql)
    if tables:
        # The connection itself, not its alias: a second connection to the same database
        # (a thread's, a test's) keeps its own transaction.
        _changed_on(context["connection"], tables)
    return result


def install(connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Put the statement watcher on ``connection`` (a ``connection_created`` receiver)."""
    if _watch not in connection.execute_wrappers:
        # First, so that ``connection.execute_wrapper()`` blocks, which pop the last
        # wrapper when they end, leave it in place.
        connection.execute_wrappers.insert(0, _watch)


@contextmanager
def tables_read(using: str = "default") -> Iterator[set[str]]:
    """Collect the tables the statements inside the block read (``FROM`` and ``JOIN``)."""
    seen: set[str] = set()

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any) -> Any:
        seen.update(m["quoted"] or m["plain"] for m in _READ.finditer(sql))
        return execute(sql, params, many, ctx)

    with connections[using].execute_wrapper(record):
        yield seen


def cached(
    name: str,
    key_parts: Iterable[Any],
    depends_on: Iterable[type[models.Model]],
    compute: Callable[[], T],
    *,
    user: Any,
    seconds: int = SECONDS,
) -> T:
    """``compute()``, or its value cached for readers of ``user``'s scope while none of
    the tables of ``depends_on`` has changed."""
    from mobiliza.core.permissions import scope_key

    tables = sorted({_table(m) for m in depends_on})
    connection = connections["default"]
    if connection.in_atomic_block and set(tables) & set(_pending(connection)):
        return compute()  # this transaction changed them: nobody else sees it yet
    scope = scope_key(user)
    parts = "|".join(str(p) for p in (scope, *key_parts, *tables, *generations(tables)))
    # Hashed: the parts hold spaces and may be long; cache backends want short plain keys.
    key = f"mobiliza:{name}:{hashlib.sha256(parts.encode()).hexdigest()}"
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    with tables_read() as read:
        value = compute()
    unlisted = read - set(tables)
    if unlisted:
        logger.error(
            "Not caching %s: it reads %s, which its depends_on does not list.",
            name,
            ", ".join(sorted(unlisted)),
        )
        return value
    cache.set(key, value, seconds)
    return value


def check_shared_cache(**kwargs: Any) -> list[Any]:
    """``manage.py check --deploy``: generations kept in one process's memory are not seen
    by the others, whose cached figures would then wait for their timeout."""
    from django.conf import settings
    from django.core.checks import Warning

    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The cache is kept in each process's memory: with more than one process, a "
                f"cached figure may stay up to {SECONDS} seconds behind a write made in "
                "another.",
                hint="Set REDIS_URL so that every process shares one cache.",
                id="mobiliza.W001",
            )
        ]
    return []
