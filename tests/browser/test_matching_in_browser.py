"""The Secretariat sees which partners fit a project and why, picks the date at which calls
must be open, and goes from a partner to the projects that fit it; on a phone too."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from mobiliza.coalition.models import MemberState
from mobiliza.directory.models import DirectoryTerm, FundingCall, Partner
from mobiliza.portfolio.models import Project
from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser


def _records() -> tuple[Project, Partner]:
    guatemala = MemberState.objects.get(code__iexact="GT")
    trafficking = DirectoryTerm.objects.get(kind="area", code="trafficking")
    funds = DirectoryTerm.objects.get(kind="contribution", code="non-refundable")
    project = Project.objects.create(
        name_es="Prevención de la trata en las escuelas",
        description_es="Campaña contra la trata de personas en las escuelas públicas.",
        scope="national",
        member_state=guatemala,
        amount=Decimal("80000"),
        currency="USD",
        start_on=datetime.date(2027, 3, 1),
    )
    project.kinds_sought.set([funds])
    partner = Partner.objects.create(name_es="Fondo por convocatorias", countries=["GT"])
    partner.areas.set([trafficking])
    partner.contribution_kinds.set([funds])
    FundingCall.objects.create(
        partner=partner,
        title="Convocatoria de enero",
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 1, 31),
    )
    return project, partner


def test_the_secretariat_sees_the_partners_that_fit_and_why_as_of_a_date(site, new_page):
    base = site.url
    project, partner = _records()
    page = new_page("es-ES")
    log_in(page, base, "secretariat@example.org")

    page.goto(f"{base}/es/portfolio/projects/{project.pk}/partners/?on=2027-01-15")
    row = page.locator(f"li.match[data-partner='{partner.pk}']")
    assert "match-misfit" not in (row.get_attribute("class") or "")
    assert "Convocatoria de enero" in row.inner_text()
    assert "Trata de personas" in row.inner_text()
    shot(page, "matching-es")

    # After the call has closed, the same partner cannot fit, and says why.
    page.fill("input[name=on]", "2027-02-15")
    page.locator("form.matching-date button[type=submit]").click()
    page.wait_for_url("**on=2027-02-15**")
    row = page.locator(f"li.match[data-partner='{partner.pk}']")
    assert "match-misfit" in (row.get_attribute("class") or "")
    assert row.locator(".reason-misfit").count() == 1

    # From the partner to the projects that fit it.
    row.locator("a.match-name").click()
    page.locator(f"a[href$='/portfolio/partners/{partner.pk}/projects/']").click()
    assert project.name_es in page.locator("ol.matches").inner_text()


def test_the_ranking_reads_on_a_phone(site, new_page):
    base = site.url
    project, partner = _records()
    page = new_page("en-GB", width=390, height=844)
    log_in(page, base, "secretariat@example.org")
    page.goto(f"{base}/en/portfolio/projects/{project.pk}/partners/?on=2027-01-15")
    row = page.locator(f"li.match[data-partner='{partner.pk}']")
    box = row.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "matching-en-390")
