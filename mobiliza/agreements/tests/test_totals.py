"""The "resources mobilized" page: totals in the reporting currency by kind, category,
source type, axis, member state, partner and year, split by status; exact to the cent,
in a fixed number of queries, exported as XLSX and CSV."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from mobiliza.agreements.models import Contribution
from mobiliza.agreements.selectors import TOP_PARTNERS, contribution_totals
from mobiliza.agreements.tests.test_contributions_helpers import (
    TOTALS,
    category,
    contribution,
    kind,
    oim,
    partner,
    secretariat,
    state,
)
from mobiliza.core.models import ExchangeRate
from mobiliza.directory.models import Partner
from mobiliza.plan.models import StrategicAxis

# The demo has no contribution in 2019: the tests' own are counted alone that year.
YEAR = 2019
ON = datetime.date(YEAR, 6, 1)
# Amounts whose conversions at 0.0586 each round (half up) away from the exact product.
TRICKY = ["0.07", "10.05", "333.33", "1234.56", "99.99", "0.25", "87.45", "5.15"]


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def mxn(db):
    ExchangeRate.objects.create(
        date=datetime.date(YEAR, 1, 1),
        currency="MXN",
        rate=Decimal("0.0586"),
        reporting_currency="USD",
    )


@pytest.fixture
def tricky(mxn):
    """Contributions in pesos at 0.0586, of every kind and status, from several sources."""
    company = partner("Empresa Solidaria", source="private-sector")
    axis = StrategicAxis.objects.order_by("position").first()
    statuses = ["pledged", "committed", "received"]
    made = []
    for i, amount in enumerate(TRICKY):
        status = statuses[i % 3]
        data = {
            "description_es": f"Aporte {i}",
            "amount": Decimal(amount),
            "currency": "MXN",
            "value_date": ON,
            "status": status,
            "committed_on": ON if status == "committed" else None,
            "received_on": ON if status == "received" else None,
            "axis": axis if i % 2 else None,
            "member_state": state("GT") if i % 3 == 0 else None,
            "partner": company if i % 4 == 1 else oim(),
        }
        if i % 4 == 2:
            data.update(kind=kind("human"), people=2, person_months=Decimal("1.5"))
        if i % 4 == 3:
            data.update(kind=kind("goods-services"), quantity=Decimal("4"), unit="laptops")
        if i == 4:
            data.update(
                partner=None,
                is_own_contribution=True,
                mechanism="budget_allocation",
                member_state=state("HN"),
                category=category("financial", "government-budgets"),
            )
        made.append(contribution(**data))
    return made


def shown_rows_add_up(result) -> None:
    for table in result.tables:
        for name in ("pledged", "committed", "received", "total"):
            assert sum((getattr(r, name) for r in table.rows), Decimal(0)) == getattr(
                result.grand, name
            ), (table.key, name)
        assert sum(r.count for r in table.rows) == result.grand.count, table.key


def test_the_totals_are_exact_to_the_cent(cast, tricky):
    result = contribution_totals(user=cast("secretariat"), year=YEAR)
    rounded = [cents(Decimal(a) * Decimal("0.0586")) for a in TRICKY]
    exact = sum((Decimal(a) * Decimal("0.0586") for a in TRICKY), Decimal(0))
    assert [c.amount_reporting for c in tricky] == rounded
    assert result.grand.total == sum(rounded, Decimal(0))
    assert result.grand.total != cents(exact)  # the rule: add up the rounded amounts
    assert result.grand.count == len(TRICKY)
    shown_rows_add_up(result)
    by_status = {
        s: sum((c.amount_reporting for c in tricky if c.status == s), Decimal(0))
        for s in ("pledged", "committed", "received")
    }
    assert (result.grand.pledged, result.grand.committed, result.grand.received) == (
        by_status["pledged"],
        by_status["committed"],
        by_status["received"],
    )


def test_every_table_adds_up_to_the_grand_total_with_the_demo_data_too(cast, tricky):
    shown_rows_add_up(contribution_totals(user=cast("secretariat")))


def test_the_page_shows_a_grand_total_equal_to_the_sum_of_its_rows(client, login, tricky):
    login("secretariat")
    response = client.get(TOTALS, {"year": YEAR})
    assert response.status_code == 200
    result = response.context["totals"]
    html = response.content.decode()
    expected = sum((c.amount_reporting for c in tricky), Decimal(0))
    assert result.grand.total == expected
    assert f'data-total="grand">US${expected:,.2f}<' in html
    for table in result.tables:
        assert table.rows_sum == expected
        assert f'data-total="{table.total.total}"' in html


def test_own_contributions_count_under_the_member_states_source_type(cast, tricky):
    result = contribution_totals(user=cast("secretariat"), year=YEAR)
    sources = {
        row.key: row for row in next(t for t in result.tables if t.key == "source_type").rows
    }
    own = [c for c in tricky if c.is_own_contribution]
    assert sources["member-states"].total == sum((c.amount_reporting for c in own), Decimal(0))
    assert sources["member-states"].count == 1
    private = [c for c in tricky if c.partner and c.partner.source_type.code == "private-sector"]
    assert sources["private-sector"].total == sum((c.amount_reporting for c in private), Decimal(0))
    states = {
        row.key: row for row in next(t for t in result.tables if t.key == "member_state").rows
    }
    assert states[state("HN").pk].total == own[0].amount_reporting


def test_people_person_months_and_quantities_are_added_up(cast, tricky):
    result = contribution_totals(user=cast("secretariat"), year=YEAR)
    kinds = {row.key: row for row in next(t for t in result.tables if t.key == "kind").rows}
    human = kinds[kind("human").pk]
    goods = kinds[kind("goods-services").pk]
    assert (human.people, human.person_months) == (4, Decimal("3.0"))
    assert goods.quantity == Decimal("8")
    assert [(u.unit, u.quantity) for u in result.goods_by_unit] == [("laptops", Decimal("8"))]


def test_the_totals_are_filtered_by_year_member_state_and_status(client, login, tricky):
    login("secretariat")
    gt = client.get(TOTALS, {"year": YEAR, "country": "GT"}).context["totals"]
    assert gt.grand.total == sum(
        (c.amount_reporting for c in tricky if c.member_state == state("GT")), Decimal(0)
    )
    received = client.get(TOTALS, {"year": YEAR, "status": "received"}).context["totals"]
    assert received.grand.total == received.grand.received
    assert received.grand.pledged == 0
    assert received.grand.count == len([c for c in tricky if c.status == "received"])
    links = client.get(TOTALS, {"year": YEAR, "status": "received"}).content.decode()
    assert "/resources/contributions/?year=2019&amp;status=received&amp;kind=human" in links


def test_the_partner_table_shows_the_largest_and_the_rest(cast, mxn):
    donors = [partner(f"Donante {i:02}") for i in range(TOP_PARTNERS + 3)]
    for i, donor in enumerate(donors):
        contribution(partner=donor, amount=Decimal(100 + i), value_date=ON)
    result = contribution_totals(user=cast("secretariat"), year=YEAR)
    table = next(t for t in result.tables if t.key == "partner")
    assert len(table.rows) == TOP_PARTNERS + 1
    assert [r.label for r in table.rows[:2]] == [donors[-1], donors[-2]]
    assert table.rows[-1].count == 3
    assert table.rows[-1].total == Decimal(100 + 101 + 102)
    assert table.rows_sum == result.grand.total


@pytest.mark.parametrize("extra", [5, 50])
def test_the_totals_run_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, mxn, extra
):
    company = partner("Empresa Masiva")
    Contribution.objects.bulk_create(
        Contribution(
            kind=kind("financial"),
            partner=company if i % 2 else oim(),
            member_state=state("GT") if i % 3 else None,
            description_es=f"Masivo {i}",
            amount=Decimal("10.00"),
            currency="USD",
            amount_reporting=Decimal("10.00"),
            reporting_currency="USD",
            value_date=ON + datetime.timedelta(days=i),
            status="received" if i % 2 else "pledged",
        )
        for i in range(extra)
    )
    login("focal-gt")
    with django_assert_max_num_queries(24):  # about 22: one per grouping and its names
        response = client.get(TOTALS, {"year": YEAR})
    assert response.context["totals"].grand.count == extra


def test_a_partner_viewer_sees_only_its_partners_totals(client, login, tricky):
    login("donor")
    result = client.get(TOTALS, {"year": YEAR}).context["totals"]
    own = [c for c in tricky if c.partner_id == oim().pk]
    assert result.grand.total == sum((c.amount_reporting for c in own), Decimal(0))
    assert result.grand.count == len(own)


def test_the_evaluator_reads_the_totals_and_anonymous_visitors_log_in(client, login):
    response = client.get(TOTALS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    login("evaluator")
    assert client.get(TOTALS).status_code == 200


def test_contributions_without_a_conversion_are_counted_apart(client, login, mxn):
    Contribution.objects.create(
        kind=kind("financial"),
        partner=oim(),
        description_es="Sin convertir",
        amount=Decimal("5.00"),
        currency="MXN",
        value_date=ON,
    )
    login("secretariat")
    response = client.get(TOTALS, {"year": YEAR})
    assert response.context["totals"].unconverted == 1
    assert response.context["totals"].grand.count == 0
    assert "1 contribution is left out" in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_totals_are_exported(client, login, tricky, fmt):
    login("secretariat")
    response = client.get(TOTALS, {"year": YEAR, "format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
        rows = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    header, *data = rows
    assert header[:6] == [
        "Grouping",
        "Item",
        "Pledged (USD)",
        "Committed (USD)",
        "Received (USD)",
        "Total (USD)",
    ]
    expected = sum((c.amount_reporting for c in tricky), Decimal(0))
    assert Decimal(data[-1][5]) == expected  # the grand total, last
    by_grouping: dict[str, Decimal] = {}
    for row in data[:-1]:
        by_grouping[row[0]] = by_grouping.get(row[0], Decimal(0)) + Decimal(row[5])
    assert set(by_grouping.values()) == {expected}
    assert "By source type" in by_grouping


def test_a_partner_viewer_is_refused_nothing_but_sees_no_one_else(client, login):
    other = Partner.objects.get(acronym="UNODC")
    contribution(partner=other, value_date=ON, description_es="De UNODC")
    login("donor")
    result = client.get(TOTALS, {"year": YEAR}).context["totals"]
    assert result.grand.count == 0


# --- the cache ------------------------------------------------------------------------------


def grand_total(client) -> Decimal:
    return client.get(TOTALS, {"year": YEAR}).context["totals"].grand.total


def test_the_totals_come_from_the_cache_in_few_queries_until_a_contribution_changes(
    client, login, django_assert_max_num_queries
):
    login("secretariat")
    first = contribution(value_date=ON, amount=Decimal("100.00"))
    assert grand_total(client) == Decimal("100.00")
    # Served again from the cache: session, user, roles, freshness, the member states of
    # the filter and the unread notifications.
    with django_assert_max_num_queries(8):
        assert grand_total(client) == Decimal("100.00")
    # A new contribution, a change of amount and a deletion each show at once.
    second = contribution(value_date=ON, amount=Decimal("0.05"))
    assert grand_total(client) == Decimal("100.05")
    from mobiliza.core.services import record_delete, record_update

    record_update(
        user=secretariat(),
        instance=first,
        data={"amount": Decimal("250.00")},
        version=first.version,
    )
    assert grand_total(client) == Decimal("250.05")
    record_delete(user=secretariat(), instance=second)
    assert grand_total(client) == Decimal("250.00")


def test_rates_imported_later_show_in_the_cached_totals(client, login, mxn):
    from mobiliza.agreements.services import recompute_conversions

    login("secretariat")
    contribution(value_date=ON, amount=Decimal("1000.00"), currency="MXN")
    assert grand_total(client) == Decimal("58.60")
    ExchangeRate.objects.create(
        date=ON, currency="MXN", rate=Decimal("0.0600"), reporting_currency="USD"
    )
    recompute_conversions("MXN", ON)
    assert grand_total(client) == Decimal("60.00")


def test_a_partner_viewer_never_gets_totals_cached_for_the_secretariat(client, login):
    contribution(value_date=ON, amount=Decimal("100.00"))
    contribution(value_date=ON, amount=Decimal("7.00"), partner=partner("Otro donante"))
    login("secretariat")
    assert grand_total(client) == Decimal("107.00")
    login("donor")
    assert grand_total(client) == Decimal("100.00")


def test_a_partners_new_source_type_moves_its_money_in_the_cached_totals(client, login):
    from mobiliza.core.services import record_update
    from mobiliza.plan.models import SourceType

    company = partner("Empresa Cambiante", source="private-sector")
    contribution(value_date=ON, amount=Decimal("42.00"), partner=company)
    login("secretariat")

    def by_source() -> dict[str, Decimal]:
        tables = client.get(TOTALS, {"year": YEAR}).context["totals"].tables
        rows = next(t for t in tables if t.key == "source_type").rows
        return {row.key: row.total for row in rows if row.total}

    assert by_source() == {"private-sector": Decimal("42.00")}
    record_update(
        user=secretariat(),
        instance=company,
        data={"source_type": SourceType.objects.get(code="academic-sector")},
        version=company.version,
    )
    assert by_source() == {"academic-sector": Decimal("42.00")}
