# ruff: noqa: F811 - the fixtures imported from test_projects are used as arguments
"""A project's lifecycle: each step taken by the roles allowed, on the page and through the
API, refused to the others (the evaluator, the donor, another country's focal point), and
kept in the history with who took it and when."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.directory.tests.conftest import Api
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.tests.test_projects import project  # noqa: F401 - fixture

# Each step, the state it leaves and the state it reaches.
STEPS = [
    ("draft_sheet", "idea", "sheet_drafted"),
    ("pass_checklist", "sheet_drafted", "checklist_passed"),
    ("present", "checklist_passed", "presented"),
    ("negotiate", "presented", "negotiating"),
    ("fund", "negotiating", "funded"),
    ("execute", "funded", "in_execution"),
    ("complete", "in_execution", "completed"),
    ("reject", "presented", "rejected"),
    ("withdraw", "idea", "withdrawn"),
]
ALLOWED = ("presidency", "secretariat", "focal-gt")
REFUSED = ("evaluator", "donor", "focal-mx")


@pytest.fixture(autouse=True)
def checklist_ready(monkeypatch):
    """Who may take each step is what these tests check: the checklist's own rule (a
    project is presented only with its checklist complete) is its part's tests' business."""
    from mobiliza.portfolio.checklist import rules

    monkeypatch.setattr(rules, "refuse_unready", lambda project, transition: None)


@pytest.fixture
def api(cast):
    def make(name: str, language: str = "en") -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        client = Api(token.key)
        client.headers["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


def step_url(made: Project, name: str) -> str:
    return reverse("transition", args=["portfolio.project", made.pk, name])


@pytest.mark.parametrize("who", ALLOWED)
@pytest.mark.parametrize(("name", "source", "target"), STEPS)
def test_a_step_is_taken_on_the_page_by_the_owners(
    client, login, project, who, name, source, target
):
    made = project("GT", state=source)
    user = login(who)
    response = client.post(step_url(made, name), {"version": made.version})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.state == target
    last = made.history.latest()
    assert last.history_user == user
    assert last.history_date is not None


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize(("name", "source", "_target"), STEPS)
def test_a_step_is_refused_on_the_page_to_the_others(
    client, login, project, who, name, source, _target
):
    made = project("GT", state=source)
    login(who)
    response = client.post(step_url(made, name), {"version": made.version})
    assert response.status_code in (403, 404)
    made.refresh_from_db()
    assert made.state == source


@pytest.mark.parametrize("who", ALLOWED)
@pytest.mark.parametrize(("name", "source", "target"), STEPS)
def test_a_step_is_taken_through_the_api_by_the_owners(api, project, who, name, source, target):
    made = project("GT", state=source)
    response = api(who).post(f"/api/v1/projects/{made.pk}/transitions/{name}/", {})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == target


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize(("name", "source", "_target"), STEPS)
def test_a_step_is_refused_through_the_api_to_the_others(api, project, who, name, source, _target):
    made = project("GT", state=source)
    response = api(who).post(f"/api/v1/projects/{made.pk}/transitions/{name}/", {})
    assert response.status_code in (403, 404)
    made.refresh_from_db()
    assert made.state == source


def test_a_co_owning_focal_point_moves_a_regional_project_and_another_cannot(
    client, login, project
):
    made = project(None, states=("GT", "HN"))
    login("focal-sv")
    assert client.post(step_url(made, "draft_sheet")).status_code == 403
    login("focal-hn")
    client.post(step_url(made, "draft_sheet"))
    made.refresh_from_db()
    assert made.state == "sheet_drafted"


def test_a_step_from_the_wrong_state_is_refused_with_the_models_message(api, project):
    made = project("GT", state="idea")
    for language, words in (("en", "state"), ("es", "estado")):
        response = api("secretariat", language).post(
            f"/api/v1/projects/{made.pk}/transitions/fund/", {}
        )
        assert response.status_code == 400
        assert words in response.content.decode().lower()


@pytest.mark.parametrize("who", ("presidency", "secretariat", "focal-gt"))
def test_nobody_suspends_through_the_generic_step_without_a_plenary_agreement(
    api, client, login, project, who
):
    made = project("GT", state="in_execution")
    response = api(who).post(f"/api/v1/projects/{made.pk}/transitions/suspend/", {})
    assert response.status_code in (400, 403)
    login(who)
    client.post(step_url(made, "suspend"))
    made.refresh_from_db()
    assert made.state == "in_execution"


def test_the_history_names_who_took_each_step_in_the_readers_language(client, login, project):
    made = project("GT")
    login("secretariat")
    client.post(step_url(made, "draft_sheet"))
    login("focal-gt")
    client.post(step_url(made, "pass_checklist"))
    login("secretariat")
    with translation.override("en"):
        body = client.get(f"/en/portfolio/projects/{made.pk}/").content.decode()
    assert "Checklist passed" in body
    assert "Technical sheet drafted" in body
    users = [row.history_user.email for row in made.history.order_by("history_date")[1:]]
    assert users == ["secretariat@example.org", "focal-gt@example.org"]


def test_a_project_goes_from_idea_to_completed_with_its_whole_history(client, login, project):
    made = project("GT")
    login("secretariat")
    for name in ("draft_sheet", "pass_checklist", "present", "fund", "execute", "complete"):
        client.post(step_url(made, name))
    made.refresh_from_db()
    assert made.state == "completed"
    states = [row.state for row in made.history.order_by("history_date")]
    assert states == [
        "idea",
        "sheet_drafted",
        "checklist_passed",
        "presented",
        "funded",
        "in_execution",
        "completed",
    ]
