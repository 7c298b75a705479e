"""Large unfiltered lists are counted from the planner's estimate; everything else exactly."""

from __future__ import annotations

import pytest
from django.db import connection

from mobiliza.core import pagination
from mobiliza.core.pagination import EstimatedCountPaginator
from mobiliza.directory.models import Partner


def test_filtered_and_small_lists_are_counted_exactly(db):
    everyone = Partner.objects.all()
    paginator = EstimatedCountPaginator(everyone, 25)
    assert paginator.count == everyone.count() and not paginator.estimated
    some = Partner.objects.filter(acronym="OIM")
    assert EstimatedCountPaginator(some, 25).count == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_a_large_unfiltered_table_is_counted_from_the_planners_estimate(db, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_partner")
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'directory_partner'")
        estimate = cursor.fetchone()[0]
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 1)
    paginator = EstimatedCountPaginator(Partner.objects.all(), 25)
    assert paginator.count == estimate and paginator.estimated
    # A filter is counted exactly, whatever the size.
    filtered = EstimatedCountPaginator(Partner.objects.filter(acronym="OIM"), 25)
    assert filtered.count == 1 and not filtered.estimated
