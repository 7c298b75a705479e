"""The pipeline board: a column per step, cards, exact totals in the reporting currency,
moving cards with the keyboard form or by dragging, and a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from mobiliza.core.models import ExchangeRate
from mobiliza.pipeline.models import Opportunity, StageChange
from mobiliza.pipeline.tests.conftest import BOARD, OPPORTUNITIES, detail_url, messages_of


def move_url(opportunity: Opportunity) -> str:
    return f"{OPPORTUNITIES}{opportunity.pk}/move/"


def column(response, code: str):
    return next(c for c in response.context["board"].columns if c.step.code == code)


@pytest.fixture
def rates(db):
    """Euros and Canadian dollars have rates; Japanese yen has none."""
    day = timezone.localdate() - datetime.timedelta(days=3)
    ExchangeRate.objects.filter(currency__in=["EUR", "CAD", "JPY"]).delete()
    ExchangeRate.objects.create(
        date=day, currency="EUR", rate=Decimal("1.0850"), reporting_currency="USD"
    )
    ExchangeRate.objects.create(
        date=day, currency="CAD", rate=Decimal("0.7351"), reporting_currency="USD"
    )


def test_the_board_has_a_column_per_step_in_order(client, login, steps):
    login("secretariat")
    response = client.get(BOARD)
    assert response.status_code == 200
    assert [c.step for c in response.context["board"].columns] == list(steps.values())
    page = response.content.decode()
    assert "css/board.css" in page and "js/board.js" in page


def test_cards_show_title_partner_amount_owner_and_next_action(
    client, login, make_opportunity, partner
):
    make_opportunity(
        title="Fondo para fiscalías",
        expected_amount=Decimal("2500"),
        currency="USD",
        owner=login("secretariat"),
        next_action="Llamar a la oficial de programa",
        next_action_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = client.get(BOARD, {"partner": partner.pk})
    page = response.content.decode()
    for text in ("Fondo para fiscalías", "FPE", "US$2,500.00", "Llamar a la oficial de programa"):
        assert text in page
    assert 'class="board-card is-late"' in page
    assert 'badge-warning">late<' in page
    assert [card.title for card in column(response, "identify").cards] == ["Fondo para fiscalías"]


def test_closed_opportunities_are_counted_not_shown(client, login, make_opportunity, partner):
    from mobiliza.pipeline.services import close

    user = login("secretariat")
    won = make_opportunity(title="Ganada")
    lost = make_opportunity(title="Perdida")
    close(user=user, opportunity=won, outcome="won")
    close(user=user, opportunity=lost, outcome="lost", loss_reason="no_funds")
    make_opportunity(title="Abierta")
    response = client.get(BOARD, {"partner": partner.pk})
    board = response.context["board"]
    assert (board.won, board.lost, board.count) == (1, 1, 1)
    assert [c.title for col in board.columns for c in col.cards] == ["Abierta"]


def test_column_totals_are_the_exact_sums_in_the_reporting_currency(
    client, login, make_opportunity, partner, rates, steps
):
    amounts = [
        # amount, currency, probability
        (Decimal("1000.25"), "USD", 50),
        (Decimal("333.33"), "EUR", 33),  # 361.663305 → 361.66 US$
        (Decimal("0.01"), "USD", 7),
        (Decimal("999999.99"), "CAD", 99),  # 735099.992649 → 735099.99 US$
    ]
    for index, (amount, currency, probability) in enumerate(amounts):
        make_opportunity(
            title=f"Suma {index}",
            expected_amount=amount,
            currency=currency,
            probability=probability,
        )
    make_opportunity(title="Sin monto", probability=80)
    make_opportunity(
        title="Otra etapa", step=steps["negotiate"], expected_amount=Decimal("5"), currency="USD"
    )
    login("secretariat")
    response = client.get(BOARD, {"partner": partner.pk})
    identify = column(response, "identify")
    converted = list(
        Opportunity.objects.filter(partner=partner, step=steps["identify"])
        .exclude(expected_amount_reporting=None)
        .values_list("expected_amount_reporting", "probability")
    )
    assert sorted(a for a, _ in converted) == sorted(
        [Decimal("1000.25"), Decimal("361.66"), Decimal("0.01"), Decimal("735099.99")]
    )
    assert identify.count == 5
    assert identify.expected == Decimal("736461.91")
    expected_weighted = sum(a * p for a, p in converted) / 100
    assert identify.weighted == expected_weighted == Decimal("728368.4636")
    assert isinstance(identify.weighted, Decimal)
    negotiate = column(response, "negotiate")
    assert (negotiate.count, negotiate.expected, negotiate.weighted) == (
        1,
        Decimal("5"),
        Decimal("2.5"),
    )
    board = response.context["board"]
    assert board.expected == Decimal("736466.91")
    assert board.weighted == Decimal("728370.9636")
    with translation.override("en"):
        assert "US$736,461.91" in response.content.decode()


def test_a_card_without_exchange_rate_is_left_out_of_the_totals_with_a_note(
    client, login, make_opportunity, partner, rates
):
    make_opportunity(title="En dólares", expected_amount=Decimal("100"), currency="USD")
    make_opportunity(title="En yenes", expected_amount=Decimal("50000"), currency="JPY")
    login("secretariat")
    response = client.get(BOARD, {"partner": partner.pk})
    identify = column(response, "identify")
    assert identify.count == 2
    assert identify.expected == Decimal("100")
    assert identify.weighted == Decimal("50")
    assert identify.without_rate == 1
    assert response.context["board"].without_rate == 1
    page = response.content.decode()
    assert "no exchange rate" in page
    assert "1 without exchange rate, left out of the totals" in page
    assert "1 opportunity has no exchange rate for its currency" in page


def test_the_board_filters_like_the_list(client, login, make_opportunity, partner, state):
    make_opportunity(title="Guatemalteca", member_state=state("GT"))
    make_opportunity(title="Regional")
    login("secretariat")
    response = client.get(BOARD, {"partner": partner.pk, "country": "GT"})
    assert [c.title for col in response.context["board"].columns for c in col.cards] == [
        "Guatemalteca"
    ]
    assert set(response.context["filter"].form.fields) == {
        "q",
        "axis",
        "partner",
        "project",
        "owner",
        "country",
        "kind",
    }


@pytest.mark.parametrize("extra", [5, 50])
def test_the_board_runs_a_fixed_number_of_queries(
    client, login, make_opportunity, partner, steps, cast, extra, django_assert_max_num_queries
):
    from mobiliza.directory.models import Partner

    owners = [cast("secretariat"), cast("focal-gt"), cast("presidency")]
    partners = [partner, *Partner.objects.exclude(pk=partner.pk)[:3]]
    step_list = list(steps.values())
    Opportunity.objects.bulk_create(
        Opportunity(
            title=f"Tarjeta {i}",
            partner=partners[i % len(partners)],
            step=step_list[i % len(step_list)],
            owner=owners[i % len(owners)],
            expected_amount=Decimal("10.5"),
            expected_amount_reporting=Decimal("10.5") if i % 4 else None,
            currency="USD" if i % 4 else "JPY",
            next_action_on=timezone.localdate(),
        )
        for i in range(extra)
    )
    login("focal-gt")
    with django_assert_max_num_queries(14):
        response = client.get(BOARD)
    assert response.status_code == 200
    assert sum(len(c.cards) for c in response.context["board"].columns) >= extra


# --- moving cards -------------------------------------------------------------------------


def test_the_secretariat_moves_a_card_with_the_board_form(
    client, login, make_opportunity, steps, partner
):
    opportunity = make_opportunity()
    user = login("secretariat")
    board = client.get(BOARD, {"partner": partner.pk}).content.decode()
    assert f'action="{move_url(opportunity)}"' in board
    assert f'<label for="move-{opportunity.pk}">Move to</label>' in board
    back = f"{BOARD}?partner={partner.pk}"
    response = client.post(move_url(opportunity), {"step": steps["participate"].pk, "next": back})
    assert response.status_code == 302
    assert response["Location"] == back  # the board, with its filters
    opportunity.refresh_from_db()
    assert opportunity.step == steps["participate"]
    last = StageChange.objects.filter(opportunity=opportunity).last()
    assert (last.step, last.moved_by) == (steps["participate"], user)
    assert messages_of(response) == [f"“{opportunity}” is now in step {steps['participate']}."]


def test_a_dragged_card_is_moved_and_answered_in_json(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    login("secretariat")
    # From step 1 to step 3: the board is asked to confirm the step it skips first.
    question = client.post(
        move_url(opportunity),
        {"step": steps["negotiate"].pk},
        headers={"X-Requested-With": "fetch"},
    )
    assert question.status_code == 409
    assert question.json()["ok"] is False
    assert "Participate" in question.json()["confirm"]
    response = client.post(
        move_url(opportunity),
        {"step": steps["negotiate"].pk, "confirm_skip": "1"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["step"] == steps["negotiate"].pk
    opportunity.refresh_from_db()
    assert opportunity.step == steps["negotiate"]
    bad = client.post(move_url(opportunity), {"step": "x"}, headers={"X-Requested-With": "fetch"})
    assert bad.status_code == 400
    assert bad.json()["ok"] is False


def test_an_offsite_next_address_is_ignored(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.post(
        move_url(opportunity), {"step": steps["participate"].pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == detail_url(opportunity)


def test_a_focal_point_moves_its_own_country_but_not_another(
    client, login, make_opportunity, steps, state
):
    own = make_opportunity(title="Propia", member_state=state("GT"))
    other = make_opportunity(title="Ajena", member_state=state("HN"))
    login("focal-gt")
    board = client.get(BOARD).content.decode()
    assert f'action="{move_url(own)}"' in board
    assert f'action="{move_url(other)}"' not in board  # no control where it may not move
    assert client.post(move_url(other), {"step": steps["negotiate"].pk}).status_code == 403
    other.refresh_from_db()
    assert other.step == steps["identify"]
    moved = client.post(move_url(own), {"step": steps["negotiate"].pk, "confirm_skip": "1"})
    assert moved.status_code == 302
    own.refresh_from_db()
    assert own.step == steps["negotiate"]


def test_an_evaluator_sees_the_board_but_cannot_move(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    login("evaluator")
    board = client.get(BOARD)
    assert board.status_code == 200
    assert f'action="{move_url(opportunity)}"' not in board.content.decode()
    assert client.post(move_url(opportunity), {"step": steps["negotiate"].pk}).status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.step == steps["identify"]


def test_moving_needs_a_post_and_a_log_in(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    response = client.post(move_url(opportunity), {"step": steps["negotiate"].pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login("secretariat")
    assert client.get(move_url(opportunity)).status_code == 405
    assert client.post(f"{OPPORTUNITIES}999999/move/", {"step": 1}).status_code == 404


def test_a_crowded_step_shows_the_most_urgent_cards_and_links_to_the_rest(
    client, login, partner, steps
):
    from mobiliza.pipeline.selectors import CARDS_PER_COLUMN

    identify = steps["identify"]
    today = timezone.localdate()
    Opportunity.objects.bulk_create(
        Opportunity(
            title=f"Oportunidad {i:02d}",
            partner=partner,
            step=identify,
            next_action_on=today + datetime.timedelta(days=i),
        )
        for i in range(CARDS_PER_COLUMN + 5)
    )
    login("secretariat")
    response = client.get(BOARD, {"partner": partner.pk})
    column = next(c for c in response.context["board"].columns if c.step == identify)
    assert column.count == CARDS_PER_COLUMN + 5
    assert [c.title for c in column.cards][:2] == ["Oportunidad 00", "Oportunidad 01"]
    assert len(column.cards) == CARDS_PER_COLUMN and column.hidden == 5
    with translation.override("en"):
        page = client.get(BOARD.replace("/es/", "/en/"), {"partner": partner.pk}).content.decode()
    assert "5 more opportunities in this step" in page
    assert f"?step={identify.pk}&amp;outcome=open" in page


def test_the_cached_board_totals_follow_every_change(
    client, login, make_opportunity, partner, cast
):
    login("secretariat")

    def identify_count() -> int:
        board = client.get(BOARD, {"partner": partner.pk}).context["board"]
        return next(c.count for c in board.columns if c.step.code == "identify")

    before = identify_count()
    opportunity = make_opportunity(title="Nueva en identificar")
    assert identify_count() == before + 1
    from mobiliza.pipeline.services import close

    close(
        user=cast("secretariat"),
        opportunity=opportunity,
        outcome="won",
    )
    assert identify_count() == before
    # Written in bulk, without history: still seen at once.
    Opportunity.objects.bulk_create(
        [Opportunity(title="Masiva", partner=partner, step=opportunity.step)]
    )
    assert identify_count() == before + 1
