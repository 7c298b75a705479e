"""A project is presented only with its checklist complete, and its sheet is drafted only
with its essentials: the model refuses it, so the services, the step page and the API do."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.core.services import record_transition
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.tests.checklist_helpers import (
    a_complete_sheet,
    a_project,
    answer_all,
    in_state,
    person,
)

pytestmark = pytest.mark.django_db


def refusal(project: Project, step: str, language: str = "en") -> str:
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            record_transition(user=person("secretariat"), instance=project, name=step)
        return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    "step, state", [("present", "checklist_passed"), ("pass_checklist", "sheet_drafted")]
)
def test_a_step_that_needs_the_checklist_is_refused_until_all_twenty_are_answered(step, state):
    project = in_state(a_complete_sheet(), state)
    answer_all(project, but=3)

    message = refusal(project, step)

    assert "3 items of 20 are unanswered" in message
    assert f"/portfolio/projects/{project.pk}/checklist/" in message
    assert Project.objects.get(pk=project.pk).state == state


def test_one_missing_answer_is_named_in_the_singular():
    project = in_state(a_complete_sheet(), "checklist_passed")
    answer_all(project, but=1)

    assert "1 item of 20 is unanswered" in refusal(project, "present")


def test_a_complete_checklist_lets_the_project_be_presented_even_with_no_answers():
    project = in_state(a_complete_sheet(), "checklist_passed")
    answer_all(project, answer="no")

    moved = record_transition(user=person("secretariat"), instance=project, name="present")

    assert moved.state == "presented"


def test_the_checklist_of_an_earlier_version_does_not_count_for_the_current_one():
    project = in_state(a_complete_sheet(), "checklist_passed")
    answer_all(project)
    Project.objects.filter(pk=project.pk).update(sheet_version=2)
    project.refresh_from_db()

    assert "version 2 of the sheet" in refusal(project, "present")


def test_the_sheet_is_not_drafted_while_its_essentials_are_missing():
    project = a_project(name_es="Idea sin desarrollar")

    message = refusal(project, "draft_sheet")

    for missing in (
        "at least one strategic axis",
        "the executing institution",
        "the beneficiaries",
        "the amount with its currency",
        "the start date or the duration",
        "a description of at least three paragraphs",
    ):
        assert missing in message
    assert "the name" not in message.split("lacks", 1)[1]


def test_a_regional_project_needs_the_member_states_it_runs_in():
    project = a_project(name_es="Red regional", scope="regional", member_state=None)

    assert "the member states a regional project runs in" in refusal(project, "draft_sheet")


def test_a_description_of_two_paragraphs_is_not_enough():
    project = a_complete_sheet()
    Project.objects.filter(pk=project.pk).update(description_es="Uno.\n\nDos.", description_en="")
    project.refresh_from_db()

    assert "three paragraphs" in refusal(project, "draft_sheet")


def test_a_complete_sheet_is_drafted():
    project = a_complete_sheet()

    moved = record_transition(user=person("secretariat"), instance=project, name="draft_sheet")

    assert moved.state == "sheet_drafted"


def test_the_refusal_is_said_in_spanish_to_a_spanish_reader():
    project = in_state(a_complete_sheet(), "checklist_passed")

    with translation.override("es"):
        expected = translation.ngettext(
            "The checklist of version %(version)s of the sheet is not complete: "
            "%(missing)s item of %(total)s is unanswered. Answer it on the "
            "project's checklist page (%(address)s).",
            "The checklist of version %(version)s of the sheet is not complete: "
            "%(missing)s items of %(total)s are unanswered. Answer them on the "
            "project's checklist page (%(address)s).",
            20,
        ) % {
            "version": 1,
            "missing": 20,
            "total": 20,
            "address": f"/es/portfolio/projects/{project.pk}/checklist/",
        }
    assert refusal(project, "present", "es") == expected


def test_the_step_page_refuses_presenting_an_unready_project(client, login):
    project = in_state(a_complete_sheet(), "checklist_passed")
    login("secretariat")

    with translation.override("en"):
        path = reverse("transition", args=["portfolio.project", project.pk, "present"])

    response = client.post(path, follow=True)

    assert "20 items of 20 are unanswered" in html.unescape(response.content.decode())
    assert Project.objects.get(pk=project.pk).state == "checklist_passed"


def test_the_api_refuses_presenting_an_unready_project(client):
    project = in_state(a_complete_sheet(), "checklist_passed")
    path = reverse("project-transition", args=[project.pk, "present"])
    assert path == f"/api/v1/projects/{project.pk}/transitions/present/"
    token, _created = Token.objects.get_or_create(user=person("secretariat"))

    response = client.post(path, HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "20 items of 20 are unanswered" in response.content.decode()
    assert Project.objects.get(pk=project.pk).state == "checklist_passed"
