"""The record forms a focal point fills: sections with the strategy's help, long checkbox
lists with the member states first, its own member state already chosen, and an error
summary at the top that names and links every field with a problem."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from mobiliza.coalition.models import MemberState
from mobiliza.core.forms import (
    SearchableCheckboxSelectMultiple,
    Section,
    _sort_key,
    form_sections,
)
from mobiliza.directory.forms import PartnerForm


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name)


def legends(html: str) -> list[str]:
    return re.findall(r'<fieldset class="form-section"[^>]*>\s*<legend>([^<]+)</legend>', html)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_partner_form_is_in_sections(client, login, language):
    login("secretariat")
    page = client.get(url("directory:partner_add", language)).content.decode()
    found = legends(page)
    assert len(found) >= 6  # identity ... confidential notes: no 33 fields in one column
    if language == "en":
        assert found[:5] == [
            "Identity",
            "Classification",
            "How it funds",
            "Where it works",
            "Relationship with the coalition",
        ]
        # Chart 2's and step 1's own words, under the section and the fields.
        assert "define the interests, comparative advantage and track record" in page
        assert "Note the common work areas of the donor or partner." in page
    # The two languages of a text stay side by side.
    assert page.count("field-lang") >= 4


def test_every_field_of_a_form_is_in_one_section_even_if_no_section_names_it(cast):
    class Sectioned(PartnerForm):
        sections = [Section("First", ("acronym", "name_es", "not_a_field"))]

    form = Sectioned(user=cast("secretariat"))
    groups = form_sections(form)
    assert [g.legend for g in groups][0] == "First"
    assert [f.name for f in groups[0].fields] == ["acronym", "name_es"]
    shown = [f.name for g in groups for f in g.fields]
    assert sorted(shown) == sorted(f.name for f in form.visible_fields())


@pytest.mark.parametrize("name", ["opportunity_add", "interaction_add"])
def test_the_pipeline_forms_are_in_sections(client, login, name):
    login("secretariat")
    page = client.get(url(f"pipeline:{name}")).content.decode()
    assert len(legends(page)) >= 3


def test_the_agreement_and_obligation_forms_are_in_sections(client, login):
    login("secretariat")
    assert "Parties" in legends(client.get(url("agreements:agreement_add")).content.decode())
    page = client.get(url("agreements:reportingobligation_add")).content.decode()
    assert legends(page)[0] == "What is owed"


# --- the countries and other long lists --------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_countries_are_checkboxes_with_the_member_states_first(cast, language):
    with translation.override(language):
        form = PartnerForm(user=cast("secretariat"))
        field = form.fields["countries"]
        assert isinstance(field.widget, SearchableCheckboxSelectMultiple)
        (members_label, members), (others_label, others) = field.choices
        members_label = str(members_label)  # read in the form's language
        html = str(form["countries"])
    codes = set(MemberState.objects.values_list("code", flat=True))
    assert {code for code, _name in members} == codes
    assert not {code for code, _name in others} & codes
    assert len(others) > 200
    # In the reader's language, in its alphabetical order (accents do not count).
    names = [name for _code, name in others]
    assert names == sorted(names, key=_sort_key)
    expected = {
        "en": ("Member states of the coalition", "Germany"),
        "es": ("Estados miembros de la coalición", "Alemania"),
    }
    group, germany = expected[language]
    assert germany in names
    assert members_label == group
    assert 'type="checkbox"' in html and "<select" not in html
    assert "data-searchable-choices" in html  # long: the script adds a filter box


def test_a_short_list_stays_a_plain_checkbox_list(cast):
    form = PartnerForm(user=cast("secretariat"))
    assert "data-searchable-choices" not in str(form["proposal_languages"])
    assert isinstance(form.fields["axes"].widget, SearchableCheckboxSelectMultiple)


def test_a_ticked_country_is_kept(client, login):
    from mobiliza.directory.models import Partner

    login("secretariat")
    response = client.post(
        url("directory:partner_add"),
        {"name_es": "Fundación Países", "status": "prospect", "countries": ["GT", "DE"]},
    )
    assert response.status_code == 302
    assert {c.code for c in Partner.objects.get(name_es="Fundación Países").countries} == {
        "GT",
        "DE",
    }


# --- the focal point's member state ------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "directory:partner_add",
        "pipeline:opportunity_add",
        "agreements:agreement_add",
        "agreements:contribution_add",
    ],
)
def test_a_focal_point_finds_its_own_member_state_chosen(client, login, name):
    guatemala = MemberState.objects.get(code="GT")
    login("focal-gt")
    response = client.get(url(name))
    form = response.context["form"]
    assert form.initial["member_state"] == guatemala.pk
    assert re.search(rf'<option value="{guatemala.pk}" selected>', response.content.decode()), (
        "Guatemala is chosen in the page"
    )
    login("secretariat")
    assert not client.get(url(name)).context["form"].initial.get("member_state")


def test_another_countrys_member_state_is_refused_on_that_field(client, login):
    login("focal-gt")
    honduras = MemberState.objects.get(code="HN")
    response = client.post(
        url("directory:partner_add"),
        {"name_es": "Ajena", "status": "prospect", "member_state": honduras.pk},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["member_state"]
    assert 'href="#id_member_state"' in response.content.decode()


def test_the_services_refusal_of_a_country_is_shown_on_that_field(client, login, monkeypatch):
    import mobiliza.core.views

    def refuse(**kwargs):
        raise PermissionDenied

    monkeypatch.setattr(mobiliza.core.views, "record_create", refuse)
    login("focal-gt")
    guatemala = MemberState.objects.get(code="GT")
    response = client.post(
        url("directory:partner_add"),
        {"name_es": "Propia", "status": "prospect", "member_state": guatemala.pk},
    )
    errors = response.context["form"].errors
    assert errors["member_state"] == ["You may not create this record for that member state."]
    assert "__all__" not in errors


# --- the error summary -------------------------------------------------------------------


def test_the_error_summary_counts_names_and_links_each_problem(client, login):
    login("secretariat")
    response = client.post(
        url("directory:partner_add"),
        {"name_es": "", "budget_min": "100", "budget_max": "10"},
    )
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary[^>]*>(.*?)</div>', page, re.S)
    assert summary, "a summary at the top"
    assert 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    errors = response.context["form"].errors
    count = sum(len(messages) for messages in errors.values())
    assert count >= 3  # the name, the budget's order, its currency
    assert f"There are {count} problems" in summary.group(1)
    assert '<a href="#id_name_es">Name (Spanish): This field is required.</a>' in summary.group(1)
    assert 'href="#id_budget_max"' in summary.group(1)
    # Each field's error is under it, and its input is described by it.
    assert 'id="id_name_es_error"' in page
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_name_es_error[^"]*"', page)
    assert page.index("error-summary") < page.index('name="name_es"')


def test_one_problem_is_said_in_the_singular(client, login):
    login("secretariat")
    response = client.post(url("directory:partner_add"), {"name_es": "", "status": "prospect"})
    assert "There is 1 problem" in response.content.decode()


def test_the_error_summary_in_spanish_links_the_field(client, login):
    login("secretariat")
    response = client.post(url("directory:partner_add", "es"), {"name_es": ""})
    page = response.content.decode()
    assert "data-error-summary" in page
    assert re.search(r'<a href="#id_name_es">[^<]+</a>', page)


def test_the_partner_form_reads_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries
):
    login("focal-gt")
    with django_assert_max_num_queries(20):
        assert client.get(url("directory:partner_add")).status_code == 200
