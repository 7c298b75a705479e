"""The import wizard with the partners' importer: a Secretariat's own sheet, remembered
columns, numbers in both conventions, updates by key and the export imported again."""

from __future__ import annotations

import csv
import html
import io
import time
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.core.models import ImportMapping, ImportPreview
from mobiliza.core.tests.test_import_reading import dimension_bomb, entity_bomb, zip_bomb
from mobiliza.directory.models import Contact, Partner
from mobiliza.directory.tests.wizard import (
    chosen_columns,
    confirm,
    post_columns,
    start,
    upload_url,
)

TITLE = "Directorio de cooperantes — Secretaría Técnica, marzo de 2026"
# Worded their own way, in their own order, with two columns the directory has no field for.
HEADER = [
    "Siglas",
    "Nombre de la organización",
    "Observaciones internas",
    "Presupuesto mínimo",
    "Presupuesto máximo",
    "Moneda",
    "Responsable en la Secretaría",
    "Persona de contacto",
    "Correo",
    "Teléfono",
]


def secretariat_rows(*, bad_phone: bool) -> list[list[Any]]:
    return [
        [TITLE],
        [],
        HEADER,
        [
            "FCA",
            "Fundación Cooperación Andina",
            "llamar en abril",
            "250.000",
            "2.000.000",
            "USD",
            "Ana",
            "María Pérez",
            "info@fca.example.org",
            "+502 2222 3333",
        ],
        [],
        [
            "BRD",
            "Banco Regional de Desarrollo",
            "",
            "1.500.000",
            "10.000.000",
            "USD",
            "Luis",
            "Jorge Díaz",
            "contacto@brd.example.org",
            "12345" if bad_phone else "+504 2222 3333",
        ],
        ["", "", "", "", "", "", "", "", "", ""],
        ["AMS", "Alianza Mesoamericana por la Salud", "prioridad", "", "", "", "Ana", "", "", ""],
    ]


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_secretariat_sheet_is_mapped_refused_for_its_bad_phone_then_imported(client, login):
    user = login("secretariat")
    before = Partner.objects.count()
    columns = start(client, xlsx(secretariat_rows(bad_phone=True)))
    assert columns.status_code == 200
    assert "row 3" in columns.content.decode() or "fila 3" in columns.content.decode()
    assert chosen_columns(columns) == {
        "Siglas": "acronym",
        "Nombre de la organización": "name_es",
        "Observaciones internas": "",
        "Presupuesto mínimo": "budget_min",
        "Presupuesto máximo": "budget_max",
        "Moneda": "budget_currency",
        "Responsable en la Secretaría": "",
        "Persona de contacto": "contact_full_name",
        "Correo": "contact_email",
        "Teléfono": "contact_phone",
    }
    preview = post_columns(client, columns)
    assert preview.status_code == 400
    errors = preview.context["outcome"].bad_rows
    assert [row.number for row in errors] == [6]
    (phone_error,) = errors[0].errors  # named once, not twice
    assert phone_error.startswith("Contacto: teléfono:")
    assert preview.content.decode().count(phone_error) == 1
    assert Partner.objects.count() == before
    # The rejected rows come as a workbook with their errors.
    rejected = client.get(preview.context["rejected_url"])
    sheet = openpyxl.load_workbook(io.BytesIO(rejected.content)).active
    values = list(sheet.values)
    assert values[1][0] == 6 and values[1][1] == phone_error
    assert "12345" in values[1]
    assert "Banco Regional de Desarrollo" in values[1]
    # The corrected file has the same titles: the columns come back as chosen.
    columns = start(client, xlsx(secretariat_rows(bad_phone=False)))
    assert columns.context["remembered"] is True
    preview = post_columns(client, columns)
    assert preview.status_code == 200
    outcome = preview.context["outcome"]
    assert (outcome.created, outcome.updated) == (3, 0)
    assert "250000" in preview.content.decode()
    confirmed = preview.context["preview"].pk
    done = confirm(client, preview)
    assert done.status_code == 302
    assert Partner.objects.count() == before + 3
    fca = Partner.objects.get(acronym="FCA")
    assert fca.name_es == "Fundación Cooperación Andina"
    assert (fca.budget_min, fca.budget_max) == (Decimal("250000"), Decimal("2000000"))
    contact = Contact.objects.get(partner=fca)
    assert (contact.email, contact.phone) == ("info@fca.example.org", "+50222223333")
    assert not ImportPreview.objects.filter(user=user, pk=confirmed).exists()
    # The same sheet again updates the three and adds none.
    columns = start(client, xlsx(secretariat_rows(bad_phone=False)))
    preview = post_columns(client, columns)
    outcome = preview.context["outcome"]
    assert (outcome.created, outcome.updated) == (0, 3)
    assert confirm(client, preview).status_code == 302
    assert Partner.objects.count() == before + 3
    assert Contact.objects.filter(partner=fca).count() == 1


def test_the_columns_chosen_are_remembered_per_user_for_the_same_titles(client, login, cast):
    login("secretariat")
    columns = start(client, xlsx(secretariat_rows(bad_phone=False)))
    assert columns.context["remembered"] is False
    # The user keeps "Observaciones internas" as the partner's policies this time.
    post_columns(client, columns, changes={2: "policies"})
    assert ImportMapping.objects.filter(user=cast("secretariat"), importer="partners").count() == 1
    reordered = [row[::-1] if row else row for row in secretariat_rows(bad_phone=False)]
    columns = start(client, xlsx(reordered))
    assert columns.context["remembered"] is True
    assert chosen_columns(columns)["Observaciones internas"] == "policies"


def test_an_ambiguous_number_is_asked_about_and_read_as_answered(client, login):
    login("secretariat")
    rows = [["Nombre", "Presupuesto mínimo", "Moneda"], ["Socio ambiguo", "250.000", "USD"]]
    preview = post_columns(client, start(client, xlsx(rows)))
    assert preview.status_code == 200
    (question,) = preview.context["questions"]
    assert question.values == [(2, "250.000")]
    assert question.offered == "."  # Spanish as the member states write it: a decimal point
    assert 'name="confirm"' not in preview.content.decode()
    answered = client.post(preview.wsgi_request.path, {"marks": "1", "mark-budget_min": ","})
    preview = client.get(answered["Location"])
    assert preview.context["questions"] == []
    assert preview.context["outcome"].ready, [r.errors for r in preview.context["outcome"].rows]
    done = confirm(client, preview)
    assert done.status_code == 302 and "/imports/" not in done["Location"], done["Location"]
    assert Partner.objects.get(name_es="Socio ambiguo").budget_min == Decimal("250000")


def export(client, fmt: str) -> bytes:
    with translation.override("es"):
        return client.get(reverse("directory:partner_export") + f"?format={fmt}").getvalue()


def export_values(client) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx"))).active
    return sorted(
        tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_apps_own_export_imported_again_updates_every_partner_and_changes_nothing(
    client, login, fmt
):
    user = login("secretariat")
    # Text a spreadsheet would run as a formula is exported as text, and reads back as it was.
    from mobiliza.core.services import record_update

    partner = Partner.objects.order_by("pk").first()
    record_update(
        user=user,
        instance=partner,
        data={"acronym": "=1+1", "notes": '=HYPERLINK("http://example.org","x")'},
        version=partner.version,
    )
    before_count = Partner.objects.count()
    before = export_values(client)
    assert any("=1+1" in row for row in before)
    data = export(client, fmt)
    columns = start(client, data, name=f"socios.{fmt}")
    assert "" not in chosen_columns(columns).values()  # every exported column is recognised
    preview = post_columns(client, columns)
    assert preview.status_code == 200, [r.errors for r in preview.context["outcome"].bad_rows]
    outcome = preview.context["outcome"]
    assert (outcome.created, outcome.updated) == (0, before_count)
    assert confirm(client, preview).status_code == 302
    assert Partner.objects.count() == before_count
    assert export_values(client) == before


def test_a_csv_export_reads_back_as_the_same_rows(client, login):
    login("secretariat")
    rows = list(csv.reader(io.StringIO(export(client, "csv").decode("utf-8-sig"))))
    assert len(rows) == Partner.objects.count() + 1


def test_someone_elses_upload_is_not_found(client, login, cast):
    login("secretariat")
    columns = start(client, xlsx(secretariat_rows(bad_phone=False)))
    path = columns.wsgi_request.path
    login("focal-gt")
    assert client.get(path).status_code == 404


def test_an_evaluator_may_not_import(client, login):
    login("evaluator")
    assert client.get(upload_url()).status_code == 403


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The submitted file is empty."),
        (b"Nombre,Siglas\nBanco,B\x00ID\n", "Row 2, column B holds a NUL character"),
        (dimension_bomb, "The sheet reaches row 1048576 and column XFD"),
        (zip_bomb, "The spreadsheet unpacks to more than"),
        (entity_bomb, "declares XML entities"),
    ],
    ids=["empty", "nul", "dimensions", "zip", "entities"],
)
def test_a_hostile_or_broken_file_is_refused_quickly_on_the_first_step_and_nothing_is_kept(
    client, login, content, expected
):
    login("secretariat")
    before = Partner.objects.count()
    data = content() if callable(content) else content
    started = time.monotonic()
    response = start(client, data, name="socios.xlsx", language="en")
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert expected in html.unescape(response.content.decode())
    assert not ImportPreview.objects.exists()
    assert Partner.objects.count() == before


def test_a_row_with_an_id_updates_that_partner_and_an_unknown_id_is_named(client, login):
    login("secretariat")
    partner = Partner.objects.exclude(acronym="").order_by("pk").first()
    rows = [
        ["ID", "Nombre (español)", "Siglas"],
        [partner.pk, partner.name_es, "NUEVA"],
        [999999, "Socio inexistente", "SI"],
    ]
    page = post_columns(client, start(client, xlsx(rows)))
    assert page.status_code == 400
    (bad,) = page.context["outcome"].bad_rows
    assert bad.number == 3 and "999999" in bad.errors[0]
    rows.pop()
    page = post_columns(client, start(client, xlsx(rows)))
    assert (page.context["outcome"].created, page.context["outcome"].updated) == (0, 1)
    assert confirm(client, page).status_code == 302
    partner.refresh_from_db()
    assert partner.acronym == "NUEVA"
    assert partner.history.latest().history_user.email == "secretariat@example.org"


def test_a_focal_point_updates_its_own_countrys_partner_but_not_another_countrys(
    client, login, cast
):
    user = login("focal-gt")
    own = Partner.objects.filter(member_state=user.memberships.first().member_state).first()
    other = Partner.objects.exclude(member_state=own.member_state).exclude(member_state=None)
    other = other.first()
    rows = [["ID", "Nombre (español)", "Otras áreas"], [own.pk, own.name_es, "albergues"]]
    page = post_columns(client, start(client, xlsx(rows)))
    assert page.context["outcome"].updated == 1
    assert confirm(client, page).status_code == 302
    own.refresh_from_db()
    assert own.other_areas == "albergues"
    rows = [["ID", "Nombre (español)", "Otras áreas"], [other.pk, other.name_es, "albergues"]]
    page = post_columns(client, start(client, xlsx(rows)))
    assert page.status_code == 400
    other.refresh_from_db()
    assert other.other_areas != "albergues"
