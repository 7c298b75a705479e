"""The header in a real browser: one row at desktop width, a Menu button on a phone,
menus that open and close with the keyboard, and search suggestions as one types."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser


def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def test_the_header_fits_one_row_and_its_menus_work_from_the_keyboard(site, new_page):
    base = site.url
    page = new_page("es-ES", width=1440, height=900)
    log_in(page, base, "secretariat@example.org")
    assert _header_height(page) <= 80
    tops = {
        round(box["y"]) for box in (s.bounding_box() for s in page.locator("header summary").all())
    }
    assert len(tops) == 1, "the menus wrap onto a second row"
    shot(page, "header-desktop-es")

    coalition = page.locator("summary", has_text="Coalición")
    coalition.focus()
    page.keyboard.press("Enter")
    link = page.locator("header").get_by_role("link", name="Órganos nacionales")
    assert link.is_visible()
    shot(page, "header-desktop-es-menu-open")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert not link.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Coalición"

    # Opening one menu closes the other.
    page.locator("summary", has_text="Coalición").click()
    page.locator("summary", has_text="Estrategia").click()
    assert not link.is_visible()

    page.fill("#header-search-q", "oim")
    suggestion = page.locator("#header-search-results").get_by_role("link", name="Laura Méndez")
    suggestion.wait_for()
    shot(page, "header-desktop-es-search")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/es/search/?q=oim")
    assert page.get_by_role("heading", name="Buscar", level=1).is_visible()


def test_on_a_phone_the_header_is_one_bar_and_a_menu_button(site, new_page):
    base = site.url
    page = new_page("en-US", width=390, height=844)
    log_in(page, base, "focal-gt@example.org", language="en")
    assert _header_height(page) <= 80
    assert not page.locator("#header-search-q").is_visible()
    shot(page, "header-phone-en")
    page.get_by_role("button", name="Menu").click()
    assert page.locator("#header-search-q").is_visible()
    page.locator("summary", has_text="Partners").click()
    assert page.locator("header").get_by_role("link", name="Contacts").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    shot(page, "header-phone-en-menu")


def test_a_partner_viewer_header_holds_no_administration(site, new_page):
    base = site.url
    page = new_page("en-US", width=1440, height=900)
    log_in(page, base, "donor@example.org", language="en")
    summaries = [s.strip() for s in page.locator("header nav summary").all_inner_texts()]
    assert "Administration" not in summaries and "Pipeline" not in summaries
    assert "Partners" in summaries
    shot(page, "header-desktop-en-partner-viewer")
