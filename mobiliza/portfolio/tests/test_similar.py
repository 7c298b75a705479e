"""A new project that resembles an existing, associated or past project or initiative is
pointed out before it is saved, in either language."""

from __future__ import annotations

import html

import pytest
from django import forms
from django.utils import translation

from mobiliza.portfolio.initiatives.forms import SimilarityCheckMixin
from mobiliza.portfolio.initiatives.similarity import fold, similar_projects
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.tests.checklist_helpers import a_project

pytestmark = pytest.mark.django_db

COURSE_CODE = "curso-virtual-fiscales-trata-mesoamerica"


def national(**data):
    """A national project's form data for Guatemala."""
    from mobiliza.coalition.models import MemberState

    return {"scope": "national", "member_state": MemberState.objects.get(code="GT").pk, **data}


def codes(found) -> list[str]:
    return [project.code for project, _score, _reason in found]


def test_a_virtual_course_for_prosecutors_resembles_the_initiative_of_section_1_2():
    found = similar_projects(
        name_es="Curso virtual para fiscales de trata de personas en Mesoamérica"
    )

    assert codes(found)[0] == COURSE_CODE
    project, score, reason = found[0]
    assert 0.9 <= score <= 1
    with translation.override("en"):
        assert "a name like this one" in similar_projects(name_es=project.name_es)[0].reason


def test_the_english_title_of_an_initiative_entered_in_spanish_is_found():
    found = similar_projects(name_es="IOM / Red Cross coordination to help migrants on the ground")

    assert codes(found)[0] == "oim-cruz-roja-ayuda-migrantes"


def test_a_spanish_title_is_compared_with_the_others_english_one():
    found = similar_projects(name_en="Estudio sobre la esclavitud moderna del Reino Unido")

    assert "jtip-estudio-esclavitud-moderna-reino-unido" in codes(found)


def test_an_unrelated_project_resembles_nothing():
    assert (
        similar_projects(
            name_es="Construcción de un albergue para víctimas en Honduras",
            description_es="Obra civil de un albergue temporal con diez camas.",
        )
        == []
    )


def test_words_every_project_shares_make_no_resemblance():
    assert similar_projects(name_es="Campaña contra la trata de personas") == []


def test_a_description_alike_adds_to_a_name_alike():
    with translation.override("en"):
        name_only = similar_projects(name_es="Laboratorios forenses de la región")
        with_description = similar_projects(
            name_es="Laboratorios forenses de la región",
            description_es="Fortalecer los laboratorios forenses y los institutos de medicina "
            "legal en la identificación de personas migrantes.",
        )

    assert codes(name_only)[0] == codes(with_description)[0]
    assert "description" in with_description[0].reason or with_description[0].score >= 0.9


def test_past_and_projects_of_every_state_are_compared_and_the_record_itself_is_not():
    past = a_project("GT", name_es="Protocolo regional de repatriación de niñez")
    Project.objects.filter(pk=past.pk).update(state="completed")

    assert past.pk in [p.pk for p, _s, _r in similar_projects(name_es=past.name_es)]
    assert past.pk not in [
        p.pk for p, _s, _r in similar_projects(name_es=past.name_es, exclude_pk=past.pk)
    ]


def test_the_answer_is_the_same_each_time_best_first_and_limited():
    asked = {"name_en": "JTIP training for judges and frontline officials", "limit": 3}

    first, second = similar_projects(**asked), similar_projects(**asked)

    assert [(p.pk, s) for p, s, _r in first] == [(p.pk, s) for p, s, _r in second]
    assert len(first) <= 3
    assert [s for _p, s, _r in first] == sorted((s for _p, s, _r in first), reverse=True)


def test_the_search_reads_every_project_in_two_queries(django_assert_max_num_queries):
    for n in range(15):
        a_project("HN", name_es=f"Curso virtual número {n} para fiscales de Mesoamérica")

    with django_assert_max_num_queries(2):
        similar_projects(name_es="Curso virtual para fiscales de trata en Mesoamérica")


def test_text_is_compared_without_accents_case_or_empty_words():
    assert fold("Capacitación de las JUECES en México") == "capacitacion jueces mexico"


class ProjectForm(SimilarityCheckMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name_es", "name_en", "description_es", "description_en", "scope", "member_state"]

    def clean(self):
        cleaned = super().clean()
        self.check_similar(cleaned)
        return cleaned


def test_the_form_warns_of_similar_projects_before_a_first_save_and_saves_when_confirmed():
    data = national(name_es="Curso virtual para fiscales de trata de personas en Mesoamérica")

    with translation.override("en"):
        first = ProjectForm(data)
        assert not first.is_valid()
        message = first.non_field_errors()[0]
    assert message.startswith("Projects like this one already exist: “")
    assert "save again to confirm it is a different project" in message
    assert codes(first.similar_projects)[0] == COURSE_CODE

    confirmed = ProjectForm({**data, "confirm_similar": "1"})
    assert confirmed.is_valid(), confirmed.errors
    assert confirmed.similar_projects == []


def test_the_form_does_not_warn_of_an_unrelated_project():
    form = ProjectForm(national(name_es="Construcción de un albergue en Honduras"))

    assert form.is_valid()


def test_editing_a_project_without_changing_its_name_does_not_warn_again():
    project = a_project(
        "GT", name_es="Curso virtual para fiscales de trata de personas en Mesoamérica"
    )
    form = ProjectForm(
        national(name_es=project.name_es, description_es="Otra descripción."), instance=project
    )

    assert form.is_valid()


def test_the_warning_lists_the_similar_ones_and_asks_to_confirm():
    from django.template.loader import render_to_string

    form = ProjectForm(national(name_es="Curso virtual para fiscales de trata en Mesoamérica"))
    form.is_valid()
    with translation.override("en"):
        text = html.unescape(
            render_to_string(
                "portfolio/_similar_warning.html",
                {"similar": form.similar_projects, "confirm": True},
            )
        )

    assert "Projects like this one" in text
    assert "Virtual course for prosecutors of trafficking in persons in Mesoamerica" in text
    assert "In execution" in text and "% alike" in text
    assert '<input type="hidden" name="confirm_similar" value="1">' in text


def test_the_warning_comes_while_the_name_is_typed(client, login):
    login("focal-gt")

    response = client.get(
        "/en/portfolio/projects/similar/",
        {"name_es": "Curso virtual para fiscales de trata de personas en Mesoamérica"},
    )
    nothing = client.get("/en/portfolio/projects/similar/", {"name_es": "Albergue en Honduras"})

    assert response.status_code == 200
    assert "Virtual course for prosecutors" in html.unescape(response.content.decode())
    assert 'name="confirm_similar"' not in response.content.decode()
    assert nothing.status_code == 200 and nothing.content.decode().strip() == ""


def test_a_partner_viewer_is_not_told_of_the_portfolios_projects(client, login):
    login("donor")

    response = client.get("/en/portfolio/projects/similar/", {"name_es": "Curso virtual"})

    assert response.status_code == 403
