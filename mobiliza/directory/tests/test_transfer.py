"""Partners in and out of spreadsheets: import all rows or none, export what one may see."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mobiliza.directory.models import Contact, Partner
from mobiliza.directory.tests import wizard
from mobiliza.directory.transfer import services as transfer

HEADER_ES = [
    "Nombre (español)",
    "Siglas o acrónimo",
    "Moneda del presupuesto",
    "Aporta recursos en las áreas de",
    "contact_full_name",
    "contact_email",
]


def xlsx_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def five_hundred_rows(*, bad: bool) -> list[list[Any]]:
    rows = [
        [
            f"Socio importado {i}",
            f"SI{i}",
            "USD",
            "trafficking",
            f"Persona {i}",
            f"p{i}@example.org",
        ]
        for i in range(500)
    ]
    if bad:
        rows[10][2] = "XYZ"  # spreadsheet row 12: unknown currency
        rows[200][5] = "not-an-e-mail"  # row 202: malformed e-mail
        rows[450][0] = ""  # row 452: missing name
    return rows


def upload(data: bytes, name: str = "socios.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def url(name: str, language: str = "es") -> str:
    with translation.override(language):
        return reverse(f"directory:{name}")


def history_count() -> int:
    return Partner.history.count()  # type: ignore[attr-defined]


# --- The required cases --------------------------------------------------------------------


def test_a_500_row_file_with_three_bad_rows_is_rejected_whole_naming_them(cast):
    user = cast("secretariat")
    partners, contacts, history = Partner.objects.count(), Contact.objects.count(), history_count()
    table = transfer.read_table(xlsx_bytes(HEADER_ES, five_hundred_rows(bad=True)))

    with translation.override("en"), pytest.raises(transfer.ImportRefused) as refused:
        transfer.partners_import(user=user, table=table)

    bad = {row.number: row.errors for row in refused.value.validation.bad_rows}
    assert sorted(bad) == [12, 202, 452]
    assert "XYZ" in " ".join(bad[12])
    assert "mail" in " ".join(bad[202]).lower()
    assert "Name (Spanish): This field cannot be blank." in bad[452]
    assert Partner.objects.count() == partners
    assert Contact.objects.count() == contacts
    assert history_count() == history


def test_the_fixed_500_row_file_imports_every_row(cast):
    user = cast("secretariat")
    partners, history = Partner.objects.count(), history_count()
    table = transfer.read_table(xlsx_bytes(HEADER_ES, five_hundred_rows(bad=False)))

    created = transfer.partners_import(user=user, table=table)

    assert len(created) == 500
    assert Partner.objects.count() == partners + 500
    assert history_count() == history + 500
    partner = Partner.objects.get(name_es="Socio importado 7")
    assert partner.budget_currency == "USD"
    assert [t.code for t in partner.areas.all()] == ["trafficking"]
    assert partner.contacts.get().email == "p7@example.org"


def test_a_latin_1_csv_with_semicolons_is_read_correctly(cast):
    text = (
        "Nombre (español);Siglas o acrónimo;Aporta recursos en las áreas de;Países donde trabaja\n"
        "Fundación Niñez Segura;FNS;Trata de personas; Tráfico ilícito de migrantes;GT,HN\n"
    )
    # The area cell holds a ";" too, so it is quoted, as a spreadsheet program writes it.
    text = text.replace(
        "Trata de personas; Tráfico ilícito de migrantes",
        '"Trata de personas; Tráfico ilícito de migrantes"',
    )
    table = transfer.read_table(text.encode("latin-1"))

    assert table.delimiter == ";"
    assert table.encoding in ("Windows-1252", "Latin-1")
    created = transfer.partners_import(user=cast("secretariat"), table=table)
    partner = created[0]
    assert partner.name_es == "Fundación Niñez Segura"
    assert sorted(t.code for t in partner.areas.all()) == ["smuggling", "trafficking"]
    assert [c.code for c in partner.countries] == ["GT", "HN"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", "\t"), ("cp1252", ";")],
)
def test_csv_encodings_and_separators_are_detected(cast, encoding, delimiter):
    text = delimiter.join(["name_es", "acronym"]) + "\r\n" + delimiter.join(["Año Niño", "AN"])
    table = transfer.read_table(text.encode(encoding))
    validation = transfer.partners_validate(user=cast("secretariat"), table=table)
    assert validation.ok
    assert validation.rows[0].data == {"name_es": "Año Niño", "acronym": "AN"}


# --- The pages -----------------------------------------------------------------------------


def test_the_preview_names_the_three_bad_rows_in_spanish_and_saves_nothing(client, login):
    login("secretariat")
    before = Partner.objects.count()

    response = wizard.preview(client, xlsx_bytes(HEADER_ES, five_hundred_rows(bad=True)))

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    for number in ("12", "202", "452"):
        assert f'<th scope="row">{number}</th>' in page
    assert "XYZ" in page
    assert "Introduzca una dirección de correo electrónico válida." in page
    assert "Nombre (español): Este campo no puede estar vacío." in page
    assert Partner.objects.count() == before


def test_preview_then_confirm_imports_and_deletes_the_stored_file(
    client, login, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from mobiliza.core.models import ImportPreview

    login("secretariat")
    rows = [["Fundación Uno", "F1", "USD", "trafficking", "Ana", "ana@example.org"]]
    response = wizard.preview(client, xlsx_bytes(HEADER_ES, rows))
    assert response.status_code == 200
    kept = ImportPreview.objects.get(pk=response.context["preview"].pk)
    paths = [kept.upload.name, kept.checked.name]
    assert all(default_storage.exists(path) for path in paths)
    assert not Partner.objects.filter(name_es="Fundación Uno").exists()  # preview saves nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = wizard.confirm(client, response)

    assert done.status_code == 302
    assert Partner.objects.filter(name_es="Fundación Uno").exists()
    assert not any(default_storage.exists(path) for path in paths)
    assert wizard.confirm(client, response).status_code == 404  # gone: imported once only
    assert Partner.objects.filter(name_es="Fundación Uno").count() == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "neither a CSV nor an XLSX"),
        (b"PK\x03\x04 broken zip", "not an XLSX spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Old Excel files"),
        (b"   \n", "empty"),
        (b"name_es,acronym\n", "no rows"),
    ],
)
def test_a_malformed_file_gets_a_clear_message_and_loses_nothing(client, login, content, expected):
    from mobiliza.core.models import ImportPreview

    login("secretariat")
    before = Partner.objects.count()
    response = wizard.start(client, content, name="socios.csv", language="en")
    assert response.status_code == 400
    assert expected in html.unescape(response.content.decode())
    assert Partner.objects.count() == before
    assert not ImportPreview.objects.exists()


def test_a_file_without_a_name_column_is_refused_at_the_columns_step(client, login):
    login("secretariat")
    columns = wizard.start(
        client, b"Color favorito,website\nAzul,https://example.org\n", "socios.csv", "en"
    )
    assert wizard.chosen_columns(columns) == {"Color favorito": "", "website": "website"}
    response = wizard.send_columns(client, columns)
    assert response.status_code == 400
    assert "No column is set to “name (Spanish)”" in html.unescape(response.content.decode())


def test_an_empty_xlsx_sheet_is_refused_clearly(cast):
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    with translation.override("en"), pytest.raises(transfer.TableError, match="empty"):
        transfer.read_table(buffer.getvalue())


def test_a_huge_upload_is_refused_with_a_clear_message(client, login, settings):
    settings.MAX_UPLOAD_SIZE = 1024  # stands for a 2 GB file against the real limit
    login("secretariat")
    before = Partner.objects.count()
    big = upload(b"name_es\n" + b"Socio\n" * 1000, "socios.csv")

    with translation.override("en"):
        response = client.post(wizard.upload_url("en"), {"file": big})

    assert response.status_code == 400
    assert "the largest accepted is 1.0\xa0KB" in html.unescape(response.content.decode())
    assert Partner.objects.count() == before


@pytest.mark.parametrize("name", ["secretariat", "focal-gt"])
def test_the_import_preview_runs_a_constant_number_of_queries(client, login, cast, name):
    login(name)
    rows = [["Fundación Q", "FQ", "USD", "trafficking", "Ana", "ana@example.org"]] * 20

    def count() -> int:
        page = wizard.start(client, xlsx_bytes(HEADER_ES, rows))
        response = wizard.send_columns(client, page)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(response["Location"]).status_code == 200
        return len(queries)

    first = count()
    table = transfer.read_table(xlsx_bytes(HEADER_ES, five_hundred_rows(bad=False)[:50]))
    transfer.partners_import(user=cast(name), table=table)
    assert count() == first
    rows = rows * 5  # and whatever the number of rows
    assert count() == first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(wizard.upload_url()).status_code == 200
    assert len(queries) < 10


def test_an_evaluator_may_not_import(client, login):
    login("evaluator")
    assert client.get(url("partner_import")).status_code == 403
    assert client.get(wizard.upload_url()).status_code == 403
    assert client.get(url("partner_import_template") + "?format=csv").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    for name in ("partner_import", "partner_export", "partner_import_template"):
        response = client.get(url(name))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_a_focal_point_imports_partners_for_its_own_country_only(cast):
    user = cast("focal-gt")
    header = ["name_es", "member_state"]
    good = transfer.read_table(xlsx_bytes(header, [["Fundación Chapina", ""]]))
    created = transfer.partners_import(user=user, table=good)
    assert created[0].member_state.code == "GT"

    other = transfer.read_table(xlsx_bytes(header, [["Fundación Catracha", "HN"]]))
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.partners_import(user=user, table=other)
    assert refused.value.validation.bad_rows[0].number == 2
    assert not Partner.objects.filter(name_es="Fundación Catracha").exists()


def test_a_large_file_is_imported_in_the_background_with_progress(client, login, monkeypatch):
    import dataclasses

    from mobiliza.core.imports import registry

    small = dataclasses.replace(registry.get("partners"), background_rows=3)
    monkeypatch.setitem(registry._IMPORTERS, "partners", small)
    login("secretariat")
    rows = [[f"Socio lote {i}", "", "USD", "", "", ""] for i in range(5)]
    preview = wizard.preview(client, xlsx_bytes(HEADER_ES, rows))
    assert preview.context["in_background"]

    response = wizard.confirm(client, preview)

    assert response.status_code == 302
    job_url = response["Location"]
    assert Partner.objects.filter(name_es__startswith="Socio lote").count() == 5
    fragment = client.get(job_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<progress" in body and 'value="100"' in body
    with translation.override("es"):  # the message in the reader's language
        assert transfer.imported_message(5, 0) in html.unescape(body)
    assert reverse("directory:partner_list") in body
    assert "hx-get" not in body  # finished: the polling stops
    assert "<script" not in client.get(job_url).content.decode().split("<main")[1]
    # Somebody else's job is not found.
    login("presidency")
    assert client.get(job_url).status_code == 404


def test_a_refused_background_import_lists_the_rows_and_can_run_again(client, login, monkeypatch):
    from mobiliza.core.imports import registry

    # The wizard lets the focal point through; the job checks each row's permission again.
    small = dataclasses.replace(
        registry.get("partners"), background_rows=3, may_import=lambda user: True
    )
    monkeypatch.setitem(registry._IMPORTERS, "partners", small)
    login("focal-gt")
    rows = [[f"Socio reintento {i}", "GT", "USD", "", "", ""] for i in range(4)]
    preview = wizard.preview(client, xlsx_bytes(HEADER_ES, rows))
    assert preview.status_code == 200 and preview.context["in_background"]
    # The focal point's right to add partners is withdrawn between preview and import.
    with monkeypatch.context() as withdrawn:
        withdrawn.setattr(transfer, "can", lambda *args, **kwargs: False)
        job_url = wizard.confirm(client, preview)["Location"]

    body = html.unescape(client.get(job_url).content.decode())
    assert "No se guardó nada: algunas filas tienen errores." in body
    assert "No puede agregar socios para este Estado miembro." in body
    assert wizard.upload_url("es") in body  # upload a corrected file
    assert not Partner.objects.filter(name_es__startswith="Socio reintento").exists()
    state = transfer.job_get(job_url.rstrip("/").rsplit("/", 1)[1])
    assert state is not None and (state["status"], state["bad_rows"][0]["number"]) == ("failed", 2)

    # The right is given back: running the job again imports the rows.
    again = client.post(job_url + "run-again/", follow=True)
    assert again.status_code == 200
    assert Partner.objects.filter(name_es__startswith="Socio reintento").count() == 4
    with translation.override("es"):
        assert transfer.imported_message(4, 0) in html.unescape(again.content.decode())


def test_the_old_address_of_an_import_s_progress_leads_to_its_job(client, login):
    from mobiliza.core.models import Job

    user = login("secretariat")
    job = Job.objects.create(title="Importando socios", task_path="x", started_by=user)
    with translation.override("es"):
        old = reverse("directory:import_status", args=[job.pk])
    assert client.get(old)["Location"] == job.get_absolute_url()


# --- Template ------------------------------------------------------------------------------


def test_the_template_round_trips_through_the_import(client, login):
    login("secretariat")
    response = client.get(url("partner_import_template", "en") + "?format=xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Name (Spanish)"
    values = {
        "Name (Spanish)": "Fundación Plantilla",
        "Regional or extra-regional": "Regional",
        "Source type": "donor-states",
        "Kinds of contribution": "Donation; Loans",
        "Budget from": 1000,
        "Budget up to": "2.500,50",
        "Budget currency": "eur",
        "Has forms and requirements for submitting projects": "sí",
        "Languages it accepts proposals in": "Spanish; en",
        "Contact: phone": "+502 2222 3333",
        "Contact: full name": "Ana Pérez",
    }
    sheet.append([values.get(title, "") for title in header])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = wizard.preview(client, buffer.getvalue(), language="en")
    assert preview.status_code == 200, preview.context["outcome"].bad_rows
    assert wizard.confirm(client, preview).status_code == 302

    partner = Partner.objects.get(name_es="Fundación Plantilla")
    assert partner.scope == "regional"
    assert partner.source_type.code == "donor-states"
    assert sorted(t.code for t in partner.contribution_kinds.all()) == ["donation", "loan"]
    assert str(partner.budget_max) == "2500.50"
    assert partner.budget_currency == "EUR"
    assert partner.has_submission_requirements is True
    assert partner.proposal_languages == "es,en"
    assert partner.contacts.get().phone == "+50222223333"


def test_the_csv_template_starts_with_a_bom_and_spanish_titles(client, login):
    login("secretariat")
    response = client.get(url("partner_import_template") + "?format=csv")
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").startswith("Nombre (español),")


# --- Export --------------------------------------------------------------------------------


def export(client, query: str = "format=xlsx", language: str = "es") -> list[list[Any]]:
    response = client.get(url("partner_export", language) + "?" + query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_has_the_header_in_the_readers_language_and_every_visible_row(client, login):
    login("secretariat")
    spanish = export(client)
    english = export(client, language="en")
    assert spanish[0][0] == "Nombre (español)"
    assert english[0][0] == "Name (Spanish)"
    assert len(spanish) - 1 == Partner.objects.count()
    names = [row[0] for row in spanish[1:]]
    assert "Organización Internacional para las Migraciones" in names


def test_a_partner_viewer_exports_only_its_own_partner(client, login):
    login("donor")
    rows = export(client)
    assert [row[0] for row in rows[1:]] == ["Organización Internacional para las Migraciones"]


def test_an_evaluator_export_has_no_confidential_column(client, login):
    login("evaluator")
    header = export(client)[0]
    assert "Notas confidenciales" not in header
    login("secretariat")
    assert "Notas confidenciales" in export(client)[0]


def test_a_focal_point_sees_confidential_notes_only_of_its_own_country(client, login, cast):
    Partner.objects.filter(acronym="OIM").update(confidential_notes="regional secret")
    Partner.objects.filter(name_es="Cruz Roja Guatemalteca").update(confidential_notes="GT note")
    login("focal-gt")
    rows = export(client, "format=xlsx", "en")
    column = rows[0].index("Confidential notes")
    notes = {row[0]: row[column] for row in rows[1:]}
    assert notes["Cruz Roja Guatemalteca"] == "GT note"
    assert notes["Organización Internacional para las Migraciones"] in (None, "")


def test_the_export_follows_the_list_filters(client, login):
    login("secretariat")
    rows = export(client, "format=xlsx&area=trafficking")
    expected = Partner.objects.filter(areas__code="trafficking").distinct().count()
    assert 0 < len(rows) - 1 == expected < Partner.objects.count()
    areas = rows[0].index("Aporta recursos en las áreas de")
    assert all("Trata de personas" in row[areas] for row in rows[1:])


def test_the_csv_export_is_utf8_with_a_bom(client, login):
    login("secretariat")
    response = client.get(url("partner_export") + "?format=csv&q=migraciones")
    assert response["Content-Type"].startswith("text/csv")
    body = response.getvalue()
    text = body.decode("utf-8-sig")
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Organización Internacional para las Migraciones" in text


def test_an_exported_file_imports_again(client, login, cast):
    login("secretariat")
    response = client.get(url("partner_export") + "?format=xlsx&q=migraciones")
    table = transfer.read_table(response.getvalue())
    validation = transfer.partners_validate(user=cast("secretariat"), table=table)
    assert validation.ok, [row.errors for row in validation.bad_rows]


def test_the_partner_list_offers_import_and_exports_with_its_filters(client, login, monkeypatch):
    from django.urls import resolve

    list_url = url("partner_list")
    view_class = resolve(list_url).func.view_class  # type: ignore[attr-defined]
    monkeypatch.setattr(view_class, "template_name", "directory/partner_list.html")
    login("secretariat")
    page = html.unescape(client.get(list_url + "?area=trafficking").content.decode())
    assert url("partner_import") in page
    assert url("partner_import_template") + "?format=xlsx" in page
    assert url("partner_export") + "?format=xlsx&area=trafficking" in page
    assert url("partner_export") + "?format=csv&area=trafficking" in page
    login("evaluator")
    page = client.get(list_url).content.decode()
    assert url("partner_import") not in page
    assert url("partner_export") in page


def test_the_preview_warns_of_rows_that_look_like_partners_already_in_the_directory(client, login):
    login("secretariat")
    header = ["name_es", "name_en", "acronym"]
    rows = [
        ["United Nations Office on Drugs and Crime", "", ""],
        ["Fundación Nueva Aurora", "New Dawn Foundation", "FNA"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    response = wizard.preview(client, buffer.getvalue().encode("utf-8"), "partners.csv")
    assert response.status_code == 200
    noted = response.context["noted_rows"]
    assert [row.number for row in noted] == [2]
    assert "UNODC" in noted[0].notes[0]
    assert "Oficina de las Naciones Unidas contra la Droga y el Delito" in response.content.decode()


# --- What the preview checked is what the confirm step writes ------------------------------


def test_checked_rows_come_back_with_their_links_amounts_and_countries(cast):
    header = ["name_es", "source_type", "axes", "countries", "budget_min", "budget_currency"]
    header.append("member_state")
    rows = [["Fundación Ida y Vuelta", "donor-states", "1; 2", "GT, hn", "1.500,25", "usd", "SV"]]
    preview = transfer.partners_validate(
        user=cast("secretariat"), table=transfer.read_table(xlsx_bytes(header, rows))
    )
    assert preview.ok, preview.bad_rows and preview.bad_rows[0].errors

    back = transfer.checked_rows_load(transfer.checked_rows_dump(preview))

    assert back.ok
    assert back.rows[0].number == 2
    assert back.rows[0].data == preview.rows[0].data
    created = transfer.partners_import(user=cast("secretariat"), checked=back)
    partner = Partner.objects.get(pk=created[0].pk)
    assert partner.source_type.code == "donor-states"
    assert partner.member_state.code == "SV"
    assert str(partner.budget_min) == "1500.25"
    assert sorted(country.code for country in partner.countries) == ["GT", "HN"]
    assert partner.axes.count() == 2


def test_a_source_type_deleted_between_preview_and_confirm_stops_the_import(client, login):
    from mobiliza.plan.models import SourceType

    login("secretariat")
    source = SourceType.objects.create(
        code="short-lived", name_es="Fuente pasajera", name_en="Passing source", position=99
    )
    header = ["name_es", "source_type"]
    rows = [["Fundación Efímera", "short-lived"], ["Fundación Estable", ""]]
    preview = wizard.preview(client, xlsx_bytes(header, rows))
    assert preview.status_code == 200
    source.delete()

    response = wizard.confirm(client, preview)

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert '<th scope="row">2</th>' in page
    assert "se eliminó un valor después de la vista previa" in page
    assert not Partner.objects.filter(name_es__startswith="Fundación E").exists()


def test_damaged_checked_rows_get_a_clear_message(client, login):
    from django.core.files.storage import default_storage

    from mobiliza.core.models import ImportPreview

    login("secretariat")
    rows = [["Fundación Dañada", "FD", "USD", "", "", ""]]
    preview = wizard.preview(client, xlsx_bytes(HEADER_ES, rows))
    path = ImportPreview.objects.get(pk=preview.context["preview"].pk).checked.name
    default_storage.delete(path)
    default_storage.save(path, io.BytesIO(b"{not json"))

    response = wizard.confirm(client, preview, follow=True)

    assert "no se pudieron leer" in html.unescape(response.content.decode())
    assert not Partner.objects.filter(name_es="Fundación Dañada").exists()
    with pytest.raises(transfer.TableError):
        transfer.checked_rows_load(b'{"format": 99, "rows": []}')


def test_a_number_that_reads_two_ways_is_refused_when_read_without_the_wizard(cast):
    header = ["name_es", "budget_min", "budget_max", "budget_currency"]
    rows = [["Fundación Dudosa", "250.000", "2.000.000,00", "USD"]]
    with translation.override("en"):
        preview = transfer.partners_validate(
            user=cast("secretariat"), table=transfer.read_table(xlsx_bytes(header, rows))
        )
    (bad,) = preview.bad_rows
    assert bad.errors == [
        "Budget from: “250.000” can be read two ways; write it without thousands separators, "
        "or with its decimals."
    ]
    assert preview.rows[0].data["budget_max"] == Decimal("2000000.00")
