"""The 8.4 checklist of a project: twenty items answered yes, no or N/A with a comment, per
version of the sheet, with a readiness summary on its page and on the project's."""

from __future__ import annotations

import html
import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from mobiliza.plan.models import ChecklistItem
from mobiliza.portfolio.checklist.models import ChecklistAnswer
from mobiliza.portfolio.checklist.selectors import readiness_of
from mobiliza.portfolio.checklist.services import Given, checklist_answer, checklist_carry_over
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.parts import parts_for
from mobiliza.portfolio.tests.checklist_helpers import a_project, answer_all, person

pytestmark = pytest.mark.django_db


def page(project: Project, language: str = "en", version: int | None = None) -> str:
    path = f"/{language}/portfolio/projects/{project.pk}/checklist/"
    return path + (f"?version={version}" if version else "")


def shown(response) -> str:
    return html.unescape(response.content.decode())


def items() -> list[ChecklistItem]:
    return list(ChecklistItem.objects.order_by("position"))


def posted(answers: dict[int, tuple[str, str]]) -> dict[str, str]:
    """The page's form data: ``{number: (answer, comment)}``."""
    data = {}
    for item in items():
        answer, comment = answers.get(item.number, ("", ""))
        data[f"item-{item.number}-answer"] = answer
        data[f"item-{item.number}-comment"] = comment
    return data


def test_the_focal_point_answers_the_checklist_of_a_project_of_their_country(client, login):
    project = a_project("GT")
    login("focal-gt")

    response = client.post(
        page(project),
        posted({1: ("yes", "Cumple el perfil."), 2: ("no", "Falta el marco."), 3: ("na", "")}),
        follow=True,
    )

    assert response.status_code == 200
    assert "3 of 20 items answered" in shown(response)
    answers = {a.item.number: a for a in ChecklistAnswer.objects.filter(project=project)}
    assert answers[1].answer == "yes" and answers[1].comment == "Cumple el perfil."
    assert answers[2].answer == "no"
    assert answers[1].answered_by == person("focal-gt")
    assert answers[1].history.count() == 1


def test_the_summary_counts_the_answers_and_lists_the_no_items(client, login):
    project = a_project("GT")
    checklist_answer(
        user=person("secretariat"),
        project=project,
        given=[
            Given(items()[0], "yes"),
            Given(items()[1], "no", "Falta el marco normativo."),
            Given(items()[2], "na"),
        ],
    )
    summary = readiness_of(project)
    assert (summary.answered, summary.yes, summary.no, summary.not_applicable) == (3, 1, 1, 1)
    assert summary.missing == 17 and not summary.complete
    login("secretariat")

    text = shown(client.get(page(project)))

    assert "3 of 20 answered (version 1 of the sheet)" in text
    assert "17 items unanswered" in text
    assert "Answered No:" in text and items()[1].text_en in text


def test_twenty_answers_make_the_checklist_complete():
    project = a_project("GT")
    answer_all(project)

    summary = readiness_of(project)

    assert summary.complete and summary.answered == 20 and summary.yes == 20


def test_a_comment_without_an_answer_is_refused_and_the_input_kept(client, login):
    project = a_project("GT")
    login("focal-gt")

    response = client.post(page(project), posted({4: ("", "Sin respuesta aún")}))

    assert response.status_code == 200
    assert "Answer Yes, No or N/A before commenting." in shown(response)
    assert "Sin respuesta aún" in shown(response)
    assert not ChecklistAnswer.objects.filter(project=project).exists()


def test_changing_an_answer_keeps_its_history(client, login):
    project = a_project("GT")
    login("focal-gt")
    client.post(page(project), posted({1: ("no", "")}))

    client.post(page(project), posted({1: ("yes", "Revisado.")}))

    answer = ChecklistAnswer.objects.get(project=project, item__number=1)
    assert answer.answer == "yes"
    assert [h.answer for h in answer.history.order_by("history_date")] == ["no", "yes"]


def test_a_new_version_starts_from_the_previous_answers_marked_as_from_it(client, login):
    project = a_project("GT")
    answer_all(project, but=18)  # items 1 and 2 answered in version 1
    Project.objects.filter(pk=project.pk).update(sheet_version=2)
    project.refresh_from_db()
    login("focal-gt")

    text = shown(client.get(page(project)))
    assert "start from the answers of version 1" in text
    assert "from version 1, not saved yet for this one" in text

    copied = checklist_carry_over(user=person("focal-gt"), project=project)

    assert copied == 2
    new = ChecklistAnswer.objects.filter(project=project, sheet_version=2)
    assert {a.copied_from_version for a in new} == {1}
    assert "from version 1" in shown(client.get(page(project)))
    assert readiness_of(project).answered == 2


def test_saving_a_new_version_keeps_the_mark_on_unchanged_answers_only(client, login):
    project = a_project("GT")
    answer_all(project, but=18)
    Project.objects.filter(pk=project.pk).update(sheet_version=2)
    project.refresh_from_db()
    login("focal-gt")

    client.post(page(project), posted({1: ("yes", ""), 2: ("no", "Cambió el marco.")}))

    marks = {
        a.item.number: a.copied_from_version
        for a in ChecklistAnswer.objects.filter(project=project, sheet_version=2)
    }
    assert marks == {1: 1, 2: None}


def test_the_checklists_of_past_versions_stay_readable(client, login):
    project = a_project("GT")
    checklist_answer(
        user=person("secretariat"), project=project, given=[Given(items()[0], "no", "Antes.")]
    )
    Project.objects.filter(pk=project.pk).update(sheet_version=2)
    login("focal-gt")

    current = shown(client.get(page(project)))
    past = shown(client.get(page(project, version=1)))

    assert "Checklists of earlier versions" in current and "?version=1" in current
    assert "read only" in past and "Antes." in past
    assert 'name="item-1-answer"' not in past


def test_coverage_is_suggested_from_the_projects_scope(client, login):
    project = a_project("GT")
    login("focal-gt")

    text = shown(client.get(page(project)))

    assert re.search(r'name="item-14-answer" value="yes"[^>]*checked', text)
    assert re.search(r'name="item-15-answer" value="no"[^>]*checked', text)
    assert "Suggested answer: Yes, suggested from the project's scope (National)." in text
    assert not ChecklistAnswer.objects.filter(project=project).exists()


def test_item_5_shows_the_related_projects_found_in_the_portfolio(client, login):
    project = a_project(
        "GT", name_es="Curso virtual para fiscales de trata de personas en Mesoamérica"
    )
    login("focal-gt")

    text = shown(client.get(page(project)))

    assert "Related projects and initiatives found in the portfolio:" in text
    assert "Virtual course for prosecutors of trafficking in persons in Mesoamerica" in text
    assert "In execution" in text and "100% alike" in text


def test_another_countrys_focal_point_reads_it_but_cannot_answer(client, login):
    project = a_project("GT")
    login("focal-hn")

    read = client.get(page(project))
    written = client.post(page(project), posted({1: ("yes", "")}))

    assert read.status_code == 200
    assert 'name="item-1-answer"' not in shown(read)
    assert written.status_code == 403
    assert not ChecklistAnswer.objects.filter(project=project).exists()


def test_a_partner_viewer_does_not_open_the_checklist(client, login):
    project = a_project("GT")
    login("donor")

    assert client.get(page(project)).status_code == 403


def test_someone_not_logged_in_is_sent_to_log_in(client):
    project = a_project("GT")

    response = client.get(page(project))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_reads_in_as_many_queries_with_twenty_answers_and_more_projects(
    client, login, django_assert_max_num_queries
):
    project = a_project("GT")
    login("secretariat")
    client.get(page(project))
    with django_assert_max_num_queries(20) as few:
        client.get(page(project))
    answer_all(project)
    for n in range(10):
        a_project("HN", name_es=f"Otro proyecto número {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(page(project)).status_code == 200


def test_the_projects_page_shows_the_readiness_in_its_checklist_section(cast):
    project = a_project("GT")
    answer_all(project, but=5)
    request = RequestFactory().get("/")
    request.user = cast("secretariat")

    from mobiliza.portfolio.checklist.part import context

    summary = context(project, request)["summary"]
    assert (summary.answered, summary.missing) == (15, 5)
    with translation.override("en"):
        sections = {part["name"]: part for part in parts_for(project, request)}
        text = sections["checklist"]["html"]
    assert "15 of 20 answered" in text and "Answer the checklist" in text


def test_the_section_is_left_out_for_a_partner_viewer(cast):
    project = a_project("GT")
    request = RequestFactory().get("/")
    request.user = cast("donor")

    assert "checklist" not in {part["name"] for part in parts_for(project, request)}


def test_the_service_refuses_a_comment_without_an_answer_as_the_page_does():
    from django.core.exceptions import ValidationError

    project = a_project("GT")
    item = ChecklistItem.objects.get(number=7)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        checklist_answer(
            user=person("secretariat"),
            project=project,
            given=[Given(item=item, answer="", comment="Depends on the budget.")],
        )
    assert refused.value.messages == ["Item 7: Answer Yes, No or N/A before commenting."]
    assert not ChecklistAnswer.objects.filter(project=project).exists()
