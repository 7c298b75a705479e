# ruff: noqa: F811 - the fixtures imported from test_projects are used as arguments
"""The project list as XLSX and CSV, in the reader's language, opened back."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from mobiliza.portfolio.exports import export_name
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.tests.test_projects import axis, project  # noqa: F401 - fixture

EXPORT = "/{language}/portfolio/projects/export/"


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_xlsx_holds_the_projects_in_english_with_typed_amounts(client, login, project):
    made = project(
        "GT", name_es="Casa refugio", name_en="Shelter", amount=Decimal("1500.50"), currency="USD"
    )
    made.axes.add(axis(0))
    login("secretariat")
    response = client.get(EXPORT.format(language="en"), {"format": "xlsx"})
    assert response.status_code == 200
    assert "projects-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(content(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert "Name (Spanish)" in header and "Strategic axes" in header
    row = next(r for r in rows[1:] if r[header.index("Name (Spanish)")] == "Casa refugio")
    assert row[header.index("Name (English)")] == "Shelter"
    assert row[header.index("Amount of the project")] == 1500.5
    assert str(axis(0)) in row[header.index("Strategic axes")]


def test_the_csv_is_in_spanish_and_keeps_the_lists_filters(client, login, project):
    project("GT", name_es="De Guatemala")
    project("MX", name_es="De México")
    login("secretariat")
    response = client.get(EXPORT.format(language="es"), {"format": "csv", "country": "MX"})
    assert response.status_code == 200
    with translation.override("es"):
        file_name = export_name()
        column = capfirst(str(Project._meta.get_field("name_es").verbose_name))
    assert file_name in response["Content-Disposition"]
    text = content(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = [r[rows[0].index(column)] for r in rows[1:]]
    assert "De México" in names
    assert "De Guatemala" not in names


def test_the_export_holds_only_what_the_reader_may_see(client, login, project):
    project("GT", name_es="Interno")
    login("donor")
    assert client.get(EXPORT.format(language="en"), {"format": "csv"}).status_code == 403


def test_the_list_offers_the_ticked_rows_export(client, login, project):
    project("GT")
    login("secretariat")
    body = client.get("/en/portfolio/projects/").content.decode()
    assert 'form="bulk-form"' in body
    assert "/portfolio/projects/export/?format=xlsx" in body
