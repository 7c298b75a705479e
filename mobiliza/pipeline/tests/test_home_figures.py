"""The pipeline's figures for the home pages: open opportunities per step, and the next
actions an owner has due."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mobiliza.coalition.models import MemberState
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.selectors import opportunity_action_due_list, step_count_list
from mobiliza.plan.models import MobilizationStep

pytestmark = pytest.mark.django_db


def test_every_step_is_counted_in_order_with_its_open_opportunities(cast):
    steps = step_count_list(user=cast("presidency"))
    assert [s.step.pk for s in steps] == list(
        MobilizationStep.objects.order_by("position").values_list("pk", flat=True)
    )
    for item in steps:
        assert item.count == Opportunity.objects.filter(step=item.step, outcome="open").count()
    assert max(s.width for s in steps) == 100


def test_the_step_counts_follow_a_member_state_and_a_reader_who_may_not_see_any(cast):
    guatemala = MemberState.objects.get(code="GT")
    steps = step_count_list(user=cast("secretariat"), member_state=guatemala)
    assert (
        sum(s.count for s in steps)
        == Opportunity.objects.filter(member_state=guatemala, outcome="open").count()
    )
    assert sum(s.count for s in step_count_list(user=cast("donor"))) == 0


def test_an_owner_sees_the_next_actions_due_within_the_week_and_those_late(cast):
    today = timezone.localdate()
    focal = cast("focal-gt")
    mine = Opportunity.objects.filter(outcome="open").order_by("pk")[:3]
    dates = [
        today - datetime.timedelta(days=2),
        today + datetime.timedelta(days=3),
        today + datetime.timedelta(days=30),
    ]
    for opportunity, day in zip(mine, dates, strict=True):
        Opportunity.objects.filter(pk=opportunity.pk).update(owner=focal, next_action_on=day)
    due = opportunity_action_due_list(user=focal, owner=focal, today=today, within=7)
    assert (due.count, due.late) == (2, 1)
    assert [o.next_action_on for o in due.first] == dates[:2]
