# ruff: noqa: F811 - the fixtures imported from test_api are used as arguments
"""Scope taken from the parent record, co-owned agreements, fields hidden by declaration.

The rules live in ``mobiliza/core/permissions.py``; these tests try them as the focal
points, the partner viewer and an API client would.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from mobiliza.agreements.models import Agreement, Contribution, Instalment
from mobiliza.agreements.tests.test_api import (  # noqa: F401 - fixtures
    AGREEMENTS,
    CONTRIBUTIONS,
    DAY,
    INSTALMENTS,
    agreement,
    api,
    at,
    contribution,
    eur_rate,
    ids,
    iom,
    own_partner,
    secretariat,
    state,
)
from mobiliza.core.permissions import can, restrict
from mobiliza.core.services import record_create, record_update
from mobiliza.directory.models import Contact, Partner
from mobiliza.pipeline.models import Interaction, Opportunity
from mobiliza.plan.models import MobilizationStep, ResourceKind

CONTACTS = "/api/v1/contacts/"
INTERACTIONS = "/api/v1/interactions/"


def financial(**data):
    return {
        "kind": "financial",
        "description_es": "Aporte",
        "amount": "500.00",
        "currency": "EUR",
        "value_date": DAY.isoformat(),
        "status": "pledged",
        **data,
    }


# --- a child takes its scope from its parent ------------------------------------------------


def test_a_focal_point_cannot_add_a_contribution_under_another_countrys_agreement(
    api, agreement, eur_rate, own_partner
):
    mexican = agreement("MX")
    response = api("focal-gt").post(
        CONTRIBUTIONS,
        financial(country="GT", agreement=mexican.pk, partner=own_partner.pk),
    )
    assert response.status_code == 403, response.content
    assert not Contribution.objects.filter(agreement=mexican).exists()
    # Under its own country's agreement it may.
    guatemalan = agreement("GT")
    response = api("focal-gt").post(
        CONTRIBUTIONS,
        financial(country="GT", agreement=guatemalan.pk, partner=own_partner.pk),
    )
    assert response.status_code == 201, response.content


def test_the_contribution_form_offers_only_agreements_the_focal_point_may_write_under(
    client, login, agreement, eur_rate
):
    mexican, guatemalan = agreement("MX"), agreement("GT")
    login("focal-gt")
    page = client.get("/en/resources/contributions/add/")
    choices = {int(str(pk)) for pk, _ in page.context["form"].fields["agreement"].choices if pk}
    assert guatemalan.pk in choices and mexican.pk not in choices
    # A forged post naming Mexico's agreement is refused, and nothing is saved.
    response = client.post(
        "/en/resources/contributions/add/",
        {
            "kind": ResourceKind.objects.get(code="financial").pk,
            "description_es": "Forjado",
            "agreement": mexican.pk,
            "member_state": state("GT").pk,
            "amount": "10.00",
            "currency": "EUR",
            "value_date": DAY.isoformat(),
            "status": "pledged",
        },
    )
    assert response.status_code == 200
    assert "agreement" in response.context["form"].errors
    assert not Contribution.objects.filter(description_es="Forjado").exists()


def test_an_opportunity_of_another_country_is_no_parent_for_a_focal_points_contribution(
    api, eur_rate, own_partner
):
    mexican = Opportunity.objects.filter(member_state__code="MX").first()
    if mexican is None:
        mexican = record_create(
            user=secretariat(),
            model=Opportunity,
            data={
                "title": "Oportunidad MX",
                "partner": own_partner,
                "member_state": state("MX"),
                "step": MobilizationStep.objects.order_by("position").first(),
            },
        )
    response = api("focal-gt").post(
        CONTRIBUTIONS, financial(country="GT", opportunity=mexican.pk, partner=own_partner.pk)
    )
    assert response.status_code == 403, response.content


def test_an_instalment_follows_its_contribution(api, contribution):
    mexican = contribution("MX")
    response = api("focal-gt").post(
        INSTALMENTS, {"contribution": mexican.pk, "due_on": "2010-06-01", "amount": "10.00"}
    )
    assert response.status_code in (400, 403), response.content
    assert not Instalment.objects.filter(contribution=mexican).exists()


def test_a_focal_point_adds_contacts_only_to_its_own_countrys_partners(api):
    mexican = Partner.objects.filter(member_state__code="MX").first() or record_create(
        user=secretariat(),
        model=Partner,
        data={"name_es": "Socio mexicano", "member_state": state("MX")},
    )
    response = api("focal-gt").post(CONTACTS, {"partner": mexican.pk, "full_name": "Nadie"})
    assert response.status_code == 403, response.content


# --- co-owned agreements ---------------------------------------------------------------


@pytest.fixture
def three_states(agreement) -> Agreement:
    """The agreement El Salvador keeps, co-signed by Guatemala and Honduras."""
    signed = agreement("SV")
    signed.member_states.set([state("SV"), state("GT"), state("HN")])
    return signed


@pytest.mark.parametrize("focal", ["focal-sv", "focal-gt", "focal-hn"])
def test_the_focal_point_of_each_signatory_state_edits_the_agreement(
    api, cast, three_states, focal
):
    assert can(cast(focal), "change", three_states)
    assert three_states in restrict(Agreement.objects.all(), cast(focal), "change")
    response = api(focal).patch(at(AGREEMENTS, three_states), {"reference": f"REF-{focal}"})
    assert response.status_code == 200, response.content
    three_states.refresh_from_db()
    assert three_states.reference == f"REF-{focal}"


def test_a_fourth_states_focal_point_cannot_edit_the_co_signed_agreement(
    api, client, login, cast, three_states
):
    assert not can(cast("focal-cr"), "change", three_states)
    assert three_states not in restrict(Agreement.objects.all(), cast("focal-cr"), "change")
    response = api("focal-cr").patch(at(AGREEMENTS, three_states), {"reference": "CR"})
    assert response.status_code == 403
    login("focal-cr")
    assert client.get(f"/en/resources/agreements/{three_states.pk}/edit/").status_code == 403
    # It still reads it, as every focal point reads regional and other countries' records.
    assert three_states.pk in ids(api("focal-cr").get(AGREEMENTS))


def test_a_co_signing_focal_point_records_contributions_under_the_agreement(
    api, three_states, eur_rate, own_partner
):
    response = api("focal-hn").post(
        CONTRIBUTIONS,
        financial(country="HN", agreement=three_states.pk, partner=own_partner.pk),
    )
    assert response.status_code == 201, response.content
    response = api("focal-cr").post(
        CONTRIBUTIONS,
        financial(country="CR", agreement=three_states.pk, partner=own_partner.pk),
    )
    assert response.status_code == 403


def test_the_edit_page_of_a_co_signed_agreement_opens_for_its_signatories(
    client, login, three_states
):
    for focal, status in (("focal-gt", 200), ("focal-hn", 200), ("focal-pa", 403)):
        login(focal)
        response = client.get(f"/es/resources/agreements/{three_states.pk}/edit/")
        assert response.status_code == status, focal


# --- fields hidden by declaration ------------------------------------------------------


@pytest.fixture
def mexican_contact(db) -> Contact:
    partner = record_create(
        user=secretariat(),
        model=Partner,
        data={"name_es": "Fundación Mexicana de Prueba", "member_state": state("MX")},
    )
    return record_create(
        user=secretariat(),
        model=Contact,
        data={
            "partner": partner,
            "full_name": "Lucía Prueba",
            "email": "lucia@example.org",
            "notes": "Nota privada sobre Lucía",
        },
    )


def test_another_countrys_focal_point_does_not_read_notes_on_a_contact(
    api, client, login, mexican_contact
):
    others = api("focal-gt").get(at(CONTACTS, mexican_contact)).json()
    assert "notes" not in others
    # The e-mail is shared inside the coalition.
    assert others["email"] == "lucia@example.org"
    assert api("focal-mx").get(at(CONTACTS, mexican_contact)).json()["notes"] == (
        "Nota privada sobre Lucía"
    )
    assert api("secretariat").get(at(CONTACTS, mexican_contact)).json()["notes"]
    listing = api("focal-gt").get(CONTACTS, {"page_size": 100, "search": "Lucía"})
    assert "Nota privada" not in listing.content.decode()
    login("focal-gt")
    page = client.get(mexican_contact.get_absolute_url()).content.decode()
    assert "Lucía Prueba" in page and "Nota privada" not in page
    login("focal-mx")
    assert "Nota privada" in client.get(mexican_contact.get_absolute_url()).content.decode()


def test_interaction_notes_are_read_only_by_the_managers_and_the_own_country(api, mexican_contact):
    interaction = record_create(
        user=secretariat(),
        model=Interaction,
        data={
            "kind": "meeting",
            "occurred_on": datetime.date(2024, 5, 2),
            "subject": "Reunión de prueba",
            "partner": mexican_contact.partner,
            "member_state": state("MX"),
            "notes": "Lo que se negoció en privado",
        },
    )
    assert "notes" not in api("focal-gt").get(at(INTERACTIONS, interaction)).json()
    assert api("focal-mx").get(at(INTERACTIONS, interaction)).json()["notes"]


def test_a_partner_viewer_never_reads_the_coalitions_assessment_nor_staff_names(
    api, client, login, iom, cast
):
    record_update(
        user=secretariat(),
        instance=iom,
        data={"suitability_comments": "Evaluación interna reservada"},
        version=None,
    )
    data = api("donor").get(f"/api/v1/partners/{iom.pk}/").json()
    assert data["id"] == iom.pk
    assert "suitability_comments" not in data
    assert api("secretariat").get(f"/api/v1/partners/{iom.pk}/").json()["suitability_comments"]
    login("donor")
    page = client.get(iom.get_absolute_url()).content.decode()
    assert "Evaluación interna reservada" not in page
    staff = cast("secretariat")
    assert (staff.get_full_name() or staff.email) not in page
    login("secretariat")
    page = client.get(iom.get_absolute_url()).content.decode()
    assert "Evaluación interna reservada" in page


def test_a_partner_viewers_export_has_no_internal_columns(client, login, iom):
    record_update(
        user=secretariat(),
        instance=iom,
        data={"suitability_comments": "Evaluación interna reservada"},
        version=None,
    )
    login("donor")
    response = client.get("/en/directory/partners/export/?format=csv")
    if response.status_code == 200:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Evaluación interna reservada".encode() not in body
    else:
        assert response.status_code in (403, 404)


def test_money_on_the_scoped_contribution_is_unchanged(api, agreement, eur_rate, own_partner):
    """Taking the scope from the parent does not alter the conversion."""
    guatemalan = agreement("GT")
    response = api("focal-gt").post(
        CONTRIBUTIONS, financial(country="GT", agreement=guatemalan.pk, partner=own_partner.pk)
    )
    saved = Contribution.objects.get(pk=response.json()["id"])
    assert saved.amount_reporting == Decimal("542.50")


# --- assignment ---------------------------------------------------------------------------


def test_the_person_responsible_for_a_report_records_its_delivery_whatever_their_country(
    api, cast, agreement
):
    from mobiliza.agreements.services import create_obligation
    from mobiliza.agreements.tests.test_api import DEADLINES

    report = create_obligation(
        user=secretariat(),
        data={
            "kind": "narrative_report",
            "title": "Informe asignado",
            "first_due_on": datetime.date(2001, 1, 31),
            "agreement": agreement("GT"),
            "responsible": cast("focal-mx"),
        },
    )
    deadline = report.deadlines.get()
    assert can(cast("focal-mx"), "change", report)
    assert report in restrict(type(report).objects.all(), cast("focal-mx"), "change")
    assert not can(cast("focal-cr"), "change", report)
    response = api("focal-mx").patch(at(DEADLINES, deadline), {"delivered_on": "2001-02-01"})
    assert response.status_code == 200, response.content
    assert api("focal-cr").patch(at(DEADLINES, deadline), {"delivered_on": None}).status_code == 403
    # Assignment lets it change the report, not delete it.
    assert not can(cast("focal-mx"), "delete", report)
