# ruff: noqa: F811 - the fixtures imported from test_projects are used as arguments
"""The portfolio's totals: the amount sought and funded (confirmed financing lines) per
strategic axis and per lifecycle state, in the reporting currency."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from mobiliza.core.services import record_create
from mobiliza.portfolio.models import ProjectFinancing
from mobiliza.portfolio.selectors import portfolio_totals
from mobiliza.portfolio.tests.test_projects import axis, project  # noqa: F401 - fixture

TOTALS = "/en/portfolio/totals/"


def line(cast, made, amount: str, *, confirmed: bool) -> ProjectFinancing:
    return record_create(
        user=cast("secretariat"),
        model=ProjectFinancing,
        data={
            "project": made,
            "source": "cooperation_agency",
            "amount": Decimal(amount),
            "currency": "USD",
            "confirmed": confirmed,
        },
    )


def test_funded_counts_only_the_confirmed_lines_per_axis_and_state(cast, project):
    # The coalition file's initiatives and the demo's projects are there already: count
    # what these records add to them.
    before = portfolio_totals(cast("secretariat"))
    first = project("GT", amount=Decimal("100000.00"), currency="USD", state="funded")
    first.axes.add(axis(0), axis(1))
    line(cast, first, "40000.00", confirmed=True)
    line(cast, first, "9999.00", confirmed=False)
    second = project("HN", amount=Decimal("50000.00"), currency="USD")
    second.axes.add(axis(0))
    figures = portfolio_totals(cast("secretariat"))

    def added(rows_after, rows_before, key, attribute):
        earlier = {row.key: row for row in rows_before}.get(key)
        now = {row.key: row for row in rows_after}[key]
        return getattr(now, attribute) - (getattr(earlier, attribute) if earlier else 0)

    first_axis, second_axis = axis(0).code, axis(1).code
    assert added(figures.by_axis, before.by_axis, first_axis, "sought") == Decimal("150000.00")
    assert added(figures.by_axis, before.by_axis, first_axis, "funded") == Decimal("40000.00")
    assert added(figures.by_axis, before.by_axis, first_axis, "count") == 2
    assert added(figures.by_axis, before.by_axis, second_axis, "sought") == Decimal("100000.00")
    assert added(figures.by_state, before.by_state, "funded", "funded") == Decimal("40000.00")
    assert added(figures.by_state, before.by_state, "idea", "sought") >= Decimal("50000.00")


def test_the_page_shows_the_table_the_bars_and_says_what_is_counted(client, login, cast, project):
    made = project("GT", amount=Decimal("2000.00"), currency="USD")
    made.axes.add(axis(0))
    line(cast, made, "500.00", confirmed=True)
    login("secretariat")
    with translation.override("en"):
        response = client.get(TOTALS)
    body = response.content.decode()
    assert response.status_code == 200
    assert "What is counted" in body
    assert "By strategic axis" in body and "By state of the lifecycle" in body
    assert "<svg" in body and "bar-funded" in body
    assert 'data-totals="axis"' in body


def test_the_totals_are_refused_to_the_donor(client, login):
    login("donor")
    assert client.get(TOTALS).status_code == 403


def test_the_totals_read_in_a_constant_number_of_queries(
    client, login, cast, project, django_assert_max_num_queries
):
    login("secretariat")

    def add(count: int) -> None:
        for _index in range(count):
            made = project("GT", amount=Decimal("10.00"), currency="USD")
            made.axes.add(axis(0), axis(1))
            line(cast, made, "1.00", confirmed=True)

    add(1)
    with django_assert_max_num_queries(30) as small:
        client.get(TOTALS)
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(TOTALS)
