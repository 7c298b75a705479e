"""Agreements' and contributions' narrative texts in Spanish and English.

The form offers both columns, the API carries both, the pages and the letters read the
reader's language, and a text written in one language only shows in the other with the
"translation missing" mark.
"""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from mobiliza.agreements.letters import documents as letters
from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.coalition.models import MemberState
from mobiliza.core.models import MissingTranslation, translated_field_names
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.plan.models import ResourceKind

AGREEMENT_TEXTS = (
    "objectives",
    "coalition_obligations",
    "partner_obligations",
    "member_state_obligations",
    "financing_terms",
)
CONTRIBUTION_TEXTS = ("description", "notes")


def page(client, name: str, pk: int, language: str) -> str:
    with translation.override(language):
        response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def facts(content: str) -> str:
    """The agreement's own sections, before its history (which lists both columns)."""
    start = content.index('id="obligations-title"')
    return content[start : content.index('id="documents-title"')]


def missing_mark(language: str) -> str:
    with translation.override(language):
        return translation.gettext("translation missing")


def framework() -> Agreement:
    return Agreement.objects.get(reference="CORETT-OIM-01")


def test_the_demo_agreement_and_contributions_are_written_in_both_languages(db):
    agreement = framework()
    for name in translated_field_names(*AGREEMENT_TEXTS[:3], "financing_terms"):
        assert getattr(agreement, name), name
    for contribution in Contribution.objects.all():
        assert contribution.description_es and contribution.description_en


def test_the_agreement_page_shows_the_readers_language(client, login):
    login("secretariat")
    agreement = framework()
    spanish = facts(page(client, "agreements:agreement_detail", agreement.pk, "es"))
    english = facts(page(client, "agreements:agreement_detail", agreement.pk, "en"))
    assert agreement.objectives_es in spanish and agreement.objectives_en not in spanish
    assert agreement.objectives_en in english and agreement.objectives_es not in english
    assert agreement.financing_terms_en in english


def test_a_text_written_in_spanish_only_is_marked_on_the_english_page(client, login):
    user = login("secretariat")
    agreement = record_create(
        user=user,
        model=Agreement,
        data={
            "kind": "grant",
            "title": "Convenio solo en español",
            "partner": Partner.objects.get(acronym="OIM"),
            "objectives_es": "Objetivos escritos solo en español",
        },
    )
    with translation.override("en"):
        assert isinstance(agreement.objectives, MissingTranslation)
    english = facts(page(client, "agreements:agreement_detail", agreement.pk, "en"))
    spanish = facts(page(client, "agreements:agreement_detail", agreement.pk, "es"))
    assert "Objetivos escritos solo en español" in english
    assert missing_mark("en") in english
    assert missing_mark("es") not in spanish


def test_the_forms_offer_both_languages_side_by_side(client, login):
    login("secretariat")
    agreement = framework()
    contribution = Contribution.objects.filter(agreement=agreement).first()
    with translation.override("en"):
        agreement_form = client.get(reverse("agreements:agreement_edit", args=[agreement.pk]))
        contribution_form = client.get(
            reverse("agreements:contribution_edit", args=[contribution.pk])
        )
    for response, texts in (
        (agreement_form, AGREEMENT_TEXTS),
        (contribution_form, CONTRIBUTION_TEXTS),
    ):
        content = response.content.decode()
        for name in translated_field_names(*texts):
            assert f'name="{name}"' in content, name
        assert "field-lang" in content


def test_the_api_carries_both_languages_and_writes_them(cast):
    client = APIClient()
    client.force_authenticate(cast("secretariat"))
    agreement = framework()
    record = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
    for name in translated_field_names(*AGREEMENT_TEXTS):
        assert name in record, name
    assert record["objectives_en"] == agreement.objectives_en
    assert "objectives" not in record

    response = client.post(
        "/api/v1/contributions/",
        {
            "kind": "financial",
            "partner": Partner.objects.get(acronym="OIM").pk,
            "country": "GT",
            "description_es": "Aporte bilingüe",
            "description_en": "Bilingual contribution",
            "notes_en": "Written in English only",
            "amount": "10.00",
            "currency": "USD",
            "value_date": "2026-01-15",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    saved = Contribution.objects.get(pk=response.json()["id"])
    assert (saved.description_es, saved.description_en) == (
        "Aporte bilingüe",
        "Bilingual contribution",
    )
    with translation.override("es"):
        assert isinstance(saved.notes, MissingTranslation)
        assert str(saved) == "Aporte bilingüe"
    with translation.override("en"):
        assert saved.description == "Bilingual contribution"


def test_the_letter_names_the_contribution_in_the_letters_language(cast):
    user = cast("secretariat")
    contribution = record_create(
        user=user,
        model=Contribution,
        data={
            "kind": ResourceKind.objects.get(code="financial"),
            "partner": Partner.objects.get(acronym="OIM"),
            "member_state": MemberState.objects.get(code="HN"),
            "description_es": "Fondo para albergues",
            "description_en": "Shelter fund",
            "amount": Decimal("100.00"),
            "currency": "USD",
            "value_date": datetime.date(2026, 1, 15),
            "status": "received",
            "received_on": datetime.date(2026, 1, 15),
        },
    )
    spanish, english = letters.build_letter(contribution, "es-en").sections
    assert "Fondo para albergues" in spanish.paragraphs[0]
    assert "Shelter fund" in english.paragraphs[0]
    assert "Fondo para albergues" not in english.paragraphs[0]
