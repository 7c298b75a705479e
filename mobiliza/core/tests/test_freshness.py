"""Cached figures show every write once it commits, and never a write that has not.

The totals, the board and the calendar keep figures in the cache under the generations
of the tables they read (``mobiliza/core/freshness.py``); these tests write the ways the
application writes (services, bulk updates, imports, merges, another transaction) and
read the page a user would.
"""

from __future__ import annotations

import datetime
import logging
import threading
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction

from mobiliza.agreements.models import Contribution
from mobiliza.agreements.selectors import TOTALS_DEPEND_ON, cached_contribution_totals
from mobiliza.agreements.tests.test_contributions_helpers import (
    TOTALS,
    contribution,
    oim,
)
from mobiliza.core import freshness
from mobiliza.core.freshness import cached, generations, tables_read, written_tables
from mobiliza.core.models import ExchangeRate
from mobiliza.core.permissions import scope_key
from mobiliza.core.rates import services as rates
from mobiliza.core.services import record_create, record_update
from mobiliza.directory.duplicates import merging
from mobiliza.directory.models import Partner
from mobiliza.directory.transfer import services as transfer
from mobiliza.pipeline import selectors as pipeline_selectors
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.services import create_opportunity

pytestmark = pytest.mark.django_db

YEAR = 2019  # no demo contribution that year: the tests' own are counted alone
ON = datetime.date(YEAR, 6, 1)
BOARD = "/en/pipeline/"
CONTRIBUTIONS = Contribution._meta.db_table


def grand_total(client) -> Decimal:
    return client.get(TOTALS, {"year": YEAR}).context["totals"].grand.total


def column_count(client, **params) -> int:
    """How many open opportunities the board counts in its first column."""
    board = client.get(BOARD, params).context["board"]
    return board.columns[0].count


def tables(models) -> set[str]:
    return {m._meta.db_table for m in models}


# --- how writes are seen -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "written"),
    [
        ('INSERT INTO "agreements_contribution" ("a") VALUES (%s)', ["agreements_contribution"]),
        ('UPDATE "directory_partner" SET "name_es" = %s', ["directory_partner"]),
        ('  delete from "core_exchangerate" WHERE id = 1', ["core_exchangerate"]),
        ('TRUNCATE "a_one", "a_two" RESTART IDENTITY CASCADE', ["a_one", "a_two"]),
        ('SELECT * FROM "agreements_contribution"', []),
        ("SAVEPOINT s1", []),
    ],
)
def test_the_watcher_names_the_tables_a_statement_writes(sql, written):
    assert written_tables(sql) == written


def test_a_write_moves_its_tables_generation_only_when_it_commits(
    django_capture_on_commit_callbacks,
):
    before = generations([CONTRIBUTIONS])
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            Contribution.objects.filter(pk=-1).update(description_es="x")
            assert generations([CONTRIBUTIONS]) == before  # not committed yet
    assert generations([CONTRIBUTIONS]) != before


def test_a_rolled_back_write_moves_nothing(django_capture_on_commit_callbacks):
    before = generations([CONTRIBUTIONS])
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            Contribution.objects.filter(pk=-1).update(description_es="x")
            raise RuntimeError
    assert generations([CONTRIBUTIONS]) == before


def test_the_writer_sees_its_own_uncommitted_write_and_caches_nothing(client, login):
    user = login("secretariat")
    assert cached_contribution_totals(user=user, year=YEAR)[0].grand.total == 0
    with transaction.atomic():
        contribution(value_date=ON, amount=Decimal("40.00"))
        inside = cached_contribution_totals(user=user, year=YEAR)[0].grand.total
        assert inside == Decimal("40.00")
        transaction.set_rollback(True)
    # Rolled back: what the writer saw inside was never cached for anyone.
    assert grand_total(client) == 0


# --- two transactions at once ---------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared-cache test database locks a table another connection is "
    "writing, so the page cannot be read while the write is uncommitted",
)
def test_totals_read_during_another_transactions_write_are_fresh_once_it_commits(client, login):
    """A reads (and caches) the totals while B's contribution is uncommitted; after B
    commits, the totals page shows it."""
    login("secretariat")
    assert grand_total(client) == 0
    written, read = threading.Event(), threading.Event()
    made: list[int] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                made.append(contribution(value_date=ON, amount=Decimal("75.00")).pk)
                written.set()
                read.wait(30)
        finally:
            written.set()
            connections.close_all()

    def clean_up() -> None:
        try:
            Contribution.history.filter(id__in=made).delete()  # type: ignore[attr-defined]
            Contribution.objects.filter(pk__in=made).delete()
        finally:
            connections.close_all()

    b = threading.Thread(target=writer)
    b.start()
    try:
        assert written.wait(30) and made
        assert grand_total(client) == 0  # B has not committed: A caches what it sees
        read.set()
        b.join(30)
        assert grand_total(client) == Decimal("75.00")
    finally:
        read.set()
        b.join(30)
        cleaner = threading.Thread(target=clean_up)
        cleaner.start()
        cleaner.join(30)


# --- bulk writers ----------------------------------------------------------------------------


def test_a_rate_import_that_converts_contributions_again_shows_in_the_totals(client, login):
    user = login("secretariat")
    ExchangeRate.objects.create(
        date=datetime.date(YEAR, 1, 1),
        currency="MXN",
        rate=Decimal("0.0586"),
        reporting_currency="USD",
    )
    contribution(value_date=ON, amount=Decimal("1000.00"), currency="MXN")
    assert grand_total(client) == Decimal("58.60")
    rates.rates_import(user=user, data=f"date,currency,rate\n{ON},MXN,0.0600\n".encode())
    assert grand_total(client) == Decimal("60.00")


def test_a_partner_import_shows_in_the_board_search(client, login, cast):
    user = login("secretariat")
    owner = record_create(user=user, model=Partner, data={"name_es": "Socio Primero"})
    create_opportunity(user=user, data={"title": "Fondo del socio", "partner": owner})
    assert column_count(client, q="Socio Importado Nuevo") == 0
    table = transfer.read_table(
        "Nombre (español),Siglas o acrónimo\nSocio Importado Nuevo,SIN\n".encode()
    )
    (imported,) = transfer.partners_import(user=user, table=table)
    merging.partner_merge(user=user, keep=imported, remove=owner)
    assert column_count(client, q="Socio Importado Nuevo") == 1


def test_a_renamed_partner_shows_in_the_board_search(client, login):
    user = login("secretariat")
    partner = record_create(user=user, model=Partner, data={"name_es": "Fundación Antigua"})
    create_opportunity(user=user, data={"title": "Fondo", "partner": partner})
    assert column_count(client, q="Fundación Renombrada") == 0
    assert column_count(client, q="Fundación Antigua") == 1
    record_update(
        user=user,
        instance=partner,
        data={"name_es": "Fundación Renombrada"},
        version=partner.version,
    )
    assert column_count(client, q="Fundación Renombrada") == 1
    assert column_count(client, q="Fundación Antigua") == 0


def test_a_queryset_update_outside_the_services_shows_at_once(client, login):
    login("secretariat")
    made = contribution(value_date=ON, amount=Decimal("10.00"))
    assert grand_total(client) == Decimal("10.00")
    Contribution.objects.filter(pk=made.pk).update(
        amount=Decimal("20.00"), amount_reporting=Decimal("20.00")
    )
    assert grand_total(client) == Decimal("20.00")


# --- what each figure depends on --------------------------------------------------------------


def test_each_cached_figure_declares_every_table_it_reads(client, login, caplog):
    login("secretariat")
    contribution(value_date=ON, amount=Decimal("10.00"))
    declared = {
        TOTALS: tables(TOTALS_DEPEND_ON),
        BOARD: tables(pipeline_selectors.board_depends_on()),
    }
    for page, depends_on in declared.items():
        cache.clear()
        with caplog.at_level(logging.ERROR, logger="mobiliza.core.freshness"):
            assert client.get(page, {"q": "a"} if page == BOARD else {}).status_code == 200
        assert "Not caching" not in caplog.text, caplog.text
        assert depends_on
    assert Partner._meta.db_table in tables(pipeline_selectors.board_depends_on())


def test_the_declared_dependencies_hold_every_table_the_queries_read(login):
    user = login("secretariat")
    contribution(value_date=ON, amount=Decimal("10.00"))
    scope_key(user)  # the reader's roles are part of the key, read before the figure
    searched = Opportunity.objects.filter(partner__name_es__icontains="a")
    with tables_read() as read:
        cached_contribution_totals(user=user, year=YEAR)
    assert read and read <= tables(TOTALS_DEPEND_ON)
    with tables_read() as read:
        pipeline_selectors.cached_board_figures(searched, user=user, cache_key="q=a")
    assert Partner._meta.db_table in read
    assert read <= tables(pipeline_selectors.board_depends_on())


def test_a_figure_reading_an_undeclared_table_is_computed_every_time(login, caplog):
    user = login("secretariat")
    calls = []

    def compute() -> int:
        calls.append(1)
        return Partner.objects.filter(pk=oim().pk).count()

    with caplog.at_level(logging.ERROR, logger="mobiliza.core.freshness"):
        for _ in range(2):
            assert cached("test", (), (Opportunity,), compute, user=user) == 1
    assert len(calls) == 2
    assert "directory_partner" in caplog.text
    assert cached("test-ok", (), (Partner,), compute, user=user) == 1
    assert cached("test-ok", (), (Partner,), compute, user=user) == 1
    assert len(calls) == 3


def test_a_partner_viewer_never_gets_the_figure_cached_for_the_secretariat(client, login):
    other = Partner.objects.get(acronym="UNODC")
    contribution(value_date=ON, amount=Decimal("10.00"))
    contribution(value_date=ON, amount=Decimal("5.00"), partner=other)
    login("secretariat")
    assert grand_total(client) == Decimal("15.00")
    login("donor")  # the partner viewer of IOM
    assert grand_total(client) == Decimal("10.00")


def test_changed_moves_the_generation_of_a_write_the_watcher_cannot_see():
    before = generations([CONTRIBUTIONS])
    freshness.changed(Contribution)
    assert generations([CONTRIBUTIONS]) != before


def test_the_deploy_check_asks_for_a_shared_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in freshness.check_shared_cache()] == ["mobiliza.W001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "x"}
    }
    assert freshness.check_shared_cache() == []
