"""/api/v1/checklist-answers/: the same answers and rules as the checklist's page."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.pipeline.tests.test_api import Api
from mobiliza.portfolio.checklist.models import ChecklistAnswer
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.tests.checklist_helpers import a_project, person

pytestmark = pytest.mark.django_db
URL = "/api/v1/checklist-answers/"


def api(name: str) -> Api:
    token, _created = Token.objects.get_or_create(user=person(name))
    client = Api(token.key)
    client.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_focal_point_answers_an_item_of_a_project_of_their_country():
    project = a_project("GT")

    response = api("focal-gt").post(
        URL, {"project": project.pk, "item": 5, "answer": "yes", "comment": "Ver la red."}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["item"], body["answer"], body["sheet_version"], body["country"]) == (
        5,
        "yes",
        1,
        "GT",
    )
    assert ChecklistAnswer.objects.get(pk=body["id"]).answered_by == person("focal-gt")


def test_another_countrys_focal_point_cannot_answer_it():
    project = a_project("GT")

    response = api("focal-hn").post(URL, {"project": project.pk, "item": 1, "answer": "no"})

    assert response.status_code == 403
    assert not ChecklistAnswer.objects.filter(project=project).exists()


def test_a_partner_viewer_reads_no_answer():
    project = a_project("GT")
    ChecklistAnswer.objects.create(project=project, sheet_version=1, item_id=1, answer="yes")
    item = ChecklistAnswer.objects.get(project=project)

    response = api("donor").get(URL, {"project": project.pk})

    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert item.pk not in [row["id"] for row in response.json()["results"]]


def test_an_earlier_versions_checklist_is_not_answered_any_more():
    project = a_project("GT")
    Project.objects.filter(pk=project.pk).update(sheet_version=3)

    response = api("secretariat").post(
        URL, {"project": project.pk, "item": 1, "answer": "yes", "sheet_version": 2}
    )

    assert response.status_code == 400
    with translation.override("en"):
        assert "current version (3)" in response.content.decode()


def test_the_list_filters_by_project_and_version():
    project, other = a_project("GT"), a_project("HN", name_es="Otro")
    for target in (project, other):
        ChecklistAnswer.objects.create(project=target, sheet_version=1, item_id=1, answer="na")

    rows = api("secretariat").get(URL, {"project": project.pk, "sheet_version": 1}).json()

    assert [row["project"] for row in rows["results"]] == [project.pk]
