"""The partner export opened back as a spreadsheet program would: whole texts, budgets as
numbers in their currency's decimals, a frozen header with a filter, formulas kept as
text, a CSV streamed in a fixed number of queries, file names in the reader's language."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from mobiliza.directory.models import DirectoryTerm, Partner
from mobiliza.plan.models import SourceType, StrategicAxis

EXPORT = "/{}/directory/partners/export/"
OBJECTIVE = " ".join(["Fortalecer la protección de las personas migrantes en la región."] * 40)
FORMULA = "=cmd|' /C calc'!A0"


def new_partner(name: str, **data) -> Partner:
    partner = Partner.objects.create(
        name_es=name, source_type=SourceType.objects.order_by("pk").first(), **data
    )
    partner.areas.set(DirectoryTerm.objects.filter(kind="area")[:2])
    partner.axes.set(StrategicAxis.objects.all()[:2])
    return partner


@pytest.fixture
def partners(db):
    return {
        "yen": new_partner(
            "Fundación del Yen",
            general_objective_es=OBJECTIVE,
            budget_min=Decimal("1500000"),
            budget_max=Decimal("3000000"),
            budget_currency="JPY",
        ),
        "formula": new_partner(
            FORMULA, acronym="@SUM(A1)", budget_min=Decimal("-12.50"), budget_currency="USD"
        ),
        "hyperlink": new_partner('=HYPERLINK("http://example.com","x")', acronym="+1 555"),
    }


def export(client, fmt: str, language: str = "es"):
    response = client.get(EXPORT.format(language), {"format": fmt})
    assert response.status_code == 200
    return response


def test_the_xlsx_export_keeps_whole_texts_and_types_its_cells(client, login, partners):
    login("secretariat")
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").getvalue())).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    by_name = {row[0].value: dict(zip(header, row, strict=True)) for row in rows[1:]}

    yen = by_name["Fundación del Yen"]
    assert yen["Objetivo general (español)"].value == OBJECTIVE  # 2,600 characters, whole
    assert yen["Presupuesto desde"].value == 1500000
    assert yen["Presupuesto desde"].number_format == "#,##0"  # the yen has no decimals
    assert yen["Presupuesto hasta"].value == 3000000

    minus = by_name[FORMULA]["Presupuesto desde"]
    assert (minus.value, minus.data_type, minus.number_format) == (-12.5, "n", "#,##0.00")

    assert all(cell.font.b for cell in rows[0])
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows)}"
    objective = header.index("Objetivo general (español)") + 1
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(objective)].width == 60


def test_the_xlsx_export_keeps_formulas_as_text(client, login, partners):
    login("secretariat")
    workbook = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").getvalue()))
    header, *rows = workbook.active.iter_rows()
    acronym = [cell.value for cell in header].index("Siglas o acrónimo")
    cells = {row[0].value: row for row in rows}
    for name in (FORMULA, '=HYPERLINK("http://example.com","x")'):
        assert (cells[name][0].data_type, cells[name][0].quotePrefix) == ("s", True)
    assert cells[FORMULA][acronym].value == "@SUM(A1)" and cells[FORMULA][acronym].quotePrefix


def test_the_csv_export_quotes_formulas_and_keeps_numbers(client, login, partners):
    login("secretariat")
    response = export(client, "csv", "en")
    header, *data = csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")))
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    assert "'" + FORMULA in by_name and FORMULA not in by_name
    assert '\'=HYPERLINK("http://example.com","x")' in by_name
    formula = by_name["'" + FORMULA]
    assert formula["Initials or acronym"] == "'@SUM(A1)"
    assert formula["Budget from"] == "-12.50"  # a number, not quoted
    assert by_name['\'=HYPERLINK("http://example.com","x")']["Initials or acronym"] == "'+1 555"
    assert by_name["Fundación del Yen"]["General objective (Spanish)"] == OBJECTIVE


def test_the_csv_export_streams_in_a_fixed_number_of_queries(
    client, login, partners, django_assert_max_num_queries
):
    login("secretariat")

    def lines() -> list[str]:
        response = export(client, "csv")
        assert isinstance(response, StreamingHttpResponse)
        return response.getvalue().decode("utf-8-sig").splitlines()

    with CaptureQueriesContext(connection) as few:
        assert len(lines()) == 1 + Partner.objects.count()
    for i in range(40):
        new_partner(f"Socio de relleno {i}")
    with django_assert_max_num_queries(len(few)):
        assert len(lines()) == 1 + Partner.objects.count()


@time_machine.travel(datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC))
@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("es", "xlsx", "socios-2026-12-03.xlsx"),
        ("en", "xlsx", "partners-2026-12-03.xlsx"),
        ("es", "csv", "socios-2026-12-03.csv"),
    ],
)
def test_the_export_is_named_in_the_readers_language(client, login, language, fmt, expected):
    login("secretariat")
    response = export(client, fmt, language)
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{expected}\"; filename*=UTF-8''{expected}"
    )


def test_libreoffice_opens_the_xlsx_export(client, login, partners, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    login("secretariat")
    source = tmp_path / "socios.xlsx"
    source.write_bytes(export(client, "xlsx", "en").getvalue())
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.SubprocessError, OSError) as error:
        pytest.skip(f"LibreOffice could not run: {error}")
    text = (tmp_path / "socios.csv").read_text(encoding="utf-8")
    header, *data = csv.reader(io.StringIO(text))
    assert header[0] == "Name (Spanish)"
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    # LibreOffice shows the formula as text and the yen budget with its format.
    assert FORMULA in by_name
    assert by_name["Fundación del Yen"]["Budget from"] == "1,500,000"
    assert by_name["Fundación del Yen"]["General objective (Spanish)"] == OBJECTIVE


def test_a_large_xlsx_export_is_written_in_the_background_for_its_owner_only(
    client, login, partners, monkeypatch
):
    from mobiliza.directory.transfer import services as transfer

    monkeypatch.setattr(transfer, "BACKGROUND_EXPORT_ROWS", 2)
    login("secretariat")
    response = client.get(EXPORT.format("en"), {"format": "xlsx", "q": ""})
    assert response.status_code == 302
    job_url = response["Location"]
    assert "/jobs/" in job_url

    # The test settings run tasks at once: the file is ready when the page is first seen.
    page = client.get(job_url)
    body = page.content.decode()
    assert f"{Partner.objects.count()} rows were written." in body
    assert 'hx-trigger="every' not in body  # no more polling once done
    download_url = job_url + "download/"
    assert f'href="{download_url}"' in body

    file = client.get(download_url)
    assert 'filename="partners-' in file["Content-Disposition"]
    assert file["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == Partner.objects.count() and FORMULA in names
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref

    login("focal-gt")
    assert client.get(job_url).status_code == 404
    assert client.get(download_url).status_code == 404
