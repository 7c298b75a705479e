"""Every page reachable from the navigation works for every demo role: no server error,
no dead link, no link to a page the role is refused."""

from __future__ import annotations

import pytest

from mobiliza.accounts.demo import demo_logins
from tests.crawling import crawl

MAX_PAGES = 120
# Pages of one kind (say, a partner's page) behave alike: open a few of each kind and
# check that every other link at least leads to a known page.
PER_KIND = 3


@pytest.mark.parametrize("login_name", [login.email.split("@")[0] for login in demo_logins()])
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_linked_page_works_for_each_demo_role(client, login, login_name, language):
    login(login_name)
    start = f"/{language}/"
    results = crawl(
        client, [start], within=start, max_pages=MAX_PAGES, per_kind=PER_KIND, follow=True
    )
    broken = {url: visit.status for url, visit in results.items() if visit.status != 200}
    assert not broken, f"{login_name} met broken links: {broken}"
    assert len(results) > 3, "the crawl found hardly any page: navigation is missing"
