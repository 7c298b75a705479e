"""A focal point fills the partner form on a phone: its country already chosen, the
countries found by typing (no Ctrl-click), chosen ones shown as chips it can remove, and
after a failed save the focus on the summary of the problems, whose links reach the field."""

from __future__ import annotations

import pytest

from mobiliza.coalition.models import MemberState
from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("language", "locale", "width"), [("es", "es-ES", 390), ("en", "en-GB", 1280)]
)
def test_a_focal_point_finds_countries_by_typing_and_is_led_to_the_errors(
    site, new_page, language, locale, width
):
    base = site.url
    page = new_page(locale, width=width, height=844 if width < 500 else 900)
    log_in(page, base, "focal-gt@example.org", language)
    page.goto(f"{base}/{language}/directory/partners/add/")

    guatemala = MemberState.objects.get(code="GT")
    assert page.input_value("select[name=member_state]") == str(guatemala.pk)

    # The countries: a filter box above a list of checkboxes, member states first.
    countries = page.locator("#id_countries")
    search = page.locator("#id_countries_filter")
    assert search.is_visible()
    assert countries.locator(".choice-group legend").first.inner_text().strip()
    search.fill("guate")
    visible = countries.locator(".choice-options li:visible")
    assert visible.count() == 1
    search.press("Enter")  # the one match is ticked, the form is not sent
    assert page.locator("input[name=countries][value=GT]").is_checked()
    chip = countries.locator(".choice-chip")
    assert chip.count() == 1 and "Guatemala" in chip.inner_text()
    search.fill("")
    # Accents do not count: "peru" finds Perú / Peru.
    search.fill("peru")
    countries.locator(".choice-options li:visible input").first.check()
    assert countries.locator(".choice-chip").count() == 2
    shot(page, f"partner-form-countries-{language}-{width}")
    countries.locator(".choice-chip").first.click()  # removes Guatemala
    assert not page.locator("input[name=countries][value=GT]").is_checked()
    assert countries.locator(".choice-chip").count() == 1

    # A failed save: the summary at the top takes the focus and links to the field.
    page.fill("input[name=name_es]", "")
    page.locator("form.record-form button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    shot(page, f"partner-form-errors-{language}-{width}")
    summary.locator("a[href='#id_name_es']").click()
    assert page.evaluate("document.activeElement.id") == "id_name_es"
    # What was chosen is kept, and still shown as a chip.
    assert page.locator("input[name=countries][value=PE]").is_checked()
    assert page.locator("#id_countries .choice-chip").count() == 1


def test_choosing_the_partner_of_an_interaction_lists_its_people(site, new_page):
    from mobiliza.directory.models import Contact

    contact = Contact.objects.filter(is_active=True).select_related("partner").first()
    assert contact is not None, "the demo has contacts"
    stranger = Contact.objects.filter(is_active=True).exclude(partner=contact.partner).first()
    base = site.url
    page = new_page("en-GB", width=390, height=844)
    log_in(page, base, "secretariat@example.org", "en")
    page.goto(f"{base}/en/pipeline/interactions/add/")
    assert page.locator("input[name=contacts]").count() == 0  # no partner yet, no people
    with page.expect_response(lambda r: "/interactions/contacts/" in r.url):
        page.select_option("select[name=partner]", str(contact.partner_id))
    page.wait_for_selector(f"input[name=contacts][value='{contact.pk}']")
    if stranger is not None:
        assert page.locator(f"input[name=contacts][value='{stranger.pk}']").count() == 0
    shot(page, "interaction-contacts-en-390")
