"""Interactions with partners: recording them (from an opportunity or not), their participants
and documents, and where they are shown (the opportunity's and the partner's pages)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.pipeline.models import Interaction, InteractionAttachment
from mobiliza.pipeline.tests.conftest import INTERACTIONS, detail_url

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture
def contact(cast, partner) -> Contact:
    return record_create(
        user=cast("secretariat"),
        model=Contact,
        data={"partner": partner, "full_name": "Ana Oficial de Programa"},
    )


@pytest.fixture
def interaction(cast, make_opportunity, state) -> Interaction:
    opportunity = make_opportunity(member_state=state("GT"))
    return record_create(
        user=cast("focal-gt"),
        model=Interaction,
        data={
            "opportunity": opportunity,
            "partner": opportunity.partner,
            "kind": "meeting",
            "subject": "Reunión de arranque",
        },
    )


def test_recording_from_an_opportunity_fills_in_the_opportunity_and_partner(
    client, login, make_opportunity, contact, state
):
    opportunity = make_opportunity(member_state=state("GT"))
    login("focal-gt")
    response = client.get(f"{INTERACTIONS}add/", {"opportunity": opportunity.pk})
    form = response.context["form"]
    assert form.initial["opportunity"] == str(opportunity.pk)
    assert form.initial["partner"] == opportunity.partner_id
    assert list(form.fields["contacts"].queryset) == [contact]  # only that partner's people
    user = login("focal-gt")
    response = client.post(
        f"{INTERACTIONS}add/",
        {
            "kind": "meeting",
            "occurred_on": "2025-05-06",
            "subject": "Presentación de la ficha técnica",
            "opportunity": opportunity.pk,
            "member_state": state("GT").pk,
            "users": [user.pk],
            "contacts": [contact.pk],
            "notes": "Se acordó enviar el presupuesto.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    interaction = Interaction.objects.get(subject="Presentación de la ficha técnica")
    assert interaction.partner == opportunity.partner
    assert interaction.member_state == state("GT")
    assert interaction.occurred_on == datetime.date(2025, 5, 6)
    assert list(interaction.users.all()) == [user]
    assert list(interaction.contacts.all()) == [contact]
    page = client.get(detail_url(opportunity)).content.decode()
    assert "Presentación de la ficha técnica" in page


def test_a_contact_of_another_partner_is_refused(client, login, partner):
    other = Contact.objects.exclude(partner=partner).first()
    login("secretariat")
    response = client.post(
        f"{INTERACTIONS}add/",
        {
            "kind": "call",
            "occurred_on": "2025-05-06",
            "subject": "Llamada",
            "partner": partner.pk,
            "contacts": [other.pk],
        },
    )
    assert response.status_code == 200
    assert "contacts" in response.context["form"].errors


def test_an_interaction_needs_a_partner_or_an_opportunity(client, login):
    login("secretariat")
    response = client.post(
        f"{INTERACTIONS}add/", {"kind": "call", "occurred_on": "2025-05-06", "subject": "Sin socio"}
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors


def test_the_partner_page_lists_its_opportunities_and_interactions(
    client, login, partner, interaction
):
    login("secretariat")
    response = client.get(f"/en/directory/partners/{partner.pk}/")
    related = response.context["related"]
    assert related["interactions"] == [interaction]
    assert related["opportunities"] == [interaction.opportunity]
    page = response.content.decode()
    assert "Reunión de arranque" in page and interaction.opportunity.title in page
    login("donor")  # partners' staff do not see the pipeline, even with their own partner
    own = Partner.objects.get(acronym="OIM")
    response = client.get(f"/en/directory/partners/{own.pk}/")
    assert response.status_code == 200
    assert 'id="pipeline-title"' not in response.content.decode()


def test_a_focal_point_changes_its_own_countrys_interactions_only(client, login, interaction):
    url = f"{INTERACTIONS}{interaction.pk}/edit/"
    login("focal-hn")
    assert client.get(url).status_code == 403
    assert client.get(f"{INTERACTIONS}{interaction.pk}/").status_code == 200
    login("evaluator")
    assert client.get(url).status_code == 403
    login("focal-gt")
    assert client.get(url).status_code == 200


def test_the_list_filters_interactions(client, login, interaction):
    login("secretariat")
    response = client.get(INTERACTIONS, {"kind": "meeting", "country": "GT"})
    assert interaction in {row.record for row in response.context["table"].page.object_list}
    response = client.get(INTERACTIONS, {"kind": "email", "country": "GT"})
    assert interaction not in {row.record for row in response.context["table"].page.object_list}


# --- documents ----------------------------------------------------------------------------


def _upload(client, interaction: Interaction, name: str, content: bytes):
    return client.post(
        "/en/pipeline/interaction-documents/add/",
        {
            "interaction": interaction.pk,
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_a_document_is_attached_and_downloaded_by_those_who_may_see_it(client, login, interaction):
    login("focal-gt")
    form = client.get("/en/pipeline/interaction-documents/add/", {"interaction": interaction.pk})
    assert form.context["form"].initial["interaction"] == str(interaction.pk)
    assert _upload(client, interaction, "acta.pdf", PDF).status_code == 302
    assert _upload(client, interaction, "foto.pdf", PNG).status_code == 200  # not a PDF
    document = InteractionAttachment.objects.get(interaction=interaction)
    url = f"/en/pipeline/interaction-documents/{document.pk}/download/"
    page = client.get(f"{INTERACTIONS}{interaction.pk}/").content.decode()
    assert url in page
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    login("focal-hn")  # may read it, may not add to it
    assert client.get(url).status_code == 200
    assert _upload(client, interaction, "otra.pdf", PDF).status_code == 200
    login("donor")
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
