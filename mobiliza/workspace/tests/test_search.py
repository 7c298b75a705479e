"""The global search: accents and case ignored, both languages, only what the reader may see."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.core.permissions import restrict
from mobiliza.core.services import record_create, record_update
from mobiliza.directory.filters import ContactFilter
from mobiliza.directory.models import Contact, Partner
from mobiliza.workspace.search import global_search


def _kinds(results) -> dict[str, list[str]]:
    return {group.kind.key: [hit.label for hit in group.hits] for group in results}


def _url(language: str, **query) -> str:
    with translation.override(language):
        base = reverse("workspace:search")
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def association(cast):
    return record_create(
        user=cast("secretariat"),
        model=Partner,
        data={
            "name_es": "Asociación Nicaragüense Pro Víctimas",
            "name_en": "Nicaraguan Victims' Association",
            "acronym": "ANPV",
        },
    )


@pytest.mark.parametrize(
    "text", ["asociacion", "ASOCIACIÓN", "nicaraguense pro", "anpv", "victims"]
)
def test_a_partner_is_found_whatever_the_accents_case_and_language(cast, association, text):
    found = _kinds(global_search(user=cast("secretariat"), query=text))
    assert str(association) in found["partners"]


def test_an_acronym_finds_the_partner_and_its_records_in_lower_or_upper_case(cast):
    secretariat = cast("secretariat")
    for text in ("OIM", "oim"):
        found = _kinds(global_search(user=secretariat, query=text))
        assert any("OIM" in label for label in found["partners"])
        assert "Laura Méndez" in found["contacts"]
        assert "Fondo regional de protección a víctimas" in found["opportunities"]
        assert "Convenio marco de cooperación CORETT–OIM" in found["agreements"]


def test_words_are_found_in_either_language_and_anywhere_in_the_record(cast):
    secretariat = cast("secretariat")
    assert (
        "Fondo regional de protección a víctimas"
        in _kinds(global_search(user=secretariat, query="proteccion VICTIMAS"))["opportunities"]
    )
    english = _kinds(global_search(user=secretariat, query="organization for migration"))
    assert any("OIM" in label for label in english["partners"])
    assert "lmendez@iom.example.org" in " ".join(
        hit.detail
        for group in global_search(user=secretariat, query="lmendez")
        for hit in group.hits
    )


def test_a_partner_viewer_finds_only_its_own_partner_records(cast):
    donor = cast("donor")  # reads the records of IOM (OIM) only
    assert global_search(user=donor, query="Cruz Roja") == []
    own = _kinds(global_search(user=donor, query="migraciones"))
    assert "partners" in own  # and its contacts, agreements... found by its name
    assert all("OIM" in label for label in own["partners"])
    # The pipeline is not for a partner viewer: no opportunities, even its own partner's.
    assert "opportunities" not in _kinds(global_search(user=donor, query="oim"))


def test_a_partner_viewer_cannot_find_its_partner_by_the_coalition_own_assessment(cast):
    secretariat = cast("secretariat")
    iom = Partner.objects.get(acronym="OIM")
    record_update(
        user=secretariat,
        instance=iom,
        data={"suitability_comments": "Zanahoria interna"},
        version=iom.version,
    )
    assert "partners" in _kinds(global_search(user=secretariat, query="zanahoria"))
    assert global_search(user=cast("donor"), query="zanahoria") == []


@pytest.mark.parametrize("who", ["focal-gt", "donor", "evaluator"])
def test_every_result_opens_for_the_one_who_searched(client, login, who):
    user = login(who)
    for group in global_search(user=user, query="oim"):
        assert group.count == len(group.hits) or group.more
        for hit in group.hits:
            assert client.get(hit.url).status_code == 200, (who, hit.url)


def test_see_all_opens_the_list_on_the_same_rows(client, login, cast):
    user = login("secretariat")
    for _ in range(12):
        record_create(
            user=user,
            model=Contact,
            data={"partner": Partner.objects.get(acronym="OIM"), "full_name": "Oficial Núñez"},
        )
    (contacts,) = [g for g in global_search(user=user, query="nunez") if g.kind.key == "contacts"]
    assert contacts.more
    assert contacts.see_all_url.endswith("?q=nunez")
    listed = ContactFilter({"q": "nunez"}, queryset=restrict(Contact.objects.all(), user)).qs
    assert listed.count() == contacts.count
    assert client.get(contacts.see_all_url).status_code == 200


def test_the_search_runs_a_fixed_number_of_queries_whatever_the_rows(
    client, login, django_assert_max_num_queries
):
    user = login("secretariat")
    url = _url("en", q="fundacion")
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for number in range(30):
        record_create(user=user, model=Partner, data={"name_es": f"Fundación Número {number}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "Fundación Número" in page.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("es", "Buscar"), ("en", "Search")])
def test_the_page_speaks_the_reader_language(client, login, language, heading):
    login("secretariat")
    page = client.get(_url(language, q="oim")).content.decode()
    main = page[page.index("<main") :]
    assert f"<h1>{heading}</h1>" in main
    assert f'href="/{language}/glossary/"' in main
    assert f'href="/{language}/directory/partners/' in main  # a result, in the same language
    assert 'value="oim"' in main


def test_an_empty_query_and_a_query_without_results_each_say_so(client, login):
    login("secretariat")
    with translation.override("en"):
        empty = client.get(_url("en")).content.decode()
        nothing = client.get(_url("en", q="xyzzyqwerty")).content.decode()
    assert "Type a name, an acronym" in empty
    assert "Nothing you may see matches “xyzzyqwerty”" in nothing


def test_typing_in_the_header_box_answers_the_first_results_only(client, login):
    login("secretariat")
    response = client.get(_url("en", q="oim"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Laura Méndez" in html
    assert "/en/search/?q=oim" in html
    assert client.get(_url("en", q=""), HTTP_HX_REQUEST="true").content.decode().strip() == ""


def test_the_search_needs_a_log_in(client):
    response = client.get(_url("es", q="oim"))
    assert response.status_code == 302
