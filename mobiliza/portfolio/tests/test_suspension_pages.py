"""The "Suspend" and "Resume" pages, the list and a suspension's page: the Presidency's
alone to write, asking first who will be e-mailed; the agreement's and contribution's pages
offer "Suspend" to the Presidency only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from mobiliza.portfolio.suspensions.models import Suspension
from mobiliza.portfolio.tests.test_suspension_helpers import SUSPENSIONS, World, build_world, param

SUSPEND = f"{SUSPENSIONS}suspend/"


@pytest.fixture
def world(db) -> World:
    return build_world()


def form_data(world, **more):
    data = {
        "record": param(world.agreement),
        "meeting_agreement": world.plenary.pk,
        "grounds": "damage",
        "reason_es": "Daño comprobado a la población atendida.",
        "reason_en": "Proven damage to the population assisted.",
    }
    data.update(more)
    return data


def test_the_presidency_suspends_an_agreement_after_seeing_who_will_be_e_mailed(
    client, login, world, django_capture_on_commit_callbacks
):
    login("presidency")
    page = client.get(f"{SUSPEND}?record={param(world.agreement)}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Memorando con la Fundación Protege" in html
    # Only the agreements of plenary meetings are offered.
    choices = list(page.context["form"].fields["meeting_agreement"].queryset)
    assert world.plenary in choices and world.plenary_to_resume in choices
    assert world.technical not in choices and world.committee not in choices

    asked = client.post(SUSPEND, form_data(world))
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Who will be e-mailed" in html
    assert "lucia@protege.example.org" in html and "ana@acn.example.org" in html
    assert "Marta Sin Correo" in html  # named among those without an address
    assert "pedro@protege.example.org" not in html  # an inactive contact
    world.agreement.refresh_from_db()
    assert world.agreement.status == "in_force" and not Suspension.objects.exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(SUSPEND, {**form_data(world), "confirm": "1"})
    suspension = Suspension.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("portfolio:suspension_detail", args=[suspension.pk])
    world.agreement.refresh_from_db()
    assert world.agreement.status == "suspended"
    assert len(mail.outbox) == 3

    shown = client.get(done["Location"]).content.decode()
    assert "Proven damage to the population assisted." in shown
    assert "john@protege.example.org" in shown  # who was informed
    assert "Request the suspension for the risk to the victims assisted." in shown


def test_the_form_refuses_a_technical_meeting_and_a_missing_reason(client, login, world):
    login("presidency")
    response = client.post(
        SUSPEND,
        form_data(world, meeting_agreement=world.technical.pk, reason_es="", reason_en=""),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "meeting_agreement" in form.errors and "reason_es" in form.errors
    assert not Suspension.objects.exists()


def test_a_record_already_suspended_is_not_offered_the_form_again(client, login, world):
    from mobiliza.portfolio.tests.test_suspensions import suspend_it

    suspend_it(world.agreement, world.plenary)
    login("presidency")
    page = client.get(f"{SUSPEND}?record={param(world.agreement)}")
    assert "already suspended" in page.content.decode()
    assert "form" not in page.context or page.context.get("refusal")
    response = client.post(SUSPEND, {**form_data(world), "confirm": "1"})
    assert response.status_code == 200
    assert Suspension.objects.count() == 1


@pytest.mark.parametrize("person", ["secretariat", "focal-gt", "focal-mx", "evaluator"])
def test_the_suspend_and_resume_pages_refuse_everyone_but_the_presidency(
    client, login, world, person
):
    from mobiliza.portfolio.tests.test_suspensions import suspend_it

    login(person)
    assert client.get(f"{SUSPEND}?record={param(world.agreement)}").status_code == 403
    response = client.post(SUSPEND, {**form_data(world), "confirm": "1"})
    assert response.status_code == 403
    world.agreement.refresh_from_db()
    assert world.agreement.status == "in_force"
    suspension = suspend_it(world.project, world.plenary)
    resume_url = reverse("portfolio:suspension_resume_one", args=[suspension.pk])
    assert client.get(resume_url).status_code == 403
    assert (
        client.post(
            resume_url,
            {
                "resume_meeting_agreement": world.plenary_to_resume.pk,
                "resume_reason_en": "x",
                "confirm": "1",
            },
        ).status_code
        == 403
    )
    world.project.refresh_from_db()
    assert world.project.state == "suspended"


def test_a_partner_viewer_cannot_see_another_partners_agreement_to_suspend(client, login, world):
    login("donor")
    assert client.get(f"{SUSPEND}?record={param(world.agreement)}").status_code == 404
    assert client.get(SUSPENSIONS).status_code == 403


def test_the_presidency_resumes_and_the_record_goes_back(
    client, login, world, django_capture_on_commit_callbacks
):
    from mobiliza.portfolio.tests.test_suspensions import suspend_it

    suspension = suspend_it(world.contribution, world.plenary)
    login("presidency")
    url = f"{SUSPENSIONS}resume/?record={param(world.contribution)}"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "record": param(world.contribution),
        "resume_meeting_agreement": world.plenary_to_resume.pk,
        "resume_reason_es": "El riesgo fue atendido.",
    }
    asked = client.post(url, data)
    assert "Who will be e-mailed" in asked.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302
    world.contribution.refresh_from_db()
    assert world.contribution.status == "committed"
    suspension.refresh_from_db()
    assert suspension.resumed_on is not None
    assert {m.to[0] for m in mail.outbox} == {
        "lucia@protege.example.org",
        "john@protege.example.org",
    }
    # Without the plenary's agreement to resume, the form says so.
    again = suspend_it(world.contribution, world.plenary)
    response = client.post(
        reverse("portfolio:suspension_resume_one", args=[again.pk]),
        {"resume_reason_es": "Sin acuerdo.", "confirm": "1"},
    )
    assert response.status_code == 200
    assert "resume_meeting_agreement" in response.context["form"].errors


def test_the_agreements_page_offers_suspend_to_the_presidency_only(client, login, world):
    url = f"/en/resources/agreements/{world.agreement.pk}/"
    link = f"{SUSPEND}?record={param(world.agreement)}"
    login("presidency")
    assert link in client.get(url).content.decode()
    for person in ("secretariat", "focal-gt"):
        login(person)
        assert link not in client.get(url).content.decode()


def test_a_suspended_contribution_says_so_and_offers_resume_to_the_presidency(client, login, world):
    from mobiliza.portfolio.tests.test_suspensions import suspend_it

    suspend_it(world.contribution, world.plenary)
    url = f"/en/resources/contributions/{world.contribution.pk}/"
    login("presidency")
    html = client.get(url).content.decode()
    assert "This contribution is suspended by the Presidency" in html
    assert f"{SUSPENSIONS}resume/?record={param(world.contribution)}" in html
    assert f"{SUSPEND}?record=" not in html
    login("secretariat")
    html = client.get(url).content.decode()
    assert "This contribution is suspended by the Presidency" in html
    assert f"{SUSPENSIONS}resume/" not in html


def test_the_projects_section_lists_its_suspensions_and_offers_the_buttons_to_the_presidency(
    rf, world, cast
):
    from django.template.loader import render_to_string
    from django.utils import translation

    from mobiliza.portfolio.suspensions.part import context
    from mobiliza.portfolio.tests.test_suspensions import resume_it, suspend_it

    first = suspend_it(world.project, world.plenary)
    resume_it(first, world.plenary_to_resume)
    suspend_it(world.project, world.plenary)
    world.project.refresh_from_db()
    request = rf.get("/")
    request.user = cast("presidency")
    shown = context(world.project, request)
    assert shown["current"] is not None and len(shown["past"]) == 1
    assert shown["may_resume"] and not shown["may_suspend"]
    with translation.override("en"):
        html = render_to_string("portfolio/_suspensions_section.html", shown)
    assert "Suspended since" in html and "Past suspensions" in html
    assert "Resume: the risk was addressed." in html
    request.user = cast("secretariat")
    shown = context(world.project, request)
    assert not shown["may_resume"] and not shown["may_suspend"]
    request.user = cast("donor")
    assert context(world.project, request) is None


def test_the_list_and_a_suspension_are_read_by_the_coalition_in_a_fixed_number_of_queries(
    client, login, world, django_assert_max_num_queries
):
    from mobiliza.portfolio.tests.test_suspensions import suspend_it

    suspend_it(world.agreement, world.plenary)
    login("focal-mx")
    with django_assert_max_num_queries(30):
        small = client.get(SUSPENSIONS)
    assert small.status_code == 200
    assert "Memorando con la Fundación Protege" in small.content.decode()
    suspend_it(world.project, world.plenary)
    suspend_it(world.contribution, world.plenary)
    for index in range(6):
        more = build_world_record(world, index)
        suspend_it(more, world.plenary)
    with django_assert_max_num_queries(30):
        large = client.get(SUSPENSIONS)
    assert large.content.decode().count("/portfolio/suspensions/") >= 9
    suspension = Suspension.objects.first()
    page = client.get(reverse("portfolio:suspension_detail", args=[suspension.pk]))
    assert page.status_code == 200
    assert "History of changes" in page.content.decode()
    filtered = client.get(f"{SUSPENSIONS}?record={param(world.agreement)}")
    assert filtered.content.decode().count("Memorando con la Fundación Protege") >= 1
    assert "Albergues seguros" not in filtered.content.decode()


def build_world_record(world, index):
    from mobiliza.core.services import record_create
    from mobiliza.portfolio.tests.test_suspension_helpers import presidency

    return record_create(
        user=presidency(),
        model=type(world.agreement),
        data={
            "kind": "mou",
            "title": f"Carta número {index}",
            "partner": world.partner,
            "status": "in_force",
            "signed_on": world.agreement.signed_on,
        },
    )
