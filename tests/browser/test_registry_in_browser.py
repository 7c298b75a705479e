"""A Secretariat user and a focal point use the registry in a real browser."""

from __future__ import annotations

import pytest

from mobiliza.coalition.models import NationalBody
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def log_in(page, base: str, email: str, language: str = "es") -> None:
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "mobiliza-demo")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"{base}/{language}/")


def test_secretariat_edits_honduras_body_and_sees_it_in_history_in_both_languages(site, new_page):
    base = site.url
    page = new_page("es-ES")
    log_in(page, base, "secretariat@example.org")
    honduras = NationalBody.objects.get(member_state__code="HN")

    page.locator("summary", has_text="Coalición").first.click()  # the header's menu
    page.get_by_role("link", name="Órganos nacionales").first.click()
    page.get_by_role("link", name=honduras.acronym, exact=True).click()
    page.get_by_role("link", name="Editar").click()
    page.fill("input[name=member_institutions]", "41")
    page.fill("input[name=chair_es]", "Secretaría de Estado en el Despacho de Derechos Humanos")
    shot(page, "national-body-edit-es")
    page.get_by_role("button", name="Guardar").click()

    page.wait_for_selector(".message-success")
    history = page.locator(".history")
    assert "41" in history.inner_text()
    assert "Secretaría de Estado en el Despacho de Derechos Humanos" in history.inner_text()
    assert "Historial de cambios" in page.content()
    shot(page, "national-body-history-es")
    honduras.refresh_from_db()
    assert honduras.member_institutions == 41

    page.locator("details.user-menu summary").click()  # the language is in the user's menu
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{base}/en/coalition/national-bodies/{honduras.pk}/")
    assert page.get_by_role("heading", name="History of changes").is_visible()
    assert "Number of member institutions" in page.content()
    assert "41" in page.locator(".history").inner_text()
    shot(page, "national-body-history-en")


def test_focal_point_of_guatemala_cannot_edit_costa_ricas_body(site, new_page):
    base = site.url
    page = new_page("es-ES")
    log_in(page, base, "focal-gt@example.org")
    costa_rica = NationalBody.objects.get(member_state__code="CR")
    guatemala = NationalBody.objects.get(member_state__code="GT")

    page.goto(f"{base}/es/coalition/national-bodies/{costa_rica.pk}/")
    assert page.get_by_role("link", name="Editar").count() == 0
    response = page.goto(f"{base}/es/coalition/national-bodies/{costa_rica.pk}/edit/")
    assert response.status == 403

    page.goto(f"{base}/es/coalition/national-bodies/{guatemala.pk}/")
    assert page.get_by_role("link", name="Editar").count() == 1

    # The API refuses the same change, with the same rules.
    api = page.request.patch(
        f"{base}/api/v1/national-bodies/{costa_rica.pk}/",
        data={"acronym": "HACK"},
        headers={"X-CSRFToken": _csrf(page)},
    )
    assert api.status == 403
    costa_rica.refresh_from_db()
    assert costa_rica.acronym != "HACK"


def test_pages_read_well_on_a_phone(site, new_page):
    base = site.url
    page = new_page("es-ES", width=390, height=844)
    log_in(page, base, "secretariat@example.org")
    page.get_by_role("button", name="Menú").click()
    page.locator("summary", has_text="Coalición").click()  # the menus fold on a phone too
    assert page.get_by_role("link", name="Órganos nacionales").first.is_visible()
    shot(page, "home-phone-es-menu")
    page.goto(f"{base}/es/coalition/national-bodies/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, "the page scrolls sideways on a phone"
    shot(page, "national-bodies-phone-es")


def _csrf(page) -> str:
    for cookie in page.context.cookies():
        if cookie["name"] == "csrftoken":
            return cookie["value"]
    return ""


def test_two_people_saving_the_same_body_the_second_sees_a_conflict_and_keeps_input(site, new_page):
    base = site.url
    body = NationalBody.objects.get(member_state__code="HN")
    edit_url = f"{base}/es/coalition/national-bodies/{body.pk}/edit/"
    first = new_page("es-ES")
    second = new_page("es-ES")
    log_in(first, base, "secretariat@example.org")
    log_in(second, base, "presidency@example.org")
    first.goto(edit_url)
    second.goto(edit_url)

    first.fill("input[name=website]", "https://cicesct.example.org")
    first.get_by_role("button", name="Guardar").click()
    first.wait_for_selector(".message-success")

    second.fill("input[name=acronym]", "CICESCT-HN")
    second.get_by_role("button", name="Guardar").click()
    alert = second.locator(".conflict")
    assert alert.is_visible()
    assert second.input_value("input[name=acronym]") == "CICESCT-HN"
    differences = second.locator(".conflict-differences").inner_text()
    assert "https://cicesct.example.org" in differences  # the other person's change is shown
    assert "CICESCT-HN" in differences
    shot(second, "national-body-conflict-es")

    body.refresh_from_db()
    assert body.website == "https://cicesct.example.org"
    assert body.acronym == "CICESCT"

    # Having seen the other change, the second person keeps it and saves again.
    second.fill("input[name=website]", "https://cicesct.example.org")
    second.get_by_role("button", name="Guardar").click()
    second.wait_for_selector(".message-success")
    body.refresh_from_db()
    assert body.acronym == "CICESCT-HN"
    assert body.website == "https://cicesct.example.org"
