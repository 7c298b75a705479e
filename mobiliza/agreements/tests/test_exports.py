"""The contributions and the totals exports, opened back as a spreadsheet program would:
whole texts, amounts as numbers in their currency's decimals, a frozen header with a
filter, formulas kept as text, file names in the reader's language."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from mobiliza.agreements.tests.test_contributions_helpers import (
    CONTRIBUTIONS,
    TOTALS,
    category,
    contribution,
)
from mobiliza.core.models import ExchangeRate

ON = datetime.date(2019, 6, 1)
LONG = (
    "Apoyo presupuestario directo a las instituciones nacionales encargadas de la "
    "protección de las personas migrantes y de las víctimas de la trata, con rendición "
    "de cuentas semestral"
)
FORMULA = '=HYPERLINK("http://example.com/x","Ver")'


@pytest.fixture
def exported(db):
    """Two contributions of 2019: one in yen under a long category, one whose
    description a spreadsheet program would run as a formula."""
    ExchangeRate.objects.create(
        date=datetime.date(2019, 1, 1),
        currency="JPY",
        rate=Decimal("0.0091"),
        reporting_currency="USD",
    )
    long_category = category("financial", "international-funding")
    long_category.name_es = long_category.name_en = LONG
    long_category.save()
    return {
        "yen": contribution(
            description_es="En yenes",
            category=long_category,
            amount=Decimal("1500000"),
            currency="JPY",
            value_date=ON,
        ),
        "formula": contribution(description_es=FORMULA, value_date=ON),
        "cmd": contribution(description_es="=cmd|' /C calc'!A0", value_date=ON),
        "minus": contribution(description_es="-12.50", value_date=ON),
    }


def xlsx_rows(response) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[list]]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return sheet, [list(row) for row in sheet.iter_rows()]


def test_the_xlsx_export_keeps_long_categories_and_types_its_cells(client, login, exported):
    login("secretariat")
    response = client.get(f"{CONTRIBUTIONS}export/", {"format": "xlsx", "year": "2019"})
    assert response.status_code == 200
    sheet, rows = xlsx_rows(response)
    header = [cell.value for cell in rows[0]]
    by_description = {row[1].value: dict(zip(header, row, strict=True)) for row in rows[1:]}

    yen = by_description["En yenes"]
    assert yen["Category"].value == LONG  # more than 80 characters, whole
    assert yen["Amount or value"].value == 1500000
    assert yen["Amount or value"].number_format == "#,##0"  # the yen has no decimals
    assert yen["Amount in the reporting currency"].value == 13650
    assert yen["Amount in the reporting currency"].number_format == "#,##0.00"
    assert yen["Value date"].is_date and yen["Value date"].value.date() == ON

    assert all(cell.font.b for cell in rows[0])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}5"
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in (1, 4)]
    assert widths[0] < widths[1] <= 60  # fitted to the content, bounded


def test_the_xlsx_export_keeps_formulas_as_text_and_numbers_as_numbers(client, login, exported):
    login("secretariat")
    response = client.get(f"{CONTRIBUTIONS}export/", {"format": "xlsx", "year": "2019"})
    _, rows = xlsx_rows(response)
    descriptions = {row[1].value: row[1] for row in rows[1:]}
    for text in (FORMULA, "=cmd|' /C calc'!A0"):
        cell = descriptions[text]
        assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert descriptions["-12.50"].quotePrefix is False  # text that is a number, untouched


def test_the_csv_export_quotes_formulas_and_keeps_numbers(client, login, exported):
    login("secretariat")
    response = client.get(f"{CONTRIBUTIONS}export/", {"format": "csv", "year": "2019"})
    assert response.streaming
    header, *data = csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")))
    by_description = {row[1]: dict(zip(header, row, strict=True)) for row in data}
    assert "'" + FORMULA in by_description
    assert "'=cmd|' /C calc'!A0" in by_description
    assert "-12.50" in by_description
    assert by_description["En yenes"]["Category"] == LONG
    assert by_description["En yenes"]["Amount or value"] == "1500000"


@time_machine.travel(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC))
@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "aportes-2026-12-03.xlsx"), ("en", "contributions-2026-12-03.xlsx")],
)
def test_the_export_is_named_in_the_readers_language(client, login, language, expected):
    login("secretariat")
    response = client.get(f"/{language}/resources/contributions/export/", {"format": "xlsx"})
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{expected}\"; filename*=UTF-8''{expected}"
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_totals_export_has_amounts_as_numbers(client, login, exported, fmt):
    login("secretariat")
    response = client.get(TOTALS, {"year": "2019", "format": fmt})
    assert response["Content-Disposition"].startswith('attachment; filename="resources-mobilized-')
    if fmt == "csv":
        header, *data = csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")))
        assert Decimal(data[-1][header.index("Total (USD)")]) == Decimal("16650.00")
        assert LONG in [row[1] for row in data if row[0] == "By category"]  # whole
        return
    sheet, rows = xlsx_rows(response)
    header = [cell.value for cell in rows[0]]
    total = rows[-1][header.index("Total (USD)")]
    assert total.value == 16650 and total.number_format == "#,##0.00"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_a_large_xlsx_export_is_written_in_the_background_for_its_owner_only(
    client, login, exported, monkeypatch
):
    from mobiliza.agreements import exports

    monkeypatch.setattr(exports, "BACKGROUND_EXPORT_ROWS", 2)
    login("secretariat")
    response = client.get("/es/resources/contributions/export/", {"year": "2019"})
    assert response.status_code == 302
    job_url = response["Location"]

    page = client.get(job_url)  # the test settings run tasks at once
    body = page.content.decode()
    assert "Se escribieron 4 filas." in body
    download_url = job_url + "download/"
    assert f'href="{download_url}"' in body
    file = client.get(download_url)
    assert 'filename="aportes-' in file["Content-Disposition"]
    _, rows = xlsx_rows(file)
    assert {row[1].value for row in rows[1:]} == {
        "En yenes",
        FORMULA,
        "=cmd|' /C calc'!A0",
        "-12.50",
    }

    login("focal-gt")
    assert client.get(job_url).status_code == 404
    assert client.get(download_url).status_code == 404
