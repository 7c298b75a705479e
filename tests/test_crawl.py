"""Every page reachable from the navigation works for every demo role: no server error,
no dead link, no link to a page the role is refused."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation

from mobiliza.accounts.demo import demo_logins

MAX_PAGES = 120
# Pages of one kind (say, a partner's page) behave alike: open a few of each kind and
# check that every other link at least leads to a known page.
PER_KIND = 3


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def internal_links(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    found = []
    for href in parser.links:
        href, _ = urldefrag(href)
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not href.startswith("/"):
            continue
        if href.startswith(("/static/", "/media/", "/admin/", "/es/admin/", "/en/admin/")):
            continue
        found.append(href)
    return found


def crawl(client, start: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    kinds: Counter[str] = Counter()
    queue = [start]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        path = urlparse(url).path
        try:
            # Language-prefixed addresses resolve in their own language.
            with translation.override(path.split("/")[1] or None):
                kind = resolve(path).view_name
        except Resolver404:
            seen[url] = 404  # a link to an address the site does not have
            continue
        kinds[kind] += 1
        if kinds[kind] > PER_KIND:
            continue
        response = client.get(url, follow=True)
        seen[url] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            for link in internal_links(response.content.decode()):
                # Stay within this language; follow one detail page of each kind at most.
                if link.startswith(start) and link not in seen:
                    queue.append(link)
    return seen


@pytest.mark.parametrize("login_name", [login.email.split("@")[0] for login in demo_logins()])
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_linked_page_works_for_each_demo_role(client, login, login_name, language):
    login(login_name)
    results = crawl(client, f"/{language}/")
    broken = {url: status for url, status in results.items() if status != 200}
    assert not broken, f"{login_name} met broken links: {broken}"
    assert len(results) > 3, "the crawl found hardly any page: navigation is missing"
