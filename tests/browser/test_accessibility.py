"""axe-core (installed by npm from package-lock.json, never fetched at run time) checks the
pages of the edges in real Chromium: the import wizard's three steps, a background job's
page and the list of jobs, with the log-in, home and partner list beside them, in Spanish
and English, on a desktop and a phone. Any WCAG 2.1 A or AA violation fails the test."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from mobiliza.accounts.models import User
from mobiliza.core.models import Job, JobStatus
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    """What axe finds on the page as it is now: one line per rule broken, with a place."""
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes[0].target}`)",
        RULES,
    )
    return list(found)


def a_partner_sheet(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [
        ["Directorio de cooperantes 2026"],
        [],
        ["Siglas", "Nombre de la organización", "Presupuesto máximo", "Moneda", "Responsable"],
        ["FNA", "Fundación Nueva Aurora", "2.000.000", "USD", "Ana"],
        ["RMS", "Red Mesoamericana Solidaria", "250.000", "USD", "Luis"],
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(("language", "width"), [("es", 1280), ("en", 1280), ("es", 390)], ids=str)
def test_the_pages_of_the_edges_break_no_accessibility_rule(
    site, browser, tmp_path, language, width
):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci`)")
    base = site.url
    secretariat = User.objects.get(email="secretariat@example.org")
    job = Job.objects.create(
        title="Importing partners",
        task_path="mobiliza.directory.transfer.services.partners_import_job",
        started_by=secretariat,
        status=JobStatus.DONE,
        done=2,
        total=2,
        message="2 partners were added and 0 updated.",
        language=language,
    )
    # Axe is run from the test, not served: the page's own policy would refuse it.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        page.goto(f"{base}/{language}/accounts/login/")
        found["log-in"] = violations(page)
        log_in(page, base, "secretariat@example.org", language)
        found["home"] = violations(page)
        page.goto(f"{base}/{language}/imports/partners/")
        found["import: file"] = violations(page)
        page.set_input_files("input[name=file]", str(a_partner_sheet(tmp_path / "socios.xlsx")))
        page.click("form.record-form button[type=submit]")
        page.wait_for_selector("table.import-columns")
        found["import: columns"] = violations(page)
        page.click("form.record-form button[type=submit]")
        page.wait_for_selector(".import-summary")
        found["import: preview"] = violations(page)
        with translation.override(language):
            job_address = job.get_absolute_url()
        page.goto(f"{base}{job_address}")
        page.wait_for_selector("progress")
        found["job"] = violations(page)
        page.goto(f"{base}/{language}/jobs/")
        found["jobs"] = violations(page)
        page.goto(f"{base}/{language}/directory/partners/")
        found["partners"] = violations(page)
    finally:
        context.close()
    broken = {name: rules for name, rules in found.items() if rules}
    assert not broken, broken
