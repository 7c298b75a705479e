"""An opportunity's negotiated terms in Spanish and English, with the missing mark."""

from __future__ import annotations

import html

from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from mobiliza.pipeline.models import Opportunity


def oim() -> Opportunity:
    return Opportunity.objects.exclude(negotiated_terms_en="").get(partner__acronym="OIM")


def test_the_page_shows_the_negotiated_terms_in_the_readers_language(client, login):
    login("secretariat")
    opportunity = oim()
    for language, shown, other in (
        ("es", opportunity.negotiated_terms_es, opportunity.negotiated_terms_en),
        ("en", opportunity.negotiated_terms_en, opportunity.negotiated_terms_es),
    ):
        with translation.override(language):
            response = client.get(reverse("pipeline:opportunity_detail", args=[opportunity.pk]))
        content = html.unescape(response.content.decode())
        facts = content[: content.index('id="history-title"')]
        assert shown in facts and other not in facts


def test_terms_written_in_spanish_only_are_marked_in_english(client, login):
    login("secretariat")
    opportunity = oim()
    Opportunity.objects.filter(pk=opportunity.pk).update(negotiated_terms_en="")
    with translation.override("en"):
        response = client.get(reverse("pipeline:opportunity_detail", args=[opportunity.pk]))
        mark = translation.gettext("translation missing")
        form = client.get(reverse("pipeline:opportunity_edit", args=[opportunity.pk]))
    content = html.unescape(response.content.decode())
    assert opportunity.negotiated_terms_es in content and mark in content
    assert 'name="negotiated_terms_es"' in form.content.decode()
    assert 'name="negotiated_terms_en"' in form.content.decode()


def test_the_api_carries_the_terms_in_both_languages(cast):
    client = APIClient()
    client.force_authenticate(cast("secretariat"))
    opportunity = oim()
    record = client.get(f"/api/v1/opportunities/{opportunity.pk}/").json()
    assert record["negotiated_terms_en"] == opportunity.negotiated_terms_en
    assert record["negotiated_terms_es"] == opportunity.negotiated_terms_es
    assert "negotiated_terms" not in record
