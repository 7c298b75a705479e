"""A focal point builds a project in Spanish from idea to presented: the form, the 8.4
checklist, the partners that fit with their reasons, the technical sheet downloaded and
opened back, and the presentation to a partner recorded; and reads the page on a phone."""

from __future__ import annotations

import re
from decimal import Decimal

import docx
import pytest
from django.utils import timezone

from mobiliza.coalition.models import MemberState
from mobiliza.directory.models import DirectoryTerm, Partner
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.sheets.models import SheetPresentation
from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser

NAME = "Casas de acogida para sobrevivientes de trata en Guatemala"
DESCRIPTION = (
    "Guatemala no cuenta con suficientes espacios seguros para las sobrevivientes de trata "
    "de personas, que vuelven a quedar expuestas a sus tratantes.\n\n"
    "El proyecto abre dos casas de acogida con atención psicológica, legal y de salud, "
    "coordinadas con la comisión nacional.\n\n"
    "Al terminar, las casas quedan en manos de la institución rectora, con personal "
    "capacitado y protocolos aprobados."
)


def _submit(page) -> None:
    page.click("form.record-form button[type=submit]")
    page.wait_for_load_state()


def _step(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def test_a_focal_point_takes_a_project_from_idea_to_presented_in_spanish(site, new_page, tmp_path):
    base = site.url
    prevention = StrategicAxis.objects.get(code="1")
    trafficking = DirectoryTerm.objects.get(kind="area", code="trafficking")
    funds = DirectoryTerm.objects.get(kind="contribution", code="non-refundable")
    guatemala = MemberState.objects.get(code__iexact="GT")
    page = new_page("es-ES")
    log_in(page, base, "focal-gt@example.org")

    # The form, in the sections of the 8.3 sheets; the focal point's state is chosen.
    page.goto(f"{base}/es/portfolio/projects/add/")
    assert page.locator("#id_member_state").input_value() == str(guatemala.pk)
    page.fill("#id_name_es", NAME)
    page.check(f"input[name=axes][value='{prevention.pk}']")
    page.fill(
        "#id_executing_institution", "Secretaría contra la Violencia Sexual, Explotación y Trata"
    )
    page.fill("#id_beneficiaries_es", "Sobrevivientes de trata de personas y sus familias.")
    page.fill("#id_amount", "250.000,00")
    page.select_option("#id_currency", "USD")
    page.fill("#id_start_on", "2027-03-01")
    page.fill("#id_duration_months", "24")
    page.fill("#id_description_es", DESCRIPTION)
    page.check(f"input[name=areas][value='{trafficking.pk}']")
    page.check(f"input[name=kinds_sought][value='{funds.pk}']")
    _submit(page)
    if page.locator(".similar-warning").count():  # projects like it: saving again confirms
        _submit(page)
    page.wait_for_url(re.compile(r"/es/portfolio/projects/\d+/$"))
    project = Project.objects.get(name_es=NAME)
    assert project.member_state == guatemala and project.amount == Decimal("250000")
    assert page.locator("h1").inner_text() == NAME
    shot(page, "portfolio-project-es")

    # The sheet's essentials are there: the first step is taken.
    _step(page, "Registrar la ficha técnica como elaborada")
    assert "Ficha técnica elaborada" in page.locator(".project-badges").inner_text()

    # The 20 items of the 8.4 checklist, answered; the project's page says it is complete.
    page.get_by_role("link", name="Responder la lista de verificación").click()
    for number in range(1, 21):
        page.check(f"input[name='item-{number}-answer'][value='yes']")
    page.get_by_role("button", name="Guardar la lista de verificación").click()
    page.wait_for_load_state()
    shot(page, "portfolio-checklist-es")
    page.goto(f"{base}/es/portfolio/projects/{project.pk}/")
    assert "20 de 20 respondidos" in page.inner_text("body")
    _step(page, "Registrar la lista de verificación como aprobada")

    # The partners that fit, best first, each with its reasons in Spanish.
    matches = page.locator("li.match")
    matches.first.wait_for()  # the ranking arrives after the page
    fitting = page.locator("li.match:not(.match-misfit)").first
    assert "Trata de personas" in fitting.inner_text()
    partner = Partner.objects.get(pk=int(fitting.get_attribute("data-partner") or 0))

    # The technical sheet, downloaded and opened back.
    with page.expect_download() as download:
        page.locator(".sheets-section a[download]", has_text="DOCX").first.click()
    saved = tmp_path / "ficha.docx"
    download.value.save_as(saved)
    text = "\n".join(
        [p.text for p in docx.Document(str(saved)).paragraphs]
        + [c.text for t in docx.Document(str(saved)).tables for r in t.rows for c in r.cells]
    )
    assert NAME in text and "US$250,000.00" in text

    # The presentation to the partner that fits best, recorded from the project's page.
    page.get_by_role("link", name="Registrar una presentación").click()
    page.select_option("#id_partner", str(partner.pk))
    page.fill("#id_presented_on", timezone.localdate().isoformat())
    _submit(page)
    page.wait_for_url(re.compile(rf"/es/portfolio/projects/{project.pk}/"))
    presentation = SheetPresentation.objects.get(project=project)
    assert presentation.partner == partner and presentation.sheet_version == 1
    assert str(partner) in page.locator(".sheets-section").inner_text()
    _step(page, "Registrar su presentación a socios")
    assert "Presentado a socios" in page.locator(".project-badges").inner_text()
    project.refresh_from_db()
    assert project.state == "presented"
    shot(page, "portfolio-presented-es")


def test_a_projects_page_reads_on_a_phone_without_sideways_scrolling(site, new_page):
    base = site.url
    project = Project.objects.filter(kind="project").order_by("pk").first()
    assert project is not None
    page = new_page("en-GB", width=390, height=844)
    log_in(page, base, "secretariat@example.org", language="en")
    page.goto(f"{base}/en/portfolio/projects/{project.pk}/")
    assert page.locator("h1").inner_text() in (project.name_en, project.name_es)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "portfolio-project-en-390")
