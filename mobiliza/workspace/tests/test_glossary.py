"""The glossary: the strategy's lists from the configuration, and its terms, in both languages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.plan.models import MobilizationStep, ResourceKind, SourceType


def _page(client, language: str) -> str:
    with translation.override(language):
        url = reverse("workspace:glossary")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("who", ["secretariat", "donor", "evaluator"])
def test_the_glossary_shows_the_configuration_lists_in_both_languages(client, login, who, language):
    login(who)
    html = _page(client, language)
    for kind in ResourceKind.objects.all():
        assert kind.name_es in html and kind.name_en in html
    for source in SourceType.objects.all():
        assert source.name_es in html
    steps = list(MobilizationStep.objects.all())
    assert len(steps) == 5
    for step in steps:
        assert step.name_es in html and step.name_en in html
    assert "Trata de personas" in html and "Trafficking in persons" in html  # Chart 2
    # The annexes and the roles, each in both languages side by side.
    assert "Projects checklist" in html and "8.4" in html
    assert "Secretaría Técnica" in html and "Technical Secretariat" in html
    assert "Punto focal" in html and "Focal point" in html


def test_a_step_is_explained_in_the_reader_language(client, login):
    login("secretariat")
    identify = MobilizationStep.objects.get(code="identify")
    assert identify.description_es.split(".")[0] in _page(client, "es")
    assert identify.description_en.split(".")[0] in _page(client, "en")


def test_the_glossary_is_linked_from_the_header_and_the_search(client, login):
    login("focal-gt")
    with translation.override("en"):
        glossary, search = reverse("workspace:glossary"), reverse("workspace:search")
        home = client.get(reverse("home")).content.decode()
    header = home[: home.index("</header>")]
    assert f'href="{glossary}"' in header
    assert f'href="{glossary}"' in client.get(search).content.decode()


def test_the_glossary_reads_a_fixed_number_of_queries(client, login, django_assert_max_num_queries):
    login("secretariat")
    _page(client, "en")
    with django_assert_max_num_queries(20):
        _page(client, "en")
