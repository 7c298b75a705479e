"""A crawler for the tests: follows the links of the site's own pages as a user would."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

from django.urls import Resolver404, resolve
from django.utils import translation


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
    """The links of ``html`` to the site's own pages (not static files, media or admin)."""
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


@dataclass(frozen=True)
class Visit:
    status: int
    text: str


def crawl(
    client,
    starts: list[str],
    *,
    within: str,
    max_pages: int,
    per_kind: int,
    follow: bool = False,
) -> dict[str, Visit]:
    """Every page reached from ``starts`` by links that begin with ``within``.

    Pages of one kind (say, a partner's page) behave alike: at most ``per_kind`` of each
    are opened (the starts always are). A link to an address the site does not have is
    a 404 visit.
    """
    seen: dict[str, Visit] = {}
    kinds: dict[str, int] = {}
    queue = list(starts)
    while queue and len(seen) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        path = urlparse(url).path
        try:
            # Language-prefixed addresses resolve in their own language.
            with translation.override(path.split("/")[1] or None):
                kind = resolve(path).view_name
        except Resolver404:
            seen[url] = Visit(404, "")
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        if kinds[kind] > per_kind and url not in starts:
            continue
        response = client.get(url, follow=follow)
        body = b""
        if response.status_code == 200:
            body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        seen[url] = Visit(response.status_code, text)
        if response.get("Content-Type", "").startswith("text/html"):
            queue += [link for link in internal_links(text) if link.startswith(within)]
    return seen
