"""The header: menus grouped by capability, holding only the pages the reader may open."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.core.context_processors import NAVIGATION, menus_for
from mobiliza.core.pages import check_of

ROLES = ["presidency", "secretariat", "evaluator", "donor", "focal-gt"]


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"#]+)"', _header(html))


def test_every_page_of_the_header_declares_the_check_the_header_asks():
    from django.urls import resolve

    with translation.override("en"):
        for _section, entries in NAVIGATION:
            for _label, url_name in entries:
                view = resolve(reverse(url_name)).func
                assert check_of(view) is not None, url_name


@pytest.mark.parametrize("who", ROLES)
def test_every_link_of_the_header_opens_for_that_user(client, login, who):
    login(who)
    with translation.override("es"):
        home = reverse("home")
    page = client.get(home)
    assert page.status_code == 200
    links = _links(page.content.decode())
    assert "/es/glossary/" in links and "/es/search/" not in links
    for url in links:
        response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)


def _labels(user) -> set[str]:
    with translation.override("en"):
        return {str(item.label) for section in menus_for(user) for item in section.items}


def test_the_header_offers_each_role_only_what_it_may_use(cast):
    secretariat = _labels(cast("secretariat"))
    assert {"Users", "Exchange rates", "Likely duplicates", "Pipeline board"} <= secretariat
    focal = _labels(cast("focal-gt"))
    assert "Likely duplicates" in focal  # it may tidy its own country's partners
    assert "Users" not in focal
    evaluator = _labels(cast("evaluator"))
    assert not {"Users", "Likely duplicates"} & evaluator
    assert "Opportunities" in evaluator
    donor = _labels(cast("donor"))
    assert not {"Users", "Exchange rates", "Likely duplicates", "Pipeline board"} & donor
    assert "Contributions" in donor


@pytest.mark.parametrize("who", ["evaluator", "donor"])
def test_a_page_the_header_leaves_out_refuses_the_role(client, login, who):
    login(who)
    with translation.override("en"):
        url = reverse("directory:partner_duplicates")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("language", "menus"),
    [
        ("es", ["Coalición", "Estrategia", "Administración"]),
        ("en", ["Coalition", "Partners", "Pipeline", "Resources", "Strategy", "Administration"]),
    ],
)
def test_the_header_names_its_menus_in_the_reader_language(client, login, language, menus):
    login("secretariat")
    with translation.override(language):
        html = _header(client.get(reverse("home")).content.decode())
    summaries = re.findall(r"<summary[^>]*>([^<]+)</summary>", html)
    for menu in menus:
        assert menu in summaries
    assert 'role="search"' in html
    assert "notifications" in html


def test_the_header_costs_a_fixed_number_of_queries(client, login, django_assert_max_num_queries):
    login("secretariat")
    with translation.override("en"):
        url = reverse("workspace:glossary")
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
