"""The Presidency, with the plenary's agreement, suspends a project, an agreement or an
arrangement because of risk or damage to the beneficiary population, and resumes it; the
partner's contacts are e-mailed, each in their language, and the history keeps it all.
Nobody else can suspend, and without a plenary agreement nobody can."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from mobiliza.core.history import history_of
from mobiliza.core.models import Notification
from mobiliza.core.services import record_transition
from mobiliza.portfolio.suspensions.models import Suspension
from mobiliza.portfolio.suspensions.services import resume, suspend
from mobiliza.portfolio.tests.test_suspension_helpers import World, build_world, presidency


@pytest.fixture
def world(db) -> World:
    return build_world()


def spanish_catalogue_holds(msgid: str) -> bool:
    """Whether the Spanish catalogue translates ``msgid`` yet (this part's messages are
    merged into ``locale/`` with the others' ones)."""
    with translation.override("es"):
        return translation.gettext(msgid) != msgid


def suspend_it(record, agreement, user=None, **data):
    values = {
        "grounds": "risk",
        "reason_es": "Denuncias de revictimización en los albergues.",
        "reason_en": "Reports of revictimization in the shelters.",
    }
    values.update(data)
    return suspend(user=user or presidency(), record=record, meeting_agreement=agreement, **values)


def resume_it(suspension, agreement, user=None):
    return resume(
        user=user or presidency(),
        suspension=suspension,
        meeting_agreement=agreement,
        reason_es="El riesgo fue atendido.",
        reason_en="The risk was addressed.",
    )


@pytest.mark.parametrize(
    ("name", "before", "field"),
    [
        ("project", "negotiating", "state"),
        ("agreement", "in_force", "status"),
        ("contribution", "committed", "status"),
    ],
)
def test_the_presidency_suspends_with_the_plenarys_agreement_and_resumes_where_it_was(
    world, name, before, field
):
    record = getattr(world, name)
    suspension = suspend_it(record, world.plenary)
    record.refresh_from_db()
    assert getattr(record, field) == "suspended"
    assert suspension.is_open and suspension.meeting_agreement == world.plenary
    assert suspension.member_state.code == "GT"
    assert suspension.suspended_by == presidency()

    resumed = resume_it(suspension, world.plenary_to_resume)
    record.refresh_from_db()
    assert getattr(record, field) == before
    assert not resumed.is_open and resumed.resumed_by == presidency()
    assert resumed.resume_meeting_agreement == world.plenary_to_resume


def test_an_agreement_signed_but_not_in_force_resumes_as_signed(world):
    from mobiliza.core.services import record_create

    signed = record_create(
        user=presidency(),
        model=type(world.agreement),
        data={
            "kind": "mou",
            "title": "Carta firmada",
            "partner": world.partner,
            "status": "signed",
            "signed_on": world.agreement.signed_on,
        },
    )
    suspension = suspend_it(signed, world.plenary)
    resume_it(suspension, world.plenary_to_resume)
    signed.refresh_from_db()
    assert signed.status == "signed"


def test_the_history_of_the_record_and_of_the_suspension_names_the_plenarys_agreement(world):
    suspension = suspend_it(world.agreement, world.plenary)
    resume_it(suspension, world.plenary_to_resume)
    with translation.override("en"):
        reasons = [entry.reason for entry in history_of(world.agreement)]
        assert any(
            "Suspend" in r and "Request the suspension for the risk" in r for r in reasons
        ), reasons
        assert any("Resume" in r and "Resume: the risk was addressed." in r for r in reasons)
        own = [entry.reason for entry in history_of(Suspension.objects.get(pk=suspension.pk))]
        assert any("XXV Reunión plenaria ordinaria" in r for r in own), own
    with translation.override("es"):
        reasons = [entry.reason for entry in history_of(world.agreement)]
        assert any("Solicitar la suspensión por riesgo" in r for r in reasons), reasons


@pytest.mark.parametrize("person", ["secretariat", "focal-gt", "focal-mx", "evaluator", "donor"])
def test_nobody_but_the_presidency_suspends(world, cast, person):
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        suspend_it(world.project, world.plenary, user=cast(person))
    assert "Only the Presidency" in str(refused.value)
    world.project.refresh_from_db()
    assert world.project.state == "negotiating"
    assert not Suspension.objects.exists()


@pytest.mark.parametrize("person", ["secretariat", "focal-gt", "evaluator", "donor"])
def test_nobody_but_the_presidency_resumes(world, cast, person):
    suspension = suspend_it(world.project, world.plenary)
    with pytest.raises(PermissionDenied):
        resume_it(suspension, world.plenary_to_resume, user=cast(person))
    world.project.refresh_from_db()
    assert world.project.state == "suspended"


@pytest.mark.parametrize(
    ("language", "words"), [("en", "plenary's agreement"), ("es", "acuerdo del pleno")]
)
def test_without_a_plenary_agreement_nothing_is_suspended(world, language, words):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        suspend_it(world.agreement, None)
    if language == "en" or spanish_catalogue_holds(
        "Choose the plenary's agreement, as recorded in the coalition's registry: without it nothing is suspended or resumed."
    ):
        with translation.override(language):
            assert words in " ".join(refused.value.messages)
    world.agreement.refresh_from_db()
    assert world.agreement.status == "in_force"


@pytest.mark.parametrize("which", ["technical", "committee"])
def test_an_agreement_of_a_meeting_that_is_not_the_plenary_is_refused(world, which):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        suspend_it(world.project, getattr(world, which))
    with translation.override("en"):
        assert "not a plenary meeting" in str(refused.value.message_dict["meeting_agreement"])
    world.project.refresh_from_db()
    assert world.project.state == "negotiating"


def test_a_reason_in_either_language_is_required(world):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        suspend_it(world.project, world.plenary, reason_es="", reason_en=" ")
    assert "reason_es" in refused.value.message_dict
    suspension = suspend_it(world.project, world.plenary, reason_es="", reason_en="Risk.")
    assert suspension.reason_en == "Risk."


def test_a_record_not_in_a_suspendable_state_or_already_suspended_is_refused(world):
    world.project.state = "idea"
    world.project.save()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        suspend_it(world.project, world.plenary)
    with translation.override("en"):
        assert "cannot be suspended while it is “Idea”" in " ".join(refused.value.messages)
    suspend_it(world.agreement, world.plenary)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        suspend_it(world.agreement, world.plenary)
    with translation.override("en"):
        assert "already suspended" in " ".join(refused.value.messages)
    assert Suspension.objects.count() == 1


def test_a_member_states_own_contribution_is_no_arrangement_to_suspend(world):
    contribution = world.contribution
    contribution.is_own_contribution = True
    contribution.partner = None
    contribution.agreement = None
    contribution.mechanism = "budget_allocation"
    contribution.save()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        suspend_it(contribution, world.plenary)
    with translation.override("en"):
        assert "own contribution" in " ".join(refused.value.messages)


def test_resuming_needs_the_plenarys_agreement_and_an_open_suspension(world):
    suspension = suspend_it(world.project, world.plenary)
    with pytest.raises(ValidationError):
        resume_it(suspension, None)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        resume_it(suspension, world.plenary)
    with translation.override("en"):
        assert "the agreement that suspended it" in " ".join(refused.value.messages)
    world.project.refresh_from_db()
    assert world.project.state == "suspended"
    resume_it(suspension, world.plenary_to_resume)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        resume_it(Suspension.objects.get(pk=suspension.pk), world.plenary_to_resume)
    with translation.override("en"):
        assert "already ended" in " ".join(refused.value.messages)


def test_the_partners_contacts_are_e_mailed_each_in_their_language(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        suspension = suspend_it(world.agreement, world.plenary)
    by_address = {message.to[0]: message for message in mail.outbox}
    # The partner's and the co-signer's active contacts with an address; no one else.
    assert set(by_address) == {
        "lucia@protege.example.org",
        "john@protege.example.org",
        "ana@acn.example.org",
    }
    spanish = by_address["lucia@protege.example.org"]
    assert "Memorando con la Fundación Protege" in spanish.subject
    if spanish_catalogue_holds("Risk to the target beneficiary population"):
        assert "CORETT solicita suspender" in spanish.subject
        assert "Riesgo para la población beneficiaria" in spanish.body
    assert "Solicitar la suspensión por riesgo a las víctimas atendidas." in spanish.body
    assert "XXV Reunión plenaria ordinaria" in spanish.body
    assert spanish.extra_headers["Content-Language"].startswith("es")
    english = by_address["john@protege.example.org"]
    assert "CORETT asks you to suspend" in english.subject
    assert "Risk to the target beneficiary population" in english.body
    assert "Request the suspension for the risk to the victims assisted." in english.body
    assert english.extra_headers["Content-Language"].startswith("en")
    # Who was informed, and when.
    notices = {n.email: n for n in suspension.notices.all()}
    assert set(notices) == set(by_address)
    assert notices["john@protege.example.org"].language == "en"
    assert all(n.sent_at for n in notices.values())

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resume_it(suspension, world.plenary_to_resume)
    resumed = {message.to[0]: message for message in mail.outbox}
    assert "may resume" in resumed["john@protege.example.org"].body
    assert "Resume: the risk was addressed." in resumed["john@protege.example.org"].body
    assert "Reanudar: el riesgo fue atendido." in resumed["lucia@protege.example.org"].body
    if spanish_catalogue_holds("Risk to the target beneficiary population"):
        assert "puede reanudarse" in resumed["lucia@protege.example.org"].body


def test_a_projects_executing_partner_and_confirmed_donors_are_told(
    world, django_capture_on_commit_callbacks
):
    from mobiliza.core.services import record_create
    from mobiliza.portfolio.models import ProjectFinancing

    record_create(
        user=presidency(),
        model=ProjectFinancing,
        data={
            "project": world.project,
            "source": "ngo",
            "partner": world.co_signer,
            "confirmed": True,
        },
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        suspend_it(world.project, world.plenary)
    assert {m.to[0] for m in mail.outbox} == {
        "lucia@protege.example.org",
        "john@protege.example.org",
        "ana@acn.example.org",
    }


def test_a_contribution_tells_its_own_partner_only(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        suspend_it(world.contribution, world.plenary)
    assert {m.to[0] for m in mail.outbox} == {
        "lucia@protege.example.org",
        "john@protege.example.org",
    }


def test_the_focal_point_of_the_records_country_and_the_secretariat_are_told_in_the_app(
    world, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suspension = suspend_it(world.project, world.plenary)
    told = Notification.objects.filter(url__endswith=f"/suspensions/{suspension.pk}/")
    emails = {n.user.email for n in told}
    assert {"focal-gt@example.org", "secretariat@example.org"} <= emails
    assert "focal-mx@example.org" not in emails
    assert all("Albergues seguros" in n.message or "Safe shelters" in n.message for n in told)


def test_the_generic_step_cannot_suspend_without_the_plenarys_agreement(client, world, login):
    """The record page's generic step and the API's transitions/ action pass no agreement."""
    from rest_framework.authtoken.models import Token

    user = login("presidency")
    for record, path in [
        (world.agreement, "agreements.agreement"),
        (world.contribution, "agreements.contribution"),
    ]:
        response = client.post(
            f"/en/records/{path}/{record.pk}/steps/suspend/", {"version": record.version}
        )
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.status != "suspended"
    # The project's own steps refuse the same way (its pages are the portfolio's).
    with pytest.raises(ValidationError):
        record_transition(user=user, instance=world.project, name="suspend")
    world.project.refresh_from_db()
    assert world.project.state == "negotiating"
    token, _ = Token.objects.get_or_create(user=user)
    for record, api in [
        (world.agreement, "/api/v1/agreements/"),
        (world.contribution, "/api/v1/contributions/"),
    ]:
        response = client.post(
            f"{api}{record.pk}/transitions/suspend/",
            HTTP_AUTHORIZATION=f"Token {token.key}",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400, response.content
        assert "plenary's agreement" in response.json()["detail"]
        record.refresh_from_db()
        assert record.status != "suspended"
    assert not Suspension.objects.exists()


def test_the_generic_step_page_explains_it_to_the_presidency(client, world, login):
    login("presidency")
    response = client.post(
        f"/en/records/agreements.agreement/{world.agreement.pk}/steps/suspend/", follow=True
    )
    assert "needs the plenary" in response.content.decode()
