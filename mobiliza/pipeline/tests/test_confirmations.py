"""No mistake one click away: closing an opportunity is chosen and confirmed, a move past a
step is confirmed with the steps it skips named, and the interaction form offers only the
chosen partner's people."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.pipeline.choices import LossReason
from mobiliza.pipeline.models import ActionDone, Opportunity
from mobiliza.pipeline.services import SkipNotConfirmed, move
from mobiliza.plan.models import StepAction


def page_url(name: str, opportunity: Opportunity, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"pipeline:{name}", args=[opportunity.pk])


# --- closing -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_neither_won_nor_lost_is_chosen_beforehand(client, login, make_opportunity, language):
    opportunity = make_opportunity()
    login("secretariat")
    page = client.get(page_url("opportunity_detail", opportunity, language)).content.decode()
    assert 'name="outcome"' in page
    assert "checked" not in page.split('name="outcome"', 1)[1].split("</fieldset>", 1)[0]


def test_closing_without_choosing_is_refused(client, login, make_opportunity):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.post(page_url("opportunity_close", opportunity), {"confirm": "1"})
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.outcome == "open"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Choose whether it was won or lost." in messages[0]


def test_lost_without_a_reason_is_refused_before_any_confirmation(client, login, make_opportunity):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.post(page_url("opportunity_close", opportunity), {"outcome": "lost"})
    assert response.status_code == 302  # back to the page, with the rule's message
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Say why the opportunity was lost." in messages[0]
    opportunity.refresh_from_db()
    assert opportunity.outcome == "open"


@pytest.mark.parametrize("language", ["en", "es"])
def test_closing_as_lost_asks_first_then_closes(client, login, make_opportunity, language):
    opportunity = make_opportunity(title="Fondo incierto")
    login("secretariat")
    data = {"outcome": "lost", "loss_reason": LossReason.NO_FUNDS, "loss_notes": "Sin fondos"}
    question = client.post(page_url("opportunity_close", opportunity, language), data)
    assert question.status_code == 200
    page = question.content.decode()
    if language == "en":
        assert "Close “Fondo incierto” as lost?" in page
        assert "This cannot be undone without reopening it" in page
    assert 'name="confirm" value="1"' in page
    assert 'name="loss_reason" value="no_funds"' in page
    opportunity.refresh_from_db()
    assert opportunity.outcome == "open"  # nothing closed yet
    done = client.post(
        page_url("opportunity_close", opportunity, language), {**data, "confirm": "1"}
    )
    assert done.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.outcome, opportunity.loss_reason) == ("lost", "no_funds")


def test_a_focal_point_cannot_close_another_countrys_even_confirmed(
    client, login, make_opportunity, state
):
    opportunity = make_opportunity(member_state=state("HN"))
    login("focal-gt")
    response = client.post(
        page_url("opportunity_close", opportunity), {"outcome": "won", "confirm": "1"}
    )
    assert response.status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.outcome == "open"


# --- skipping steps ------------------------------------------------------------------------


def test_a_move_past_steps_asks_and_names_them_with_their_actions_not_done(
    client, login, make_opportunity, steps, cast
):
    opportunity = make_opportunity()
    first_action = StepAction.objects.filter(step=steps["participate"]).order_by("position")[0]
    ActionDone.objects.create(
        opportunity=opportunity, action=first_action, done_by=cast("secretariat")
    )
    login("secretariat")
    response = client.post(
        page_url("opportunity_move", opportunity), {"step": steps["arrange-and-inform"].pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "skipping steps" in page
    assert str(steps["participate"]) in page and str(steps["negotiate"]) in page
    assert "Encourage personal or virtual communication." in page  # not done
    assert str(first_action.text) not in page  # done
    assert 'name="confirm_skip" value="1"' in page
    opportunity.refresh_from_db()
    assert opportunity.step == steps["identify"]

    confirmed = client.post(
        page_url("opportunity_move", opportunity),
        {"step": steps["arrange-and-inform"].pk, "confirm_skip": "1"},
    )
    assert confirmed.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.step == steps["arrange-and-inform"]
    reason = opportunity.history.first().history_change_reason
    assert str(steps["participate"]) in reason and str(steps["negotiate"]) in reason


def test_one_step_forward_or_back_needs_no_confirmation(client, login, make_opportunity, steps):
    opportunity = make_opportunity()
    login("secretariat")
    forward = client.post(
        page_url("opportunity_move", opportunity), {"step": steps["participate"].pk}
    )
    assert forward.status_code == 302
    back = client.post(page_url("opportunity_move", opportunity), {"step": steps["identify"].pk})
    assert back.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.step == steps["identify"]


def test_the_service_refuses_a_skip_not_confirmed_on_the_step(cast, make_opportunity, steps):
    opportunity = make_opportunity()
    with pytest.raises(SkipNotConfirmed) as refused:
        move(user=cast("secretariat"), opportunity=opportunity, step=steps["negotiate"])
    assert list(refused.value.message_dict) == ["step"]
    assert refused.value.skipped == [steps["participate"]]
    moved = move(
        user=cast("secretariat"),
        opportunity=opportunity,
        step=steps["negotiate"],
        confirm_skip=True,
    )
    assert moved.step == steps["negotiate"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_api_refuses_a_skip_without_confirm_skip(client, cast, make_opportunity, language):
    opportunity = make_opportunity()
    token, _ = Token.objects.get_or_create(user=cast("secretariat"))
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}", "HTTP_ACCEPT_LANGUAGE": language}
    address = f"/api/v1/opportunities/{opportunity.pk}/move/"
    refused = client.post(
        address, {"step": "negotiate"}, content_type="application/json", **headers
    )
    assert refused.status_code == 400
    opportunity.refresh_from_db()
    assert opportunity.step.code == "identify"
    accepted = client.post(
        address,
        {"step": "negotiate", "confirm_skip": True},
        content_type="application/json",
        **headers,
    )
    assert accepted.status_code == 200
    opportunity.refresh_from_db()
    assert opportunity.step.code == "negotiate"


# --- the interaction's contacts ------------------------------------------------------------


@pytest.fixture
def people(cast, partner):
    """A contact of the tests' partner and one of another partner."""
    other = record_create(user=cast("secretariat"), model=Partner, data={"name_es": "Otra ONG"})
    own = record_create(
        user=cast("secretariat"),
        model=Contact,
        data={"partner": partner, "full_name": "Ana Propia"},
    )
    stranger = record_create(
        user=cast("secretariat"), model=Contact, data={"partner": other, "full_name": "Beto Ajeno"}
    )
    return own, stranger


def contacts_url() -> str:
    with translation.override("en"):
        return reverse("pipeline:interaction_contacts")


def test_the_interaction_form_offers_no_contacts_before_a_partner(client, login, people):
    login("secretariat")
    with translation.override("en"):
        form = client.get(reverse("pipeline:interaction_add")).context["form"]
    assert list(form.fields["contacts"].queryset) == []
    widget = str(form["partner"])
    assert f'hx-get="{contacts_url()}"' in widget
    assert 'hx-target="#id_contacts_field"' in widget


def test_choosing_a_partner_lists_its_contacts_only(client, login, partner, people):
    own, stranger = people
    login("secretariat")
    response = client.get(contacts_url(), {"partner": partner.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_contacts_field"' in html
    assert "Ana Propia" in html and "Beto Ajeno" not in html


def test_choosing_an_opportunity_lists_its_partners_contacts(
    client, login, make_opportunity, people, state
):
    opportunity = make_opportunity(member_state=state("GT"))
    login("focal-gt")
    html = client.get(contacts_url(), {"opportunity": opportunity.pk}).content.decode()
    assert "Ana Propia" in html and "Beto Ajeno" not in html


def test_the_contacts_endpoint_needs_the_right_to_record_interactions(client, login, partner):
    login("evaluator")
    assert client.get(contacts_url(), {"partner": partner.pk}).status_code == 403
    client.logout()
    assert client.get(contacts_url()).status_code == 302


def test_a_contact_of_another_partner_is_refused_on_the_contacts_field(
    client, login, partner, people
):
    own, stranger = people
    login("secretariat")
    with translation.override("en"):
        address = reverse("pipeline:interaction_add")
    response = client.post(
        address,
        {
            "kind": "meeting",
            "subject": "Reunión",
            "occurred_on": "2026-01-10",
            "partner": partner.pk,
            "contacts": [own.pk, stranger.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contacts"] == ["Beto Ajeno work for another partner."]
    assert 'href="#id_contacts"' in response.content.decode()
