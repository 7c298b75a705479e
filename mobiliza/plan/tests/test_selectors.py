"""The strategy's reads: what the pages show, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mobiliza.plan import models as plan
from mobiliza.plan import selectors

pytestmark = pytest.mark.django_db


def test_plan_of_action_puts_each_objective_under_its_axis(corett_loaded, secretariat):
    result = selectors.plan_of_action(user=secretariat)
    under_axes = [objective for _, objectives in result.axes for objective in objectives]
    assert result.objective_count == len(under_axes) + len(result.without_axis)
    for axis, objectives in result.axes:
        assert all(objective.axis_id == axis.pk for objective in objectives)
    # Axis 3 has no objective in section 5.2: it is listed, with none.
    assert [objectives for axis, objectives in result.axes if axis.code == "3"] == [[]]


def test_an_objective_without_axis_is_kept_apart(corett_loaded, secretariat):
    loose = plan.OperationalObjective.objects.create(code="99", position=99, text_es="Suelto")
    result = selectors.plan_of_action(user=secretariat)
    assert result.without_axis == [loose]


def test_the_reads_run_a_fixed_number_of_queries(corett_loaded, secretariat):
    reads = [
        selectors.strategy_overview,
        selectors.plan_of_action,
        selectors.monitoring,
        selectors.checklist_item_list,
    ]
    selectors.coalition_first(user=secretariat)  # the user's roles are read once, here
    counts = []
    for read in reads:
        with CaptureQueriesContext(connection) as queries:
            read(user=secretariat)
        counts.append(len(queries))
    # One per list and per prefetched relation: 6 + 2, 5 (with the axes), 3 + 1, 1.
    assert counts == [8, 5, 4, 1]


def test_a_user_without_a_role_reads_nothing(corett_loaded, user_without_role):
    assert selectors.checklist_item_list(user=user_without_role) == []
    assert selectors.coalition_first(user=user_without_role) is None


def test_the_plans_figures_count_what_the_configuration_holds(cast):
    figures = selectors.plan_figures(user=cast("evaluator"))
    assert figures.objectives == plan.OperationalObjective.objects.count() > 0
    assert figures.indicators == plan.Indicator.objects.count() > 0
    assert figures.evaluation_questions == plan.EvaluationQuestion.objects.count() > 0
