"""The Secretariat records a donor with Chart 2's fields in Spanish, attaches its
requirements, finds it again without typing accents, filters and exports the list."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mobiliza.directory.models import Attachment, Partner
from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


def test_secretariat_records_a_donor_finds_filters_and_exports_it(site, new_page, tmp_path):
    base = site.url
    page = new_page("es-ES")
    log_in(page, base, "secretariat@example.org")

    # Chart 2, in Spanish.
    page.goto(f"{base}/es/directory/partners/add/")
    page.fill("input[name=name_es]", "Fundación Esperanza Centroamericana")
    page.fill("input[name=name_en]", "Central American Hope Foundation")
    page.fill("input[name=acronym]", "FEC")
    page.select_option("select[name=scope]", "regional")
    page.fill(
        "textarea[name=general_objective_es]", "Proteger a las víctimas de trata en la región."
    )
    page.get_by_label("Trata de personas").first.check()
    page.get_by_label("Fortalecimiento de capacidades").first.check()
    page.get_by_label("Donación").check()
    page.select_option("select[name=has_submission_requirements]", "true")
    page.fill(
        "textarea[name=suitability_comments]", "Financia albergues; exige informes trimestrales."
    )
    page.select_option("select[name=budget_currency]", "USD")
    page.fill("input[name=budget_min]", "10000")
    page.fill("input[name=budget_max]", "250000")
    page.fill("input[name=website]", "https://esperanza.example.org")
    shot(page, "partner-add-es")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector(".message-success")
    partner = Partner.objects.get(acronym="FEC")
    assert {t.code for t in partner.areas.all()} >= {"trafficking", "capacity-building"}
    assert partner.has_submission_requirements is True
    assert "Trata de personas" in page.locator(".card").first.inner_text()

    # Its requirements, as a PDF.
    pdf = tmp_path / "requisitos.pdf"
    pdf.write_bytes(PDF)
    page.get_by_role("link", name="Adjuntar un documento").click()
    page.select_option("select[name=kind]", "requirements")
    page.fill("input[name=title]", "Requisitos para presentar proyectos")
    page.set_input_files("input[name=file]", str(pdf))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector(".message-success")
    attachment = Attachment.objects.get(partner=partner)
    assert attachment.file.read().startswith(b"%PDF-")

    # Found again without accents, then filtered by area.
    page.goto(f"{base}/es/directory/partners/")
    page.fill("input[name=q]", "fundacion esperanza centroamericana")
    page.get_by_role("button", name="Filtrar").click()
    table = page.locator("table").first.inner_text()
    assert "Fundación Esperanza Centroamericana" in table
    page.fill("input[name=q]", "")
    page.select_option("select[name=area]", "trafficking")
    page.get_by_role("button", name="Filtrar").click()
    table = page.locator("table").first.inner_text()
    assert "Fundación Esperanza Centroamericana" in table
    assert "Banco Interamericano de Desarrollo" not in table  # funds public policies only
    shot(page, "partner-list-filtered-es")

    # Exported to Excel: the rows the filter shows, with Spanish headers.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportar a Excel").click()
    target = Path(tmp_path / "export.xlsx")
    download_info.value.save_as(target)
    sheet = openpyxl.load_workbook(target, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(cell) for cell in rows[0]]
    assert any("Nombre" in cell for cell in header)
    names = {row[0] for row in rows[1:]}
    assert "Fundación Esperanza Centroamericana" in names
    assert "Banco Interamericano de Desarrollo" not in names
    expected = Partner.objects.filter(areas__code="trafficking").count()
    assert len(rows) - 1 == expected
