"""Each role's home page in real Chromium, in Spanish and English, on a desktop (1440x900)
and a phone (390x844): what the role must see is there, every link on the page opens
(none answers 403, 404 or 500), a phone never scrolls sideways, axe-core finds no WCAG
2.1 A/AA violation, and a screenshot of each is kept in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = ARTIFACTS / "screenshots"
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}

# What each role must see first: a heading of its own (Spanish only where the catalogue
# has the words; otherwise the role's own data).
HOMES = {
    "secretariat": {
        "email": "secretariat@example.org",
        "card": "mobilized",
        "es": None,
        "en": "Resources mobilized in",
    },
    "presidency": {
        "email": "presidency@example.org",
        "card": "presidency",
        "es": "Presidencia pro tempore",
        "en": "Pro tempore presidency",
    },
    "evaluator": {
        "email": "evaluator@example.org",
        "card": "monitoring",
        "es": "Monitoreo y evaluación",
        "en": "Monitoring and evaluation",
    },
    "donor": {
        "email": "donor@example.org",
        "card": "contributions",
        "es": "Organización Internacional para las Migraciones",
        "en": "Your contributions",
    },
    "focal-gt": {
        "email": "focal-gt@example.org",
        "card": "partners",
        "es": "Guatemala",
        "en": "Your country's partners",
    },
}


def broken_links(page, base: str) -> list[str]:
    """Every address the home's main part links to, fetched with the user's session."""
    hrefs = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    broken = []
    for href in sorted({h for h in hrefs if h and not h.startswith("#")}):
        url = href if href.startswith("http") else f"{base}{href}"
        response = page.request.get(url, max_redirects=0)
        if response.status in (403, 404) or response.status >= 500:
            broken.append(f"{href}: {response.status}")
    return broken


@pytest.mark.parametrize("role", list(HOMES))
def test_each_roles_home_in_both_languages_on_a_desktop_and_a_phone(site, browser, role):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci`)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = site.url
    expected = HOMES[role]
    problems: dict[str, list[str]] = {}
    for size, (width, height) in SIZES.items():
        # Axe is run from the test, not served: the page's own policy would refuse it.
        context = browser.new_context(
            bypass_csp=True, locale="es-GT", viewport={"width": width, "height": height}
        )
        try:
            page = context.new_page()
            for language in ("es", "en"):
                where = f"{language} {width}"
                if language == "es":  # the first page of this browser: log in
                    log_in(page, base, expected["email"], language)
                else:
                    page.goto(f"{base}/{language}/")
                card = page.locator(f"#card-{expected['card']}")
                assert card.is_visible(), f"{where}: no {expected['card']} card"
                text = page.locator("main").inner_text()
                if expected[language]:
                    assert expected[language] in text, f"{where}: {expected[language]!r}"
                assert page.locator("main h1").is_visible()
                assert page.locator(".home-card").count() >= 3, f"{where}: too few cards"
                scroll = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if scroll > 0:
                    problems[f"{where}: scrolls sideways"] = [f"{scroll}px"]
                if size == "phone":
                    lefts = page.eval_on_selector_all(
                        ".home-card", "cards => cards.map(c => c.getBoundingClientRect().left)"
                    )
                    assert len({round(x) for x in lefts}) == 1, f"{where}: not one column"
                page.screenshot(
                    path=str(SCREENSHOTS / f"home-{role}-{language}-{width}.png"), full_page=True
                )
                found = violations(page)
                if found:
                    problems[f"{where}: axe"] = found
                if size == "desktop":
                    broken = broken_links(page, base)
                    if broken:
                        problems[f"{where}: links"] = broken
        finally:
            context.close()
    assert not problems, problems
