"""The existing initiatives of section 1.2, loaded from the coalition file with their
partners; loading the file again changes nothing."""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.utils import translation

from mobiliza.directory.models import Partner
from mobiliza.plan.services import ConfigurationError, coalition_load
from mobiliza.portfolio.models import Project

pytestmark = pytest.mark.django_db

# The initiatives of section 1.2 as the strategy lists them (its bullets), by code.
INITIATIVES = 14


def initiatives():
    return Project.objects.filter(kind="initiative").exclude(code="")


def test_the_coalition_file_loads_the_initiatives_of_section_1_2_with_their_partners():
    loaded = initiatives().prefetch_related("partners")

    assert loaded.count() == INITIATIVES
    assert all(project.partners.exists() for project in loaded)
    assert all(project.executing_partner_id for project in loaded)
    assert {p.state for p in loaded} <= {"in_execution", "completed"}


def test_loading_the_file_twice_changes_nothing():
    before = {p.code: (p.version, p.name_es) for p in initiatives()}
    partners = Partner.objects.count()

    report = coalition_load(path=settings.MOBILIZA_COALITION_FILE)

    assert not report.changed
    assert report.of(Project).unchanged == INITIATIVES
    assert {p.code: (p.version, p.name_es) for p in initiatives()} == before
    assert Partner.objects.count() == partners
    assert initiatives().count() == INITIATIVES


def test_an_initiative_that_names_one_country_belongs_to_it_the_others_to_the_region():
    national = {p.code: p.member_state.code for p in initiatives().filter(scope="national")}

    assert national == {
        "jtip-mexico-capacitacion-jueces-accbp": "MX",
        "oim-el-salvador-reintegracion-psicosocial": "SV",
        "jtip-unodc-diplomados-jueces-el-salvador": "SV",
        "oim-mexico-unodc-trafico-migrantes-por-mar": "MX",
    }
    assert initiatives().filter(scope="regional").count() == INITIATIVES - 4


def test_the_initiatives_partners_are_the_directorys_found_by_acronym():
    diplomas = initiatives().get(code="jtip-unodc-diplomados-jueces-el-salvador")
    network = initiatives().get(code="red-fiscales-especiales-trata")

    assert {p.acronym for p in diplomas.partners.all()} == {"J/TIP", "UNODC"}
    assert {p.acronym for p in network.partners.all()} >= {"ECPAT", "REFCO", "SICA", "INTERPOL"}
    assert Partner.objects.filter(acronym="OIM").count() == 1
    assert Partner.objects.get(acronym="OIM").status == "active"  # the demo's, completed


def test_a_partner_the_directory_lacks_is_created_as_a_prospect():
    interpol = Partner.objects.get(acronym="INTERPOL")

    assert interpol.status == "prospect"
    assert interpol.name_en == "International Criminal Police Organization"
    assert interpol.initiatives.filter(code="red-fiscales-especiales-trata").exists()


def test_a_name_changed_in_the_file_is_updated_and_its_state_is_left_to_the_lifecycle(tmp_path):
    Project.objects.filter(code="e-campus-oim").update(state="completed")
    text = open(settings.MOBILIZA_COALITION_FILE, encoding="utf-8").read()
    changed = tmp_path / "corett.yaml"
    changed.write_text(
        text.replace(
            "E-campus de la OIM: espacio virtual de autoaprendizaje sobre temas migratorios",
            "E-campus de la OIM: aula virtual de autoaprendizaje sobre migración",
        ),
        encoding="utf-8",
    )

    report = coalition_load(path=changed)

    ecampus = Project.objects.get(code="e-campus-oim")
    assert report.of(Project).updated == 1
    assert ecampus.name_es.startswith("E-campus de la OIM: aula virtual")
    assert ecampus.state == "completed"
    assert ecampus.history.first().history_change_reason.startswith("load_coalition")


def test_a_wrong_section_is_refused_and_nothing_is_written(tmp_path):
    text = open(settings.MOBILIZA_COALITION_FILE, encoding="utf-8").read()
    wrong = tmp_path / "corett.yaml"
    wrong.write_text(
        text.replace("executing: cicr", "executing: nobody").replace(
            "Laboratorios forenses e institutos", "Laboratorios forenses nuevos e institutos"
        ),
        encoding="utf-8",
    )

    with translation.override("en"), pytest.raises(ConfigurationError) as refused:
        coalition_load(path=wrong)

    assert "'nobody' is not a code of existing_initiatives.partners" in str(refused.value)
    assert not Project.objects.filter(name_es__contains="forenses nuevos").exists()


def test_a_file_without_the_section_loads_no_initiative(tmp_path):
    text = open(settings.MOBILIZA_COALITION_FILE, encoding="utf-8").read()
    plain = tmp_path / "corett.yaml"
    plain.write_text(text.split("\nexisting_initiatives:")[0], encoding="utf-8")
    Project.objects.filter(code__gt="").delete()

    coalition_load(path=plain)

    assert not initiatives().exists()
    shutil.rmtree(tmp_path)


def test_a_section_no_app_loads_is_still_refused_as_an_unknown_key(tmp_path):
    text = open(settings.MOBILIZA_COALITION_FILE, encoding="utf-8").read()
    unknown = tmp_path / "corett.yaml"
    unknown.write_text(text + "\nnobodys_section: []\n", encoding="utf-8")

    with translation.override("en"), pytest.raises(ConfigurationError) as refused:
        coalition_load(path=unknown)

    assert "unknown key(s) nobodys_section" in str(refused.value)
