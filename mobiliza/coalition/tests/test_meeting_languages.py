"""A meeting's summary in Spanish and English, with the "translation missing" mark."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from mobiliza.coalition.models import Meeting, MeetingAgreement
from mobiliza.core.services import record_create


def detail(client, meeting: Meeting, language: str) -> str:
    with translation.override(language):
        response = client.get(reverse("coalition:meeting_detail", args=[meeting.pk]))
        mark = translation.gettext("translation missing")
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    return content[: content.index('id="history-title"')], mark


def test_the_demo_meeting_page_shows_the_summary_in_the_readers_language(client, login):
    login("secretariat")
    meeting = Meeting.objects.get(title="Reunión plenaria ordinaria")
    spanish, _mark = detail(client, meeting, "es")
    english, _mark = detail(client, meeting, "en")
    assert meeting.summary_es in spanish and meeting.summary_en not in spanish
    assert meeting.summary_en in english and meeting.summary_es not in english


def test_a_summary_in_one_language_is_marked_in_the_other(client, login):
    user = login("secretariat")
    meeting = record_create(
        user=user,
        model=Meeting,
        data={"title": "Reunión técnica", "date": "2026-05-04", "summary_en": "Only English"},
    )
    spanish, mark = detail(client, meeting, "es")
    assert "Only English" in spanish and mark in spanish
    with translation.override("es"):
        form = client.get(reverse("coalition:meeting_edit", args=[meeting.pk])).content.decode()
    assert 'name="summary_es"' in form and 'name="summary_en"' in form


def test_the_meeting_api_carries_both_languages(cast):
    client = APIClient()
    client.force_authenticate(cast("secretariat"))
    meeting = Meeting.objects.get(title="Reunión plenaria ordinaria")
    record = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (record["summary_es"], record["summary_en"]) == (meeting.summary_es, meeting.summary_en)
    assert "summary" not in record


# --- what a meeting agreed -------------------------------------------------------------------


def test_the_meeting_and_home_pages_show_what_was_agreed_in_the_readers_language(client, login):
    login("presidency")  # the Presidency's home lists the meeting agreements to fulfil
    meeting = Meeting.objects.get(title="Reunión plenaria ordinaria")
    agreed = meeting.agreements.get(responsible__code="HN")
    spanish, mark = detail(client, meeting, "es")
    english, _mark = detail(client, meeting, "en")
    assert agreed.text_es[:60] in spanish and agreed.text_en[:60] not in spanish
    assert agreed.text_en[:60] in english and agreed.text_es[:60] not in english
    with translation.override("en"):
        home = html.unescape(client.get(reverse("home")).content.decode())
    assert agreed.text_en[:60] in home and mark not in home


def test_an_agreement_written_in_one_language_is_marked_in_the_other(client, login):
    user = login("secretariat")
    meeting = Meeting.objects.get(title="Reunión plenaria ordinaria")
    record_create(
        user=user,
        model=MeetingAgreement,
        data={"meeting": meeting, "text_en": "Draft the annual report", "status": "pending"},
    )
    spanish, mark = detail(client, meeting, "es")
    row = spanish[spanish.index("Draft the annual report") :][:200]
    assert mark in row


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Write what was agreed, in Spanish, in English or in both."),
        ("es", "Escriba lo acordado, en español, en inglés o en ambos."),
    ],
)
def test_an_agreement_needs_its_text_in_one_language_on_the_page_and_the_api(
    client, login, language, message
):
    user = login("secretariat")
    meeting = Meeting.objects.get(title="Reunión plenaria ordinaria")
    with translation.override(language):
        page = client.post(
            reverse("coalition:meetingagreement_add"),
            {"meeting": meeting.pk, "text_es": " ", "text_en": "", "status": "pending"},
        )
    assert page.status_code == 200
    assert message in html.unescape(page.content.decode())
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(
        "/api/v1/meeting-agreements/",
        {"meeting": meeting.pk, "text_es": "", "status": "pending"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in str(response.json())
    assert not MeetingAgreement.objects.filter(meeting=meeting, text_es="").exists()
