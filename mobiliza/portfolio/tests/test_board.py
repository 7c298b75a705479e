# ruff: noqa: F811 - the fixtures imported from test_projects are used as arguments
"""The project board: one column per lifecycle state, its cards, counts and amounts."""

from __future__ import annotations

import re
from decimal import Decimal

from mobiliza.portfolio.tests.test_projects import axis, project  # noqa: F401 - fixture

BOARD = "/es/portfolio/board/"


def count_in(body: str, state: str) -> int:
    found = re.search(rf'data-count="{state}">(\d+)<', body)
    assert found, state
    return int(found.group(1))


def test_the_board_has_a_column_for_every_state_with_its_count(client, login, project):
    project("GT", name_es="Idea guatemalteca", amount=Decimal("1000.00"), currency="USD")
    project("HN", name_es="Financiado hondureño", state="funded")
    login("secretariat")
    response = client.get(BOARD)
    assert response.status_code == 200
    body = response.content.decode()
    for state in ("idea", "sheet_drafted", "funded", "suspended", "withdrawn"):
        assert f'data-state="{state}"' in body
    assert "Idea guatemalteca" in body and "Financiado hondureño" in body
    assert count_in(body, "funded") >= 1
    assert "US$1,000.00" in client.get("/en/portfolio/board/").content.decode()


def test_the_board_card_shows_country_and_axes(client, login, project):
    made = project("GT", name_es="Con ejes")
    made.axes.add(axis(0))
    login("secretariat")
    body = client.get(BOARD).content.decode()
    card = body[body.index("Con ejes") :][:800]
    assert "Guatemala" in card
    assert axis(0).code in card


def test_the_board_takes_the_lists_filters(client, login, project):
    project("GT", name_es="De Guatemala")
    project("MX", name_es="De México")
    login("secretariat")
    body = client.get(BOARD, {"country": "MX"}).content.decode()
    assert "De México" in body and "De Guatemala" not in body


def test_the_board_is_refused_to_the_donor(client, login):
    login("donor")
    assert client.get(BOARD).status_code == 403


def test_the_board_reads_in_a_constant_number_of_queries(
    client, login, project, django_assert_max_num_queries
):
    login("secretariat")

    def add(count: int) -> None:
        for index in range(count):
            made = project(None, states=("GT", "HN"), name_es=f"Tablero {index}")
            made.axes.add(axis(0), axis(1))

    add(2)
    with django_assert_max_num_queries(30) as small:
        client.get(BOARD)
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(BOARD)
