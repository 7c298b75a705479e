"""The resources-mobilized totals follow the instalments received: what has arrived counts
as received whatever the contribution's status, the rest under its status."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from mobiliza.agreements.models import Contribution, Instalment
from mobiliza.agreements.selectors import contribution_totals
from mobiliza.agreements.tests.test_contributions_helpers import TOTALS, contribution, secretariat
from mobiliza.core.models import ExchangeRate
from mobiliza.core.services import record_create, record_delete, record_update

YEAR = 2018
ON = datetime.date(YEAR, 5, 2)


def instalment(parent: Contribution, amount: str, received_on: datetime.date | None = None):
    return record_create(
        user=secretariat(),
        model=Instalment,
        data={
            "contribution": parent,
            "due_on": ON,
            "amount": Decimal(amount),
            "received_on": received_on,
        },
    )


def split(user, year=YEAR) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    grand = contribution_totals(user=user, year=year).grand
    return grand.pledged, grand.committed, grand.received, grand.total


def test_an_instalment_received_counts_as_received_in_the_totals(cast):
    committed = contribution(
        amount=Decimal("300000.00"), value_date=ON, status="committed", committed_on=ON
    )
    first = instalment(committed, "150000.00", received_on=ON)
    instalment(committed, "150000.00")
    assert committed.received_amount() == Decimal("150000.00")
    assert split(cast("secretariat")) == (
        Decimal(0),
        Decimal("150000.00"),
        Decimal("150000.00"),
        Decimal("300000.00"),
    )
    # The second arrives: all of it is received, though the status still says committed.
    second = committed.instalments.get(received_on__isnull=True)
    record_update(
        user=secretariat(), instance=second, data={"received_on": ON}, version=second.version
    )
    assert split(cast("secretariat"))[1:3] == (Decimal(0), Decimal("300000.00"))
    # A received instalment deleted is no longer counted.
    record_delete(user=secretariat(), instance=first)
    assert split(cast("secretariat"))[1:3] == (Decimal("150000.00"), Decimal("150000.00"))


def test_a_pledge_with_an_instalment_received_is_split_and_adds_up(cast):
    pledge = contribution(amount=Decimal("1000.00"), value_date=ON)
    instalment(pledge, "250.00", received_on=ON)
    assert split(cast("secretariat")) == (
        Decimal("750.00"),
        Decimal(0),
        Decimal("250.00"),
        Decimal("1000.00"),
    )


def test_instalments_in_another_currency_are_converted_at_the_contributions_rate(cast):
    ExchangeRate.objects.create(
        date=datetime.date(YEAR, 1, 1),
        currency="MXN",
        rate=Decimal("0.0586"),
        reporting_currency="USD",
    )
    pesos = contribution(amount=Decimal("333.33"), currency="MXN", value_date=ON)
    # 0.0586 × 111.11 = 6.511046 each: three rounded instalments would make 19.53, the
    # whole amount converted makes 19.53 too, but only the whole amount is the rule.
    for _ in range(3):
        instalment(pesos, "111.11", received_on=ON)
    pledged, committed, received, total = split(cast("secretariat"))
    assert received == pesos.amount_reporting == total
    assert pledged == committed == Decimal(0)
    # Two of three received: each at the contribution's rate, rounded to the cent.
    last = pesos.instalments.last()
    record_update(
        user=secretariat(), instance=last, data={"received_on": None}, version=last.version
    )
    pledged, committed, received, total = split(cast("secretariat"))
    assert received == Decimal("13.02")  # 2 × 6.51
    assert pledged + received == total


def test_new_rates_convert_the_instalments_again(cast):
    from mobiliza.agreements.services import recompute_conversions

    ExchangeRate.objects.create(
        date=datetime.date(YEAR, 1, 1),
        currency="MXN",
        rate=Decimal("0.05"),
        reporting_currency="USD",
    )
    pesos = contribution(amount=Decimal("1000.00"), currency="MXN", value_date=ON)
    part = instalment(pesos, "500.00", received_on=ON)
    assert Instalment.objects.get(pk=part.pk).amount_reporting == Decimal("25.00")
    ExchangeRate.objects.create(
        date=ON, currency="MXN", rate=Decimal("0.06"), reporting_currency="USD"
    )
    recompute_conversions("MXN", ON)
    assert Instalment.objects.get(pk=part.pk).amount_reporting == Decimal("30.00")
    assert split(cast("secretariat"))[2] == Decimal("30.00")
    # An edit that moves the value date back to the older rate converts them again too.
    pesos.refresh_from_db()
    record_update(
        user=secretariat(),
        instance=pesos,
        data={"value_date": datetime.date(YEAR, 2, 1)},
        version=pesos.version,
    )
    assert Instalment.objects.get(pk=part.pk).amount_reporting == Decimal("25.00")


def test_the_demos_first_contribution_shows_what_it_received(client, login):
    """The demo's first disbursement: 300,000 committed, 150,000 of it received."""
    first = Contribution.objects.get(description_es="Primer desembolso del convenio marco")
    assert first.received_amount() == Decimal("150000.00")
    login("secretariat")
    year = first.value_date.year
    with translation.override("en"):
        response = client.get(TOTALS, {"year": year})
    grand = response.context["totals"].grand
    assert grand.received >= Decimal("150000.00")
    assert grand.pledged + grand.committed + grand.received == grand.total


@pytest.mark.parametrize("rows", [5, 50])
def test_the_totals_with_instalments_run_a_fixed_number_of_queries(
    cast, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        parent = contribution(amount=Decimal("100.00"), value_date=ON)
        instalment(parent, "40.00", received_on=ON)
    with django_assert_max_num_queries(20):  # about 18: one per grouping and its names
        result = contribution_totals(user=cast("secretariat"), year=YEAR)
    assert result.grand.received == Decimal("40.00") * rows


# --- the board's "mobilized" and the totals page ---------------------------------------


def test_the_board_counts_the_contributions_of_its_opportunities_and_says_so(client, login):
    from django.db.models import Q
    from django.urls import reverse

    from mobiliza.agreements.selectors import reporting_total

    user = login("secretariat")
    through = Contribution.objects.filter(
        Q(opportunity__isnull=False) | Q(agreement__opportunity__isnull=False)
    )
    expected = reporting_total(through)
    # The demo's framework agreement came from IOM's opportunity: its money counts.
    assert expected > 0
    for language in ("es", "en"):
        with translation.override(language):
            board = client.get(reverse("pipeline:board"))
            totals_url = reverse("agreements:totals")
            totals = client.get(totals_url)
            board_url = reverse("pipeline:board")
        assert board.context["mobilized"] == expected
        html = board.content.decode()
        # Each page says what it counts and links to the other.
        assert 'data-counts="opportunities"' in html
        assert f'href="{totals_url}"' in html
        page = totals.content.decode()
        assert 'data-counts="all"' in page
        assert f'href="{board_url}"' in page
        # The totals count every contribution: never less than the board's.
        assert totals.context["totals"].grand.total >= board.context["mobilized"]
    assert user.is_active


def test_the_board_and_the_totals_agree_when_every_contribution_came_through_it(client, login):
    """With one year's contributions all under opportunities, both pages give one figure."""
    from django.urls import reverse

    from mobiliza.pipeline.models import Opportunity

    login("secretariat")
    opportunity = Opportunity.objects.filter(partner__acronym="OIM").first()
    assert opportunity is not None
    contribution(amount=Decimal("1200.00"), value_date=ON, opportunity=opportunity)
    with translation.override("en"):
        board = client.get(reverse("pipeline:board"), {"partner": opportunity.partner_id})
        totals = client.get(TOTALS, {"year": YEAR})
    assert totals.context["totals"].grand.total == Decimal("1200.00")
    assert board.context["mobilized"] >= Decimal("1200.00")
