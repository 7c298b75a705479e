"""What happens to an opportunity along the steps: the step's checklist, closing it as won
or lost, and the stage history with the time spent in each step."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from mobiliza.pipeline.choices import LossReason
from mobiliza.pipeline.models import ActionDone, Opportunity
from mobiliza.pipeline.services import move
from mobiliza.pipeline.tests.conftest import OPPORTUNITIES, detail_url, messages_of
from mobiliza.plan.models import StepAction


def checklist_url(opportunity: Opportunity) -> str:
    return f"{OPPORTUNITIES}{opportunity.pk}/checklist/"


def close_url(opportunity: Opportunity) -> str:
    return f"{OPPORTUNITIES}{opportunity.pk}/close/"


def ticked(opportunity: Opportunity) -> set[int]:
    return set(ActionDone.objects.filter(opportunity=opportunity).values_list("action", flat=True))


# --- checklist ----------------------------------------------------------------------------


def test_the_page_lists_the_actions_of_the_current_step(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.get(detail_url(opportunity))
    items = response.context["pipeline"]["checklist"]
    assert [i.action for i in items] == list(steps["identify"].actions.order_by("position"))
    assert len(items) == 2
    page = response.content.decode()
    assert "Define the interests, comparative advantage" in page
    assert f'hx-post="{checklist_url(opportunity)}"' in page


def test_ticking_and_unticking_without_javascript(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    first, second = steps["identify"].actions.order_by("position")
    shown = [first.pk, second.pk]
    login("secretariat")
    response = client.post(
        checklist_url(opportunity),
        {"shown": shown, "done": [first.pk, second.pk], "step": opportunity.step_id},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(opportunity)}#checklist"
    assert ticked(opportunity) == {first.pk, second.pk}
    assert ActionDone.objects.get(opportunity=opportunity, action=first).done_by.email == (
        "secretariat@example.org"
    )
    client.post(checklist_url(opportunity), {"shown": shown, "done": [second.pk]})
    assert ticked(opportunity) == {second.pk}
    client.post(checklist_url(opportunity), {"shown": shown})
    assert ticked(opportunity) == set()


def test_ticking_one_box_with_htmx_leaves_the_others_alone(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    first, second = steps["identify"].actions.order_by("position")
    ActionDone.objects.create(opportunity=opportunity, action=second)
    login("secretariat")
    # The page was opened before someone else ticked the second action: only the box the
    # user ticked counts.
    response = client.post(
        checklist_url(opportunity),
        {"shown": [first.pk, second.pk], "done": [first.pk], "changed": first.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "pipeline/_checklist.html" in [t.name for t in response.templates]
    assert ticked(opportunity) == {first.pk, second.pk}
    response = client.post(
        checklist_url(opportunity),
        {"shown": [first.pk, second.pk], "done": [], "changed": first.pk},
        headers={"HX-Request": "true"},
    )
    assert ticked(opportunity) == {second.pk}
    assert 'id="checklist"' in response.content.decode()


def test_actions_of_another_step_are_not_ticked(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    elsewhere = StepAction.objects.filter(step=steps["negotiate"]).first()
    login("secretariat")
    client.post(checklist_url(opportunity), {"shown": [elsewhere.pk], "done": [elsewhere.pk]})
    assert ticked(opportunity) == set()


def test_a_stale_checklist_after_a_move_is_refused(client, login, make_opportunity, steps, cast):
    opportunity = make_opportunity()
    first = steps["identify"].actions.first()
    move(user=cast("secretariat"), opportunity=opportunity, step=steps["participate"])
    login("secretariat")
    response = client.post(
        checklist_url(opportunity),
        {"shown": [first.pk], "done": [first.pk], "step": steps["identify"].pk},
    )
    assert ticked(opportunity) == set()
    assert "moved to another step" in messages_of(response)[0]


def test_only_those_who_may_change_it_tick_the_checklist(
    client, login, make_opportunity, steps, state
):
    opportunity = make_opportunity(member_state=state("HN"))
    action = steps["identify"].actions.first()
    data = {"shown": [action.pk], "done": [action.pk]}
    for who in ("evaluator", "focal-gt"):
        login(who)
        assert client.post(checklist_url(opportunity), data).status_code == 403
        page = client.get(detail_url(opportunity)).content.decode()
        assert "disabled" in page and "hx-post" not in page
    assert ticked(opportunity) == set()
    login("focal-hn")
    assert client.post(checklist_url(opportunity), data).status_code == 302
    assert ticked(opportunity) == {action.pk}


# --- closing ------------------------------------------------------------------------------


def test_closing_as_lost_without_a_reason_is_refused_with_a_message(
    client, login, make_opportunity
):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.post(close_url(opportunity), {"outcome": "lost", "loss_reason": ""})
    assert response.status_code == 302
    assert response["Location"] == detail_url(opportunity)
    opportunity.refresh_from_db()
    assert opportunity.outcome == "open"
    with translation.override("en"):
        assert messages_of(response) == [
            "The opportunity was not closed: Say why the opportunity was lost."
        ]


def test_closing_as_lost_keeps_the_reason_and_the_move(client, login, make_opportunity):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.post(
        close_url(opportunity),
        {
            "outcome": "lost",
            "loss_reason": LossReason.NO_FUNDS,
            "loss_notes": "Sin fondos este año",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.outcome, opportunity.loss_reason, opportunity.loss_notes) == (
        "lost",
        "no_funds",
        "Sin fondos este año",
    )
    assert opportunity.closed_on == timezone.localdate()
    assert opportunity.stage_changes.last().outcome == "lost"
    assert messages_of(response) == [f"“{opportunity}” was closed as lost."]


def test_closing_as_won_on_a_date(client, login, make_opportunity):
    opportunity = make_opportunity()
    login("secretariat")
    day = timezone.localdate() - datetime.timedelta(days=3)
    client.post(
        close_url(opportunity), {"outcome": "won", "closed_on": day.isoformat(), "confirm": "1"}
    )
    opportunity.refresh_from_db()
    assert (opportunity.outcome, opportunity.closed_on) == ("won", day)
    page = client.get(detail_url(opportunity)).content.decode()
    assert "Reopen in a step" in page
    assert close_url(opportunity) not in page


def test_a_focal_point_cannot_close_another_countrys_opportunity(
    client, login, make_opportunity, state
):
    opportunity = make_opportunity(member_state=state("HN"))
    login("focal-gt")
    assert client.post(close_url(opportunity), {"outcome": "won"}).status_code == 403
    login("evaluator")
    assert client.post(close_url(opportunity), {"outcome": "won"}).status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.outcome == "open"


# --- stage history ------------------------------------------------------------------------


def test_the_stage_history_shows_the_days_spent_in_each_step(
    client, login, make_opportunity, steps, cast
):
    start = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
    user = cast("secretariat")
    with time_machine.travel(start, tick=False):
        opportunity = make_opportunity()
    with time_machine.travel(start + datetime.timedelta(days=3), tick=False):
        login("secretariat")
        response = client.post(
            f"{OPPORTUNITIES}{opportunity.pk}/move/", {"step": steps["participate"].pk}
        )
        assert response.status_code == 302
    with time_machine.travel(start + datetime.timedelta(days=8), tick=False):
        move(user=user, opportunity=opportunity, step=steps["negotiate"])
    with time_machine.travel(start + datetime.timedelta(days=10, hours=2), tick=False):
        response = client.get(detail_url(opportunity))
    spent = {row.step.code: row.days for row in response.context["pipeline"]["time_in_steps"]}
    assert spent == {"identify": 3, "participate": 5, "negotiate": 2}
    history = response.context["pipeline"]["history"]
    assert [(row.step.code, row.days, row.moved_by) for row in history] == [
        ("identify", 3, user),
        ("participate", 5, user),
        ("negotiate", 2, user),
    ]
    assert history[-1].until is None  # still there
    page = response.content.decode()
    assert "3 days" in page and "5 days" in page


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_opportunity_page_works_in_both_languages(client, login, make_opportunity, language):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.get(f"/{language}/pipeline/opportunities/{opportunity.pk}/")
    assert response.status_code == 200
