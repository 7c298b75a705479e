"""A consultancy call from a deserted first call to the joint selection, and every step
refused to those who may not take it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from mobiliza.core.history import history_of
from mobiliza.portfolio.consultancies import services
from mobiliza.portfolio.consultancies.models import ApplicantScore, ConsultancyCall
from mobiliza.portfolio.tests.test_consultancies_helpers import (
    applicant,
    build_sent_call,
    decide,
    new_call,
    person,
    regional_project,
    score,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The refusals below are read in English, the language these tests ask them in."""
    with translation.override("en"):
        yield


@pytest.fixture
def sent_call(db):
    """A call of a GT and HN project sent to both states (see build_sent_call)."""
    return build_sent_call()


SECOND_OPENS = datetime.date(2026, 5, 1)
SECOND_CLOSES = datetime.date(2026, 5, 31)


def test_a_first_call_without_offers_is_deserted_and_a_second_call_leads_to_a_selection():
    project = regional_project("GT", "HN")
    first = new_call(project)
    assert {s.code for s in first.evaluating_states.all()} == {"GT", "HN"}
    first = step(first, "publish", "close")
    assert first.state == "deserted"
    assert first.published_on and first.closed_on

    second = services.open_second_call(
        user=person("secretariat"), call=first, opens_on=SECOND_OPENS, closes_on=SECOND_CLOSES
    )
    assert second.call_number == 2 and second.first_call == first
    assert second.terms_es == first.terms_es and second.terms_en == first.terms_en
    assert {s.code for s in second.evaluating_states.all()} == {"GT", "HN"}

    second = step(second, "publish")
    ana = applicant(second, "Ana Pérez")
    beto = applicant(second, "Beto Gómez")
    assert ana.retention_until == SECOND_CLOSES + datetime.timedelta(days=365)
    second = step(second, "close")
    assert second.state == "closed"
    decide(ana, "yes")
    decide(beto, "yes")
    second = step(second, "filter", "send")
    assert {s.code for s in second.sent_to.all()} == {"GT", "HN"}

    score(ana, "GT", "90")
    score(ana, "HN", "80")
    score(beto, "GT", "70")
    score(beto, "HN", "75")
    chosen = services.select_applicant(user=person("presidency"), call=second, applicant=ana)
    assert chosen.state == "selected"
    assert chosen.selected_applicant == ana
    assert chosen.selected_on is not None
    with translation.override("en"):
        reasons = [str(entry.reason) for entry in history_of(chosen)]
    assert any("Joint selection" in r for r in reasons)
    assert any("Send to the member states" in r for r in reasons)


def test_a_second_call_is_refused_when_the_first_had_offers(sent_call):
    with pytest.raises(ValidationError):
        services.open_second_call(
            user=person("secretariat"),
            call=sent_call["call"],
            opens_on=SECOND_OPENS,
            closes_on=SECOND_CLOSES,
        )


def test_a_second_call_is_held_once():
    first = step(new_call(regional_project("GT")), "publish", "close")
    services.open_second_call(
        user=person("secretariat"), call=first, opens_on=SECOND_OPENS, closes_on=SECOND_CLOSES
    )
    with pytest.raises(ValidationError):
        services.open_second_call(
            user=person("secretariat"), call=first, opens_on=SECOND_OPENS, closes_on=SECOND_CLOSES
        )


def test_a_focal_point_may_not_open_a_second_call():
    first = step(new_call(regional_project("GT")), "publish", "close")
    with pytest.raises(PermissionDenied):
        services.open_second_call(
            user=person("focal-gt"), call=first, opens_on=SECOND_OPENS, closes_on=SECOND_CLOSES
        )


def test_a_regional_project_that_names_no_state_is_evaluated_by_every_member_state():
    call = new_call(regional_project())
    assert call.evaluating_states.count() == 9


def test_the_selection_is_refused_without_scores(sent_call):
    with pytest.raises(ValidationError, match="scored"):
        services.select_applicant(
            user=person("secretariat"), call=sent_call["call"], applicant=sent_call["ana"]
        )


def test_the_selection_waits_for_every_state_unless_the_managers_decide_with_the_scores_there(
    sent_call,
):
    score(sent_call["ana"], "GT", "88")
    with pytest.raises(ValidationError, match="Honduras"):
        services.select_applicant(
            user=person("secretariat"), call=sent_call["call"], applicant=sent_call["ana"]
        )
    chosen = services.select_applicant(
        user=person("secretariat"),
        call=sent_call["call"],
        applicant=sent_call["ana"],
        without_every_score=True,
    )
    assert chosen.selected_applicant == sent_call["ana"]


def test_an_applicant_who_did_not_pass_the_first_filter_is_not_selected(sent_call):
    with pytest.raises(ValidationError):
        services.select_applicant(
            user=person("secretariat"), call=sent_call["call"], applicant=sent_call["carla"]
        )


def test_the_selection_is_refused_to_a_focal_point(sent_call):
    score(sent_call["ana"], "GT", "88")
    score(sent_call["ana"], "HN", "80")
    with pytest.raises(PermissionDenied):
        services.select_applicant(
            user=person("focal-gt"), call=sent_call["call"], applicant=sent_call["ana"]
        )


def test_scoring_is_refused_before_the_call_is_sent():
    call = step(new_call(regional_project("GT", "HN")), "publish")
    ana = applicant(call, "Ana Pérez")
    call = step(call, "close")
    decide(ana, "yes")
    with pytest.raises(ValidationError, match="sent"):
        score(ana, "GT", "90")
    call = step(call, "filter")
    with pytest.raises(ValidationError, match="sent"):
        score(ana, "GT", "90")


def test_a_focal_point_scores_only_for_its_own_state(sent_call):
    with pytest.raises(PermissionDenied):
        score(sent_call["ana"], "HN", "90", by="focal-gt")


def test_a_state_the_call_was_not_sent_to_does_not_score(sent_call):
    with pytest.raises(ValidationError, match="not sent"):
        score(sent_call["ana"], "SV", "90")


def test_an_applicant_who_did_not_pass_the_first_filter_is_not_scored(sent_call):
    with pytest.raises(ValidationError, match="first filter"):
        score(sent_call["carla"], "GT", "50")


def test_a_score_is_between_0_and_100(sent_call):
    with pytest.raises(ValidationError):
        score(sent_call["ana"], "GT", "101")


def test_each_state_scores_an_applicant_once_and_may_correct_it(sent_call):
    score(sent_call["ana"], "GT", "60")
    score(sent_call["ana"], "GT", "65")
    scores = ApplicantScore.objects.filter(applicant=sent_call["ana"])
    assert [(s.member_state.code, s.score) for s in scores] == [("GT", 65)]
    assert scores.get().scored_by == person("focal-gt")


def test_the_first_filter_needs_a_decision_for_every_applicant():
    call = step(new_call(regional_project("GT")), "publish")
    ana = applicant(call, "Ana Pérez")
    applicant(call, "Beto Gómez")
    call = step(call, "close")
    decide(ana, "yes")
    with pytest.raises(ValidationError, match="every applicant"):
        step(call, "filter")


def test_the_first_filter_is_decided_once_the_call_is_closed():
    call = step(new_call(regional_project("GT")), "publish")
    ana = applicant(call, "Ana Pérez")
    with pytest.raises(ValidationError):
        decide(ana, "yes")


def test_the_first_filter_is_refused_to_a_focal_point():
    call = step(new_call(regional_project("GT")), "publish")
    ana = applicant(call, "Ana Pérez")
    step(call, "close")
    with pytest.raises(PermissionDenied):
        services.decide_first_filter(user=person("focal-gt"), applicant=ana, decision="yes")


def test_applicants_are_received_only_while_the_call_is_open(sent_call):
    with pytest.raises(ValidationError, match="no longer open"):
        applicant(sent_call["call"], "Daniel Late")


@pytest.mark.parametrize("role", ["focal-gt", "evaluator", "donor"])
def test_every_step_of_the_call_is_refused_to_those_who_do_not_run_the_hiring(role):
    call = new_call(regional_project("GT"))
    with pytest.raises(PermissionDenied):
        step(call, "publish", by=role)
    call = step(call, "publish")
    ana = applicant(call, "Ana Pérez")
    with pytest.raises(PermissionDenied):
        step(call, "close", by=role)
    call = step(call, "close")
    decide(ana, "yes")
    for name in ("filter", "send"):
        with pytest.raises(PermissionDenied):
            step(call, name, by=role)
        call = step(call, name)
    assert ConsultancyCall.objects.get(pk=call.pk).state == "sent"


@pytest.mark.parametrize("role", ["focal-gt", "evaluator", "donor"])
def test_adding_an_applicant_is_refused_to_those_who_do_not_run_the_hiring(role):
    call = step(new_call(regional_project("GT")), "publish")
    with pytest.raises(PermissionDenied):
        services.add_applicant(user=person(role), call=call, data={"full_name": "X"})


def test_a_call_cannot_close_before_it_opens():
    with pytest.raises(ValidationError):
        new_call(regional_project("GT"), closes_on=datetime.date(2026, 2, 1))


def test_the_focal_point_of_the_state_of_the_project_may_not_create_a_call(cast):
    project = regional_project("GT")
    with pytest.raises(PermissionDenied):
        services.create_call(
            user=cast("focal-gt"),
            data={
                "project": project,
                "title": "X",
                "opens_on": datetime.date(2026, 1, 1),
                "closes_on": datetime.date(2026, 1, 2),
            },
        )


def test_a_second_call_that_closes_before_it_opens_is_refused_with_the_calls_rule(client):
    first = step(new_call(regional_project("GT")), "publish", "close")
    with pytest.raises(ValidationError) as refused:
        services.open_second_call(
            user=person("secretariat"), call=first, opens_on=SECOND_CLOSES, closes_on=SECOND_OPENS
        )
    assert "A call cannot close before it opens." in refused.value.messages
    client.force_login(person("secretariat"))
    from django.urls import reverse

    response = client.post(
        reverse("portfolio:consultancycall_second_call", args=[first.pk]),
        {"opens_on": SECOND_CLOSES.isoformat(), "closes_on": SECOND_OPENS.isoformat()},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "A call cannot close before it opens." in response.content.decode()
    assert not ConsultancyCall.objects.filter(first_call=first).exists()
