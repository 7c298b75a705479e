"""Spreadsheets as a spreadsheet program reads them back: the exchange-rate export, and
the cells every export writes (numbers, amounts, dates, text that looks like a formula)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation

from mobiliza.core.models import ExchangeRate
from mobiliza.core.rates import services as rates
from mobiliza.core.spreadsheets import Money, table_to_csv, table_to_xlsx

DAY = datetime.date(2012, 6, 29)  # long before the demo's rates
FORMULAS = ["=1+2", "+SUM(A1:A2)", "-2+3", "@A1", "\t=1", "\r=1", '=HYPERLINK("http://x")']


def rates_url(language: str = "es") -> str:
    with translation.override(language):
        return reverse("rates:exchangerate_export")


@pytest.mark.django_db
def test_the_rates_export_quotes_a_formula_and_the_import_reads_it_back(client, login):
    user = login("secretariat")
    ExchangeRate.objects.create(
        date=DAY, currency="XCD", rate=Decimal("0.0731"), reporting_currency="USD", source="=1+2"
    )
    response = client.get(rates_url(), {"currency": "XCD"})
    assert isinstance(response, StreamingHttpResponse)
    body = response.getvalue()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows == [
        ["date", "currency", "rate", "source"],
        ["2012-06-29", "XCD", "0.0731", "'=1+2"],
    ]

    ExchangeRate.objects.all().delete()
    rates.rates_import(user=user, data=body)
    assert ExchangeRate.objects.get(currency="XCD").source == "=1+2"


@time_machine.travel(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC))
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "tipos-de-cambio-2026-12-03.csv"), ("en", "exchange-rates-2026-12-03.csv")],
)
def test_the_rates_export_is_named_in_the_readers_language(client, login, language, expected):
    login("secretariat")
    response = client.get(rates_url(language))
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{expected}\"; filename*=UTF-8''{expected}"
    )


def test_a_name_outside_ascii_keeps_its_letters_in_filename_star():
    from mobiliza.core.spreadsheets import content_disposition

    assert content_disposition("año-2026.xlsx") == (
        "attachment; filename=\"a_o-2026.xlsx\"; filename*=UTF-8''a%C3%B1o-2026.xlsx"
    )


def table() -> tuple[list[str], list[list]]:
    header = ["Texto", "Número", "Monto", "Fecha"]
    rows = [[text, None, None, None] for text in FORMULAS]
    rows.append(["-12.50", Decimal("-12.50"), Money(Decimal("-12.50"), "USD"), DAY])
    rows.append(["x" * 5000, 3, Money(Decimal("1500000"), "JPY"), None])
    return header, rows


def test_xlsx_cells_keep_formulas_as_text_and_numbers_as_numbers():
    header, rows = table()
    sheet = openpyxl.load_workbook(io.BytesIO(table_to_xlsx(header, rows, "T"))).active
    read = list(sheet.iter_rows(min_row=2))
    for row, text in zip(read, FORMULAS, strict=False):
        assert (row[0].value, row[0].data_type, row[0].quotePrefix) == (text, "s", True)
    text, number, amount, day = read[len(FORMULAS)]
    assert (text.value, text.quotePrefix) == ("-12.50", False)
    assert (number.value, number.data_type) == (-12.5, "n")
    assert (amount.value, amount.number_format) == (-12.5, "#,##0.00")
    assert day.is_date and day.value.date() == DAY
    long, _, yen, _ = read[-1]
    assert long.value == "x" * 5000  # whole, however long
    assert (yen.value, yen.number_format) == (1500000, "#,##0")
    assert sheet.column_dimensions["A"].width == 60  # bounded


def test_csv_cells_quote_formulas_and_keep_numbers():
    header, rows = table()
    read = list(csv.reader(io.StringIO(table_to_csv(header, rows).decode("utf-8-sig"))))
    assert [row[0] for row in read[1 : 1 + len(FORMULAS)]] == ["'" + t for t in FORMULAS]
    assert read[1 + len(FORMULAS)] == ["-12.50", "-12.50", "-12.50", "2012-06-29"]
    assert read[-1][2] == "1500000"


def test_xlsx_drops_control_characters_it_cannot_store_instead_of_failing():
    content = table_to_xlsx(["Notas"], [["Primera línea\x0bsegunda línea"]], "T")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "Primera líneasegunda línea"
