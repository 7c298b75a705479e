"""Which sheet, at which version, was presented to which partner and when: recorded from the
project or from a pipeline interaction, with the document presented kept, by whoever may
change the project; counted for the plan's indicator; on the project's page and the API."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create
from mobiliza.pipeline.models import Interaction
from mobiliza.portfolio.sheets import part
from mobiliza.portfolio.sheets.models import SheetPresentation
from mobiliza.portfolio.sheets.selectors import sheets_presented
from mobiliza.portfolio.sheets.services import (
    presentation_create,
    presentation_update,
    sheet_new_version,
)
from mobiliza.portfolio.tests.sheets_data import NAME_EN, a_contact, a_partner, a_project

DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def project(secretariat):
    return a_project(secretariat)


@pytest.fixture
def partner(secretariat):
    return a_partner(secretariat)


@pytest.fixture
def contact(secretariat, partner):
    return a_contact(secretariat, partner)


@pytest.fixture
def interaction(secretariat, partner, contact):
    return record_create(
        user=secretariat,
        model=Interaction,
        data={
            "partner": partner,
            "kind": "meeting",
            "occurred_on": DAY,
            "subject": "Reunión de presentación",
            "member_state": MemberState.objects.get(code="GT"),
            "contacts": [contact],
        },
    )


def presented(user, project, partner, **data):
    values = {
        "project": project,
        "partner": partner,
        "template": "corett",
        "language": "en",
        "presented_on": DAY,
        **data,
    }
    return presentation_create(user=user, data=values)


def add_url(**query: object) -> str:
    url = reverse("portfolio:presentation_add")
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def form_data(project, partner, **data):
    return {
        "project": project.pk,
        "template": "initiative",
        "language": "es",
        "partner": partner.pk,
        "presented_on": DAY.isoformat(),
        "notes": "",
        **data,
    }


# --- What is recorded -------------------------------------------------------------------


def test_a_presentation_keeps_the_sheet_as_it_was_presented(secretariat, project, partner):
    presentation = presented(secretariat, project, partner)
    assert presentation.sheet_version == 1
    assert presentation.recorded_by == secretariat
    assert presentation.file.name.startswith(f"projects/{project.pk}/sheets/")
    assert presentation.file.name.endswith(".pdf")
    with presentation.file.open("rb") as handle:
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(handle.read())).pages)
    assert NAME_EN in " ".join(text.split())
    assert "Version 1" in text


def test_a_presentation_after_a_new_version_names_that_version_and_the_older_keeps_its_own(
    secretariat, project, partner
):
    first = presented(secretariat, project, partner)
    sheet_new_version(secretariat, project)
    second = presented(secretariat, project, partner)
    first.refresh_from_db()
    assert (first.sheet_version, second.sheet_version) == (1, 2)


def test_the_sheet_presented_stays_as_it_was(secretariat, project, partner):
    presentation = presented(secretariat, project, partner)
    with pytest.raises(ValidationError) as error:
        presentation_update(
            user=secretariat,
            instance=presentation,
            data={"language": "es", "notes": "x"},
            version=presentation.version,
        )
    assert "language" in error.value.message_dict
    changed = presentation_update(
        user=secretariat, instance=presentation, data={"notes": "Les interesa."}, version=None
    )
    assert changed.notes == "Les interesa."


def test_the_contacts_must_be_the_partner_s(secretariat, project, partner):
    stranger = a_contact(secretariat, a_partner(secretariat, "Otra Fundación", "Other"), "Luis")
    with pytest.raises(ValidationError) as error:
        presented(secretariat, project, partner, contacts=[stranger])
    assert "contacts" in error.value.message_dict


def test_the_interaction_must_be_with_the_same_partner(secretariat, project, interaction):
    other = a_partner(secretariat, "Otra Fundación", "Other Foundation")
    with pytest.raises(ValidationError) as error:
        presented(secretariat, project, other, interaction=interaction)
    assert "interaction" in error.value.message_dict


def test_a_presentation_is_recorded_once_it_took_place(secretariat, project, partner):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        presented(secretariat, project, partner, presented_on=tomorrow)
    assert "presented_on" in error.value.message_dict


def test_sheets_presented_counts_those_of_a_period(secretariat, project, partner):
    before = sheets_presented().count()
    presented(secretariat, project, partner, presented_on=datetime.date(2026, 1, 15))
    presented(secretariat, project, partner, presented_on=datetime.date(2026, 6, 15))
    assert sheets_presented().count() == before + 2
    since, until = datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)
    assert sheets_presented(since=since, until=until).count() == 1
    assert sheets_presented(until=datetime.date(2026, 1, 15)).filter(project=project).count() == 1


# --- The pages --------------------------------------------------------------------------


def test_the_secretariat_records_a_presentation_from_the_project(
    client, login, project, partner, contact
):
    login("secretariat")
    page = client.get(add_url(project=project.pk))
    assert page.status_code == 200
    response = client.post(
        add_url(project=project.pk), form_data(project, partner, contacts=[contact.pk])
    )
    assert response.status_code == 302, response.context["form"].errors
    presentation = SheetPresentation.objects.get(project=project)
    assert list(presentation.contacts.all()) == [contact]
    assert presentation.template == "initiative" and presentation.language == "es"
    detail = client.get(presentation.get_absolute_url())
    assert detail.status_code == 200
    assert (
        client.get(reverse("portfolio:presentation_file", args=[presentation.pk])).status_code
        == 200
    )


def test_recording_from_an_interaction_fills_in_its_partner_date_and_contacts(
    client, login, project, interaction, contact
):
    login("secretariat")
    response = client.get(add_url(interaction=interaction.pk))
    form = response.context["form"]
    assert form.initial["partner"] == interaction.partner_id
    assert form.initial["presented_on"] == DAY
    assert form.initial["interaction"] == interaction.pk
    assert form.initial["contacts"] == [contact.pk]


def test_the_interaction_page_offers_to_record_a_presentation_to_who_may(
    client, login, project, interaction, secretariat
):
    link = f"{reverse('portfolio:presentation_add')}?interaction={interaction.pk}"
    login("secretariat")
    assert link in client.get(interaction.get_absolute_url()).content.decode()
    presented(secretariat, project, interaction.partner, interaction=interaction)
    page = client.get(interaction.get_absolute_url()).content.decode()
    assert (
        reverse("portfolio:presentation_detail", args=[SheetPresentation.objects.get().pk]) in page
    )
    login("evaluator")
    assert link not in client.get(interaction.get_absolute_url()).content.decode()


def test_a_presentation_takes_the_opportunity_of_its_interaction(secretariat, project, interaction):
    presentation = presented(secretariat, project, interaction.partner, interaction=interaction)
    assert presentation.opportunity_id == interaction.opportunity_id


def test_without_permission_the_add_page_is_refused(client, login, project):
    login("evaluator")
    assert client.get(add_url(project=project.pk)).status_code == 403
    login("donor")
    assert client.get(add_url()).status_code == 403


def test_the_project_s_focal_point_records_a_presentation(client, login, project, partner):
    login("focal-gt")
    response = client.post(add_url(project=project.pk), form_data(project, partner))
    assert response.status_code == 302
    assert SheetPresentation.objects.filter(project=project).count() == 1


def test_another_country_s_focal_point_may_not_record_one_for_the_project(
    client, login, project, partner
):
    login("focal-sv")
    assert client.get(add_url(project=project.pk)).status_code == 403
    response = client.post(add_url(), form_data(project, partner))
    assert response.status_code == 200  # the project is not among those it may choose
    assert "project" in response.context["form"].errors
    assert not SheetPresentation.objects.filter(project=project).exists()


def test_another_country_s_focal_point_may_not_change_or_delete_a_presentation(
    client, login, secretariat, project, partner
):
    presentation = presented(secretariat, project, partner)
    login("focal-sv")
    assert client.get(presentation.get_absolute_url()).status_code == 200  # it reads it
    assert (
        client.get(reverse("portfolio:presentation_edit", args=[presentation.pk])).status_code
        == 403
    )
    delete = reverse("portfolio:presentation_delete", args=[presentation.pk])
    assert client.post(delete).status_code == 403
    login("focal-gt")
    assert client.post(delete).status_code == 302
    assert not SheetPresentation.objects.filter(pk=presentation.pk).exists()


def test_the_notes_of_a_presentation_are_read_only_by_its_own_country(
    client, login, secretariat, project, partner
):
    presentation = presented(secretariat, project, partner, notes="Les preocupa la auditoría.")
    login("focal-gt")
    assert (
        "Les preocupa la auditoría." in client.get(presentation.get_absolute_url()).content.decode()
    )
    login("focal-sv")
    assert (
        "Les preocupa la auditoría."
        not in client.get(presentation.get_absolute_url()).content.decode()
    )


# --- The project's section --------------------------------------------------------------


def section_for(project, user):
    request = RequestFactory().get("/")
    request.user = user
    return part.context(project, request)


def test_the_section_offers_every_template_language_and_format_and_lists_the_presentations(
    secretariat, project, partner
):
    presented(secretariat, project, partner)
    with translation.override("en"):
        section = section_for(project, secretariat)
        links = [
            url
            for template in section["downloads"]
            for language in template["languages"]
            for _fmt, url in language["links"]
        ]
        assert len(links) == 2 * 2 * 2
        assert f"/en/portfolio/projects/{project.pk}/sheet.pdf?template=corett&language=es" in links
        assert [str(t["label"]) for t in section["downloads"]] == [
            "Technical Sheet Initiatives/Projects",
            "Technical sheet for project CORETT",
        ]
    assert [item["record"].partner for item in section["presentations"]] == [partner]
    assert section["add_url"].endswith(f"?project={project.pk}")


def test_the_section_offers_no_writing_to_another_country_s_focal_point(cast, project):
    section = section_for(project, cast("focal-sv"))
    assert section["add_url"] == "" and section["new_version_url"] == ""
    assert section_for(project, cast("donor")) is None


def test_the_section_reads_in_a_fixed_number_of_queries(
    secretariat, project, partner, django_assert_max_num_queries
):
    presented(secretariat, project, partner)
    with django_assert_max_num_queries(8):
        section_for(project, secretariat)
    for _ in range(4):
        presented(secretariat, project, a_partner(secretariat, "Otra", "Other"))
    with django_assert_max_num_queries(8):
        section = section_for(project, secretariat)
        [str(item["record"].partner) for item in section["presentations"]]


def test_the_sheets_page_shows_the_section(client, login, secretariat, project, partner):
    presented(secretariat, project, partner)
    login("secretariat")
    response = client.get(reverse("portfolio:project_sheets", args=[project.pk]))
    assert response.status_code == 200
    with translation.override("es"):
        page = response.content.decode()
    assert "sheet.docx?template=corett" in page
    assert "Fondo Solidario" in page


# --- The API ----------------------------------------------------------------------------


def api_as(cast, who: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast(who))
    return client


URL = "/api/v1/sheet-presentations/"


def test_the_project_s_focal_point_records_a_presentation_through_the_api(
    cast, project, partner, contact
):
    client = api_as(cast, "focal-gt")
    response = client.post(
        URL,
        {
            "project": project.pk,
            "partner": partner.pk,
            "contacts": [contact.pk],
            "template": "corett",
            "language": "es",
            "presented_on": DAY.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["country"] == "GT" and body["sheet_version"] == 1
    assert "/files/portfolio.sheetpresentation/" in body["file"]


def test_another_country_s_focal_point_is_refused_through_the_api(cast, project, partner):
    client = api_as(cast, "focal-sv")
    response = client.post(
        URL,
        {"project": project.pk, "partner": partner.pk, "presented_on": DAY.isoformat()},
        format="json",
    )
    assert response.status_code == 403
    assert not SheetPresentation.objects.exists()


def test_without_permission_the_api_lists_nothing(cast, secretariat, project, partner):
    presented(secretariat, project, partner)
    assert api_as(cast, "donor").get(URL).status_code == 403
    listed = api_as(cast, "focal-sv").get(URL, {"country": "GT"}).json()
    assert [item["project"] for item in listed["results"]] == [project.pk]
    assert "notes" not in listed["results"][0]  # another country's negotiation note


def test_the_api_keeps_the_sheet_presented(cast, secretariat, project, partner):
    presentation = presented(secretariat, project, partner)
    client = api_as(cast, "secretariat")
    response = client.patch(f"{URL}{presentation.pk}/", {"template": "initiative"}, format="json")
    assert response.status_code == 400
    assert "template" in response.json()["errors"]
    response = client.patch(f"{URL}{presentation.pk}/", {"notes": "Seguimiento"}, format="json")
    assert response.status_code == 200
