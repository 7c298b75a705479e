"""The project's page lists its consultancy calls with their applicants, to who may see them."""

from __future__ import annotations

from django.test import RequestFactory
from django.utils import translation

from mobiliza.portfolio.consultancies.part import context
from mobiliza.portfolio.parts import parts_for
from mobiliza.portfolio.tests.test_consultancies_helpers import (
    applicant,
    new_call,
    person,
    regional_project,
    step,
)


def _request(name: str):
    request = RequestFactory().get("/")
    request.user = person(name)
    return request


def test_the_section_lists_the_projects_calls_with_their_applicants(
    db, django_assert_max_num_queries
):
    project = regional_project("GT", "HN")
    call = step(new_call(project), "publish")
    applicant(call, "Ana Pérez")
    applicant(call, "Luis Gómez")

    with django_assert_max_num_queries(4):
        shown = context(project, _request("secretariat"))
    assert shown is not None
    assert [(c.pk, c.applicant_count) for c in shown["calls"]] == [(call.pk, 2)]
    assert shown["add_url"].endswith(f"?project={project.pk}")
    with translation.override("en"):
        html = {p["name"]: p["html"] for p in parts_for(project, _request("secretariat"))}
    assert "Consultancy calls" in html["consultancies"] and call.title in html["consultancies"]


def test_a_focal_point_of_a_state_outside_the_project_gets_no_add_link(db):
    project = regional_project("GT", "HN")
    new_call(project)
    shown = context(project, _request("focal-mx"))
    assert shown is None or shown["add_url"] is None
