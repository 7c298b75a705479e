"""A list on a phone and on a desk: the filters folded behind their button on a phone and
unfolded on a wide screen, "select all on this page", and a bulk change confirmed."""

from __future__ import annotations

import pytest

from mobiliza.directory.choices import RelationshipStatus
from mobiliza.directory.models import Partner
from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser


def test_a_list_folds_its_filters_on_a_phone_and_changes_the_rows_ticked(site, new_page):
    base = site.url
    phone = new_page("es-ES", width=390, height=844)
    log_in(phone, base, "secretariat@example.org")
    phone.goto(f"{base}/es/directory/partners/")
    assert phone.locator("details.filters-fold").get_attribute("open") is None
    assert not phone.locator("form.filters").is_visible()
    assert phone.locator(".result-count").is_visible()
    # The partners are cards on a phone: each value under its column's title.
    assert phone.locator("table.table-cards thead").bounding_box()["height"] <= 1
    shot(phone, "partner-list-phone-es")
    phone.get_by_text("Filtros").first.click()
    assert phone.locator("form.filters").is_visible()

    desk = new_page("en-GB")
    log_in(desk, base, "secretariat@example.org", "en")
    desk.goto(f"{base}/en/directory/partners/?status=prospect")
    assert desk.locator("details.filters-fold").get_attribute("open") is not None
    desk.goto(f"{base}/en/directory/partners/")
    assert desk.locator("form.filters").is_visible()  # unfolded on a wide screen
    desk.check("input[data-select-all]")
    ticked = desk.locator("tbody input[name=selected]:checked").count()
    assert ticked == Partner.objects.count()
    desk.get_by_role("button", name="Change…").click()
    desk.select_option("select[name=status]", RelationshipStatus.ACTIVE)
    desk.get_by_role("button", name="Review the change").click()
    shot(desk, "partner-bulk-confirm-en")
    assert desk.get_by_text("What will change").is_visible()
    assert Partner.objects.exclude(status=RelationshipStatus.ACTIVE).exists()  # not yet
    desk.get_by_role("button", name="Yes, change them").click()
    desk.wait_for_selector(".message-success")
    assert not Partner.objects.exclude(status=RelationshipStatus.ACTIVE).exists()
