"""The technical sheets of appendix 8.3 as DOCX and PDF: both templates, in Spanish and in
English, say the project's name and amounts under every heading of the strategy's table,
mark what is left to translate, and carry their version and date."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from urllib.parse import urlencode

import docx
import pypdf
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from mobiliza.portfolio.sheets import documents
from mobiliza.portfolio.sheets.services import sheet_new_version
from mobiliza.portfolio.tests.sheets_data import (
    AMOUNT,
    DONOR_AMOUNT,
    NAME_EN,
    NAME_ES,
    OVERALL_COST,
    a_partner,
    a_project,
    with_financing,
)

MADE = datetime.datetime(2026, 12, 4, 15, 0, tzinfo=datetime.UTC)

# Every heading of each template, as the strategy writes it and as its Spanish original
# says it, written down before the code.
HEADINGS = {
    ("initiative", "en"): [
        "Technical Sheet Initiatives/Projects",
        "A. Name of the project",
        "B. Respective axis",
        "C. Geographic scope",
        "D. Executing institution",
        "E. Beneficiaries of the project",
        "F. Sum of the project",
        "G. Timeframe and duration of the project",
        "H. Description and expected outcome of the project",
        "Source: Adapted from the Technical Sheet of CONATT",
    ],
    ("initiative", "es"): [
        "Ficha técnica Iniciativas/Proyectos",
        "A. Nombre del proyecto",
        "B. Eje respectivo",
        "C. Alcance geográfico",
        "D. Institución ejecutora",
        "E. Beneficiarios del proyecto",
        "F. Monto del proyecto",
        "G. Plazo y duración del proyecto",
        "H. Descripción y resultado esperado del proyecto",
        "Fuente: Adaptado de la Ficha Técnica de la CONATT",
    ],
    ("corett", "en"): [
        "Technical sheet for project CORETT",
        "Institution",
        "Name of the proposing institution / organization",
        "Legal identification number",
        "Date of constitution of the organization",
        "Exact address",
        "Telephone and fax number",
        "E-mail",
        "Name and qualities of the legal representative",
        "Name and qualifications of the person responsible for the project",
        "Name of the project",
        "Localization",
        "Linkage with the Strategic Plan of CORETT",
        "Objective",
        "Activity",
        "Goal",
        "Justification / problem to solve",
        "Description of the project",
        "General objective",
        "Specific objectives",
        "Beneficiaries",
        "Duration of the project",
        "Expected outcomes or products",
        "Resources and sustainability of the project",
        "Institutional sustainability",
        "Financial resources",
        "Material resources",
        "Human resources",
        "Associated projects",
        "Financing",
        "(Mark with an X)",
        "Ordinary budget",
        "NGO",
        "Cooperation agency",
        "Private/academic entity",
        "Overall cost",
    ],
    ("corett", "es"): [
        "Ficha técnica de proyecto CORETT",
        "Institución",
        "Nombre de la institución u organización proponente",
        "Número de identificación jurídica",
        "Fecha de constitución de la organización",
        "Dirección exacta",
        "Número de teléfono y fax",
        "Correo electrónico",
        "Nombre y calidades del representante legal",
        "Nombre y calidades de la persona responsable del proyecto",
        "Nombre del proyecto",
        "Localización",
        "Vinculación con el Plan Estratégico de la CORETT",
        "Objetivo",
        "Actividad",
        "Meta",
        "Justificación / problema a resolver",
        "Descripción del proyecto",
        "Objetivo general",
        "Objetivos específicos",
        "Beneficiarios",
        "Duración del proyecto",
        "Resultados o productos esperados",
        "Recursos y sostenibilidad del proyecto",
        "Sostenibilidad institucional",
        "Recursos financieros",
        "Recursos materiales",
        "Recursos humanos",
        "Proyectos asociados",
        "Financiamiento",
        "(Marque con una X)",
        "Presupuesto ordinario",
        "ONG",
        "Agencia de cooperación",
        "Entidad privada/académica",
        "Costo global",
    ],
}
NAMES = {"es": NAME_ES, "en": NAME_EN}
# The dates in each language's long format.
DATES = {
    "es": ("1 de enero de 2027", "4 de diciembre de 2026"),
    "en": ("1 January 2027", "4 December 2026"),
}
VERSION = {"es": "Versión", "en": "Version"}
CASES = sorted(HEADINGS)


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def project(secretariat):
    project = a_project(secretariat)
    with_financing(secretariat, project, a_partner(secretariat))
    return project


def sheet_url(project, fmt: str, **query: str) -> str:
    url = reverse(f"portfolio:sheet_{fmt}", args=[project.pk])
    return f"{url}?{urlencode(query)}" if query else url


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


def read(fmt: str, content: bytes) -> str:
    return one_line(docx_text(content) if fmt == "docx" else pdf_text(content))


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize(("template", "language"), CASES)
def test_the_sheet_says_the_name_the_amounts_and_every_heading_of_its_template(
    client, login, project, template, language, fmt
):
    login("secretariat")
    with time_machine.travel(MADE, tick=False):
        response = client.get(sheet_url(project, fmt, template=template, language=language))
    assert response.status_code == 200
    assert response["Content-Type"] == documents.FORMATS[fmt]
    text = read(fmt, response.content)
    # A PDF's text may break a heading's line after its slash: compare without spaces.
    squeezed = text.replace(" ", "")
    missing = [
        heading
        for heading in HEADINGS[(template, language)]
        if heading.replace(" ", "") not in squeezed
    ]
    assert missing == []
    assert NAMES[language] in text
    assert AMOUNT in text if template == "initiative" else OVERALL_COST in text
    assert DONOR_AMOUNT in text
    assert "Fondo Solidario" in text if language == "es" else "Solidarity Fund" in text
    assert f"{VERSION[language]} 1 · {DATES[language][1]}" in text


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_initiative_sheet_writes_its_dates_in_the_language_s_long_format(project, language):
    sheet = documents.build_sheet(project, "initiative", language)
    text = one_line(docx_text(documents.render_docx(sheet)))
    assert DATES[language][0] in text


def test_the_corett_sheet_marks_the_financing_sources_with_an_x(project):
    sheet = documents.build_sheet(project, "corett", "en")
    financing = next(row for row in sheet.rows if isinstance(row, documents.FinancingTable))
    assert dict(zip(financing.sources, financing.marks, strict=True)) == {
        "Ordinary budget": True,
        "NGO": False,
        "Cooperation agency": True,
        "Private/academic entity": False,
    }
    assert financing.amounts[2] == DONOR_AMOUNT
    assert financing.donors[2] == "Solidarity Fund"


def test_a_text_kept_only_in_the_other_language_is_written_and_marked(project):
    # The project's expected outcome is written in Spanish only.
    english = one_line(
        docx_text(documents.render_docx(documents.build_sheet(project, "initiative", "en")))
    )
    assert "Tres albergues funcionando. (translation missing)" in english
    spanish = one_line(
        docx_text(documents.render_docx(documents.build_sheet(project, "initiative", "es")))
    )
    assert "Tres albergues funcionando." in spanish
    assert "(translation missing)" not in spanish and "(falta la traducción)" not in spanish


def test_a_new_version_of_the_sheet_is_kept_in_the_history_and_in_the_footer(
    client, login, project
):
    secretariat = login("secretariat")
    sheet_new_version(secretariat, project)
    project.refresh_from_db()
    assert project.sheet_version == 2
    latest = project.history.order_by("-history_id").first()
    assert latest.sheet_version == 2 and latest.history_user == secretariat
    with time_machine.travel(MADE, tick=False):
        response = client.get(sheet_url(project, "pdf", language="en"))
    assert "Version 2 · 4 December 2026" in read("pdf", response.content)


def test_the_new_version_button_raises_the_version_for_who_may_change_the_project(
    client, login, project
):
    login("focal-gt")
    response = client.post(
        reverse("portfolio:sheet_new_version", args=[project.pk]), {"version": project.version}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.sheet_version == 2


def test_another_country_s_focal_point_may_not_start_a_new_version(client, login, project):
    login("focal-sv")
    response = client.post(
        reverse("portfolio:sheet_new_version", args=[project.pk]), {"version": project.version}
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.sheet_version == 1


def test_the_sheet_is_in_the_reader_s_language_unless_asked_and_named_in_it(client, login, project):
    login("secretariat")
    with translation.override("en"):
        english_url = sheet_url(project, "docx")
    with time_machine.travel(MADE, tick=False):
        response = client.get(english_url)
    assert english_url.startswith("/en/")
    assert "A. Name of the project" in read("docx", response.content)
    assert 'filename="technical-sheet-' in response["Content-Disposition"]
    with translation.override("es"):
        spanish_url = sheet_url(project, "docx", template="corett")
    response = client.get(spanish_url)
    assert "Nombre del proyecto" in read("docx", response.content)
    assert "ficha-técnica-corett-" in response["Content-Disposition"] or (
        "ficha-t%C3%A9cnica-corett-" in response["Content-Disposition"]
    )


def test_an_unknown_template_language_or_format_is_not_found(client, login, project):
    login("secretariat")
    assert client.get(sheet_url(project, "pdf", template="other")).status_code == 404
    assert client.get(sheet_url(project, "pdf", language="fr")).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("donor", 403),  # a partner viewer reads no project
        ("focal-gt", 200),  # the project's own country
        ("focal-sv", 200),  # another country's focal point reads the portfolio
        ("evaluator", 200),
    ],
)
def test_who_may_download_a_sheet(client, login, project, who, status):
    login(who)
    assert client.get(sheet_url(project, "docx", language="es")).status_code == status


def test_signed_out_readers_are_sent_to_log_in(client, project):
    response = client.get(sheet_url(project, "pdf"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_libreoffice_opens_the_docx_sheet_as_written(client, login, project, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    login("secretariat")
    source = tmp_path / "ficha.docx"
    source.write_bytes(
        client.get(sheet_url(project, "docx", template="corett", language="es")).content
    )
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
    )
    converted = tmp_path / "ficha.pdf"
    assert converted.exists(), done.stderr.decode(errors="replace")
    text = one_line(pdf_text(converted.read_bytes()))
    assert NAME_ES in text
    assert OVERALL_COST in text
    assert "Vinculación con el Plan Estratégico de la CORETT" in text


@pytest.mark.parametrize(("language", "tag"), [("es", "es-GT"), ("en", "en")])
def test_the_documents_declare_the_sheet_s_language(project, language, tag):
    sheet = documents.build_sheet(project, "corett", language)
    word = docx.Document(io.BytesIO(documents.render_docx(sheet)))
    assert word.core_properties.language == tag
    runs = word.element.body.iter(documents.qn("w:r"))
    assert {
        run.find(documents.qn("w:rPr")).find(documents.qn("w:lang")).get(documents.qn("w:val"))
        for run in runs
    } == {tag}
    pdf = pypdf.PdfReader(io.BytesIO(documents.render_pdf(sheet)))
    assert pdf.trailer["/Root"]["/Lang"] == tag
    assert NAMES[language] in pdf.metadata.title


def test_a_new_version_of_the_sheet_starts_its_checklist_from_the_last_ones_answers(login):
    from mobiliza.portfolio.checklist.models import ChecklistAnswer
    from mobiliza.portfolio.tests.checklist_helpers import a_project, answer_all

    secretariat = login("secretariat")
    project = a_project("GT")
    answer_all(project, but=2)
    sheet_new_version(secretariat, project)

    carried = ChecklistAnswer.objects.filter(project=project, sheet_version=2)
    assert carried.count() == 18
    assert ChecklistAnswer.objects.filter(project=project, sheet_version=1).count() == 18
