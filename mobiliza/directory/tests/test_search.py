"""Finding partners: accent- and case-insensitive, both languages, acronyms, prefixes.

The same assertions run on SQLite and on PostgreSQL (full-text search there).
"""

from __future__ import annotations

import pytest

from mobiliza.directory.models import Partner
from mobiliza.directory.search import normalise, search_partners


def found(query: str) -> set[str]:
    return {p.acronym or p.name_es for p in search_partners(Partner.objects.all(), query)}


def test_normalise_drops_accents_and_case():
    assert normalise("  Organización   INTERNACIONAL ") == "organizacion internacional"


@pytest.mark.django_db
def test_a_query_without_accents_finds_the_accented_name():
    assert "OIM" in found("organizacion")


@pytest.mark.django_db
def test_an_accented_upper_case_query_finds_it_too():
    assert "OIM" in found("ORGANIZACIÓN Internacional")


@pytest.mark.django_db
def test_the_english_name_is_searched():
    assert "OIM" in found("International Organization for Migration")
    assert "UNODC" in found("drugs crime")


@pytest.mark.django_db
def test_the_acronym_is_searched():
    assert found("unodc") == {"UNODC"}


def test_a_prefix_matches(cast):
    from mobiliza.core.services import record_create

    record_create(user=cast("secretariat"), model=Partner, data={"name_es": "Fundación del Agua"})
    result = found("migra")
    assert "OIM" in result
    assert "Fundación del Agua" not in result
    assert "Fundación del Agua" in found("fund agu")


@pytest.mark.django_db
def test_every_word_must_match():
    assert "OIM" in found("organizacion migraciones")
    assert "OIM" not in found("organizacion agricultura")
    assert "FAO" in found("organizacion agricultura")


@pytest.mark.django_db
def test_an_empty_query_keeps_everything():
    assert search_partners(Partner.objects.all(), "  ").count() == Partner.objects.count()


@pytest.mark.django_db
def test_a_word_found_nowhere_finds_nothing():
    assert found("zzyzx") == set()


def test_the_list_page_searches_the_same_way(client, login):
    login("secretariat")
    response = client.get("/en/directory/partners/", {"q": "organizacion migraciones"})
    assert response.status_code == 200
    names = [row.record.acronym for row in response.context["table"].page.object_list]
    assert names == ["OIM"]


def test_search_results_come_in_name_order_and_a_chosen_sort_still_applies(client, login, cast):
    from mobiliza.core.services import record_create

    for name in ("Fundación Zeta", "Fundación Alfa", "Fundación Media"):
        record_create(user=cast("secretariat"), model=Partner, data={"name_es": name})
    ours = ["Fundación Alfa", "Fundación Media", "Fundación Zeta"]
    in_order = [p.name_es for p in search_partners(Partner.objects.all(), "fundacion")]
    assert [name for name in in_order if name in ours] == ours

    login("secretariat")
    response = client.get("/es/directory/partners/", {"q": "fundación", "sort": "-name"})
    names = [row.record.name_es for row in response.context["table"].page.object_list]
    assert [name for name in names if name in ours] == ours[::-1]


def test_a_renamed_partner_is_found_by_its_new_name_only(cast):
    from mobiliza.core.services import record_create, record_update

    partner = record_create(user=cast("secretariat"), model=Partner, data={"name_es": "Ñandú"})
    assert "Ñandú" in found("nandu")
    record_update(
        user=cast("secretariat"),
        instance=partner,
        data={"name_es": "Colibrí"},
        version=partner.version,
    )
    assert "Ñandú" not in found("nandu") and "Colibrí" in found("colibri")
