"""The Secretariat imports its own partner sheet through the wizard: file, columns, preview."""

from __future__ import annotations

import io

import openpyxl
import pytest

from mobiliza.directory.models import Partner
from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser


def test_secretariat_walks_the_import_wizard_with_its_own_sheet(site, new_page, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [
        ["Directorio de cooperantes 2026"],
        [],
        [
            "Siglas",
            "Nombre de la organización",
            "Responsable interno",
            "Presupuesto máximo",
            "Moneda",
        ],
        ["FNA", "Fundación Nueva Aurora", "Ana", "2.000.000", "USD"],
        [],
        ["RMS", "Red Mesoamericana Solidaria", "Luis", "250.000", "USD"],
    ]:
        sheet.append(row)
    path = tmp_path / "cooperantes.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    base = site.url
    page = new_page("en-US")
    log_in(page, base, "secretariat@example.org")
    page.goto(f"{base}/en/directory/partners/import/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Next: columns").click()

    page.wait_for_selector("table.import-columns")
    assert "row 3" in page.inner_text("main")
    assert page.locator("select[name=column-0]").input_value() == "acronym"
    assert page.locator("select[name=column-1]").input_value() == "name_es"
    assert page.locator("select[name=column-2]").input_value() == ""  # skipped
    shot(page, "import-columns")
    page.get_by_role("button", name="Next: preview").click()

    page.wait_for_selector(".import-summary")
    assert "2 will be added and 0 updated." in page.inner_text(".import-summary")
    shot(page, "import-preview")
    page.get_by_role("button", name="Import", exact=True).click()

    page.wait_for_selector(".message-success")
    assert Partner.objects.get(acronym="RMS").budget_max == 250000
    assert Partner.objects.get(acronym="FNA").budget_max == 2000000
