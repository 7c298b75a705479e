"""The technical sheets of appendix 8.3, filled with a project, as DOCX and PDF.

:func:`build_sheet` gathers what a sheet says in one language ("es" or "en"): the rows of
the strategy's two-column table (the heading on the left, the project's text on the right)
of either template (``SheetTemplate``):

- ``initiative``, "Technical Sheet Initiatives/Projects" (rows A to H, "adapted from the
  Technical Sheet of CONATT");
- ``corett``, "Technical sheet for project CORETT": the proposing institution, the
  project's identity, its link with the strategic plan, its resources split into
  financial, material and human, and the financing table with the four source columns
  marked X.

:func:`render_docx` lays it out with python-docx, :func:`render_pdf` with WeasyPrint from
``portfolio/sheets/sheet_pdf.html`` (PDF/A-3b, tagged, no external file), as the
acknowledgement letters are (``agreements/letters/documents.py``, whose helpers for the
document's language and properties are reused). Narrative text is the chosen language's;
one kept only in the other language is written as it is and marked "(translation
missing)". Amounts are written by ``core.formatting.format_amount``, dates in the
language's long format; the footer names the sheet's version and the day it was made.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mobiliza.agreements.letters.documents import (
    PDF_OPTIONS,
    _letterhead_logo,
    _no_fetching,
    _set_document_language,
    _set_language,
    qn,
)
from mobiliza.core.formatting import format_amount, language_tag
from mobiliza.core.models import MissingTranslation
from mobiliza.core.spreadsheets import dated_name
from mobiliza.portfolio.choices import FinancingSource, Scope, SheetTemplate

LANGUAGES = ("es", "en")
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
EMPTY = "—"
# The sheet's headings are the strategy's own words, in the catalogue under the context
# "technical sheet" (written out at each call, where makemessages finds it).


@dataclass
class Fact:
    """A labelled line inside a row (the institution's legal number, the human resources)."""

    label: str
    value: list[str]


@dataclass
class Row:
    """One row of the sheet's table: the heading on the left, the text on the right."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    kind: str = "row"


@dataclass
class FinancingTable:
    """The CORETT sheet's financing row: the four sources, marked X, with amounts and donors."""

    heading: str
    note: str  # "(Mark with an X)"
    sources: list[str]
    marks: list[bool]
    amounts: list[str]
    donors: list[str]
    amount_label: str
    donors_label: str
    kind: str = "financing"


@dataclass
class Sheet:
    """What a technical sheet says, in one language."""

    project_id: int
    template: str
    language: str
    title: str
    subtitle: str
    project_name: str
    rows: list[Row | FinancingTable]
    version: int
    footer: str
    source_note: str = ""
    coalition: str = ""
    logo: bytes = b""
    file_label: str = ""

    @property
    def tag(self) -> str:
        return language_tag(self.language)

    @property
    def headings(self) -> list[str]:
        """Every heading the sheet shows, in order (the tests and the reader check them)."""
        found: list[str] = []
        for row in self.rows:
            found.append(row.heading)
            if isinstance(row, Row):
                found.extend(fact.label for fact in row.facts)
            else:
                found.extend(row.sources)
        return found

    @property
    def file_stem(self) -> str:
        return dated_name(f"{self.file_label}-{self.project_id}-v{self.version}-{self.language}")

    @property
    def logo_data_url(self) -> str:
        import base64

        if not self.logo:
            return ""
        kind = "png" if self.logo.startswith(b"\x89PNG") else "jpeg"
        return f"data:image/{kind};base64,{base64.b64encode(self.logo).decode()}"


def _text(value: Any) -> str:
    return str.__str__(value) if isinstance(value, str) else str(value or "")


def _narrative(value: Any) -> str:
    """A text in the sheet's language; one kept only in the other language is marked."""
    if isinstance(value, MissingTranslation):
        return "{text} ({marker})".format(text=str.__str__(value), marker=_("translation missing"))
    return _text(value)


def _paragraphs(value: Any) -> list[str]:
    """A narrative text split into its paragraphs (blank lines or line breaks)."""
    text = _text(value)
    marker = ""
    if isinstance(value, MissingTranslation):
        marker = " ({marker})".format(marker=_("translation missing"))
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    paragraphs = [line for line in lines if line]
    if marker and paragraphs:
        paragraphs[-1] += marker
    return paragraphs


def _or_empty(paragraphs: list[str]) -> list[str]:
    return paragraphs or [EMPTY]


def _date(day: datetime.date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else EMPTY


def _months(months: int | None) -> str:
    if not months:
        return EMPTY
    return ngettext("%(months)s month", "%(months)s months", months) % {"months": months}


def _executing_institution(project: Any) -> str:
    if project.executing_partner_id:
        return _text(project.executing_partner.name)
    if project.executing_body_id:
        return _text(project.executing_body.name)
    return project.executing_institution or EMPTY


def _countries(project: Any) -> list[str]:
    if project.scope == Scope.NATIONAL:
        return [_text(project.member_state.name)] if project.member_state_id else []
    return [_text(state.name) for state in project.member_states.all()]


def _financing_lines(project: Any) -> list[str]:
    """ "Donor — amount (committed / sought)", one line per financing row."""
    lines = []
    for line in project.financing.all():
        donor = _text(line.partner.name) if line.partner_id else line.get_source_display()
        amount = format_amount(line.amount, line.currency) if line.amount is not None else EMPTY
        state = (
            pgettext("financing", "committed")
            if line.confirmed
            else pgettext("financing", "sought")
        )
        lines.append(
            _("%(donor)s: %(amount)s (%(state)s)")
            % {"donor": donor, "amount": amount, "state": state}
        )
    return lines


def _amount(project: Any) -> str:
    if project.amount is None:
        return EMPTY
    return format_amount(project.amount, project.currency)


def _timeframe(project: Any) -> list[str]:
    lines = []
    if project.start_on or project.end_on:
        lines.append(
            _("From %(start)s to %(end)s")
            % {"start": _date(project.start_on), "end": _date(project.end_on)}
        )
    if project.duration_months:
        lines.append(_("Duration: %(duration)s") % {"duration": _months(project.duration_months)})
    return lines


def _associated(project: Any) -> list[str]:
    return [_text(other.name) for other in project.associated_projects.all()]


def _initiative_rows(project: Any) -> list[Row | FinancingTable]:
    axes = [_text(axis.name) for axis in project.axes.all()]
    scope = project.get_scope_display()
    countries = _countries(project)
    scope_line = f"{scope}: {', '.join(countries)}" if countries else str(scope)
    amount = [_amount(project), *_financing_lines(project)]
    description = _paragraphs(project.description)
    outcome = _paragraphs(project.expected_outcome)
    return [
        Row(pgettext("technical sheet", "A. Name of the project"), [_narrative(project.name)]),
        Row(pgettext("technical sheet", "B. Respective axis"), _or_empty(axes)),
        Row(pgettext("technical sheet", "C. Geographic scope"), [scope_line]),
        Row(
            pgettext("technical sheet", "D. Executing institution"),
            [_executing_institution(project)],
        ),
        Row(
            pgettext("technical sheet", "E. Beneficiaries of the project"),
            _or_empty(_paragraphs(project.beneficiaries)),
        ),
        Row(pgettext("technical sheet", "F. Sum of the project"), amount),
        Row(
            pgettext("technical sheet", "G. Timeframe and duration of the project"),
            _or_empty(_timeframe(project)),
        ),
        Row(
            pgettext("technical sheet", "H. Description and expected outcome of the project"),
            _or_empty(description),
            facts=[Fact(pgettext("technical sheet", "Expected outcome"), _or_empty(outcome))],
        ),
    ]


def _plan_item(item: Any) -> list[str]:
    if item is None:
        return [EMPTY]
    return [f"{item.code}. {_narrative(item.text)}"]


def _corett_rows(project: Any, coalition: str) -> list[Row | FinancingTable]:
    institution = [
        Fact(
            pgettext("technical sheet", "Name of the proposing institution / organization"),
            [project.proposer_name or EMPTY],
        ),
        Fact(
            pgettext("technical sheet", "Legal identification number"),
            [project.proposer_legal_id or EMPTY],
        ),
        Fact(
            pgettext("technical sheet", "Date of constitution of the organization"),
            [_date(project.proposer_constituted_on)],
        ),
        Fact(pgettext("technical sheet", "Exact address"), [project.proposer_address or EMPTY]),
        Fact(
            pgettext("technical sheet", "Telephone and fax number"),
            [project.proposer_phone or EMPTY],
        ),
        Fact(pgettext("technical sheet", "E-mail"), [project.proposer_email or EMPTY]),
        Fact(
            pgettext("technical sheet", "Name and qualities of the legal representative"),
            [project.legal_representative or EMPTY],
        ),
        Fact(
            pgettext(
                "technical sheet",
                "Name and qualifications of the person responsible for the project",
            ),
            [project.project_responsible or EMPTY],
        ),
    ]
    linkage = [
        Fact(pgettext("technical sheet", "Objective"), _plan_item(project.objective)),
        Fact(pgettext("technical sheet", "Activity"), _plan_item(project.activity)),
        Fact(pgettext("technical sheet", "Goal"), _plan_item(project.goal)),
    ]
    resources = [
        Fact(
            pgettext("technical sheet", "Institutional sustainability"),
            _or_empty(_paragraphs(project.sustainability)),
        ),
        Fact(
            pgettext("technical sheet", "Financial resources"),
            _or_empty(_paragraphs(project.financial_resources)),
        ),
        Fact(
            pgettext("technical sheet", "Material resources"),
            _or_empty(_paragraphs(project.material_resources)),
        ),
        Fact(
            pgettext("technical sheet", "Human resources"),
            _or_empty(_paragraphs(project.human_resources)),
        ),
    ]
    sources = list(FinancingSource)
    lines = list(project.financing.all())
    marks, amounts, donors = [], [], []
    for source in sources:
        of_source = [line for line in lines if line.source == source]
        marks.append(bool(of_source))
        by_currency: dict[str, Any] = {}
        for line in of_source:
            if line.amount is not None:
                by_currency[line.currency] = by_currency.get(line.currency, 0) + line.amount
        amounts.append(
            ", ".join(format_amount(total, code) for code, total in by_currency.items()) or ""
        )
        donors.append(", ".join(_text(line.partner.name) for line in of_source if line.partner_id))
    financing = FinancingTable(
        heading=pgettext("technical sheet", "Financing"),
        note=pgettext("technical sheet", "(Mark with an X)"),
        sources=[
            pgettext("technical sheet", "Ordinary budget"),
            pgettext("technical sheet", "NGO"),
            pgettext("technical sheet", "Cooperation agency"),
            pgettext("technical sheet", "Private/academic entity"),
        ],
        marks=marks,
        amounts=amounts,
        donors=donors,
        amount_label=pgettext("technical sheet", "Amount"),
        donors_label=pgettext("technical sheet", "Donors"),
    )
    overall = (
        format_amount(project.overall_cost, project.currency)
        if project.overall_cost is not None
        else EMPTY
    )
    return [
        Row(pgettext("technical sheet", "Institution"), facts=institution),
        Row(pgettext("technical sheet", "Name of the project"), [_narrative(project.name)]),
        Row(pgettext("technical sheet", "Localization"), _or_empty(_paragraphs(project.location))),
        Row(
            pgettext("technical sheet", "Linkage with the Strategic Plan of %(coalition)s")
            % {"coalition": coalition},
            facts=linkage,
        ),
        Row(
            pgettext("technical sheet", "Justification / problem to solve"),
            _or_empty(_paragraphs(project.justification)),
        ),
        Row(
            pgettext("technical sheet", "Description of the project"),
            _or_empty(_paragraphs(project.description)),
        ),
        Row(
            pgettext("technical sheet", "General objective"),
            _or_empty(_paragraphs(project.general_objective)),
        ),
        Row(
            pgettext("technical sheet", "Specific objectives"),
            _or_empty(_paragraphs(project.specific_objectives)),
        ),
        Row(
            pgettext("technical sheet", "Beneficiaries"),
            _or_empty(_paragraphs(project.beneficiaries)),
        ),
        Row(
            pgettext("technical sheet", "Duration of the project"),
            [_months(project.duration_months)],
        ),
        Row(
            pgettext("technical sheet", "Expected outcomes or products"),
            _or_empty(_paragraphs(project.expected_products)),
        ),
        Row(
            pgettext("technical sheet", "Resources and sustainability of the project"),
            facts=resources,
        ),
        Row(pgettext("technical sheet", "Associated projects"), _or_empty(_associated(project))),
        financing,
        Row(pgettext("technical sheet", "Overall cost"), [overall]),
    ]


def sheet_queryset() -> Any:
    """The project with everything a sheet reads, in a fixed number of queries."""
    from mobiliza.portfolio.models import Project, ProjectFinancing

    return Project.objects.select_related(
        "member_state",
        "executing_partner",
        "executing_body",
        "objective",
        "activity",
        "goal",
    ).prefetch_related(
        "axes",
        "member_states",
        "associated_projects",
        Prefetch(
            "financing", ProjectFinancing.objects.select_related("partner").order_by("source", "pk")
        ),
    )


def template_label(template: str) -> str:
    """The template's title in the active language ("Ficha técnica Iniciativas/Proyectos")."""
    if template == SheetTemplate.CORETT:
        return pgettext("technical sheet", "Technical sheet for project %(coalition)s") % {
            "coalition": _coalition_acronym()
        }
    return pgettext("technical sheet", "Technical Sheet Initiatives/Projects")


def _coalition_acronym() -> str:
    from mobiliza.coalition.models import Coalition

    coalition = Coalition.objects.order_by("pk").first()
    return coalition.acronym if coalition else ""


def build_sheet(
    project: Any,
    template: str,
    language: str,
    *,
    on: datetime.date | None = None,
    version: int | None = None,
) -> Sheet:
    """What ``project``'s sheet of ``template`` says in ``language``, made ``on`` (today by
    default), as version ``version`` (the project's current one by default)."""
    if language not in LANGUAGES:
        raise ValueError(f"Unknown sheet language: {language!r}")
    if template not in SheetTemplate.values:
        raise ValueError(f"Unknown sheet template: {template!r}")
    on = on or timezone.localdate()
    project = sheet_queryset().get(pk=project.pk)
    version = version or project.sheet_version
    acronym = _coalition_acronym()
    with translation.override(language):
        if template == SheetTemplate.CORETT:
            title = pgettext("technical sheet", "Technical sheet for project %(coalition)s") % {
                "coalition": acronym
            }
            rows = _corett_rows(project, acronym)
            source_note = ""
            file_label = pgettext("technical sheet", "technical sheet %(coalition)s") % {
                "coalition": acronym
            }
        else:
            title = pgettext("technical sheet", "Technical Sheet Initiatives/Projects")
            rows = _initiative_rows(project)
            source_note = pgettext(
                "technical sheet", "Source: Adapted from the Technical Sheet of CONATT"
            )
            file_label = pgettext("technical sheet", "technical sheet")
        footer = _("Version %(version)s · %(date)s") % {"version": version, "date": _date(on)}
        return Sheet(
            project_id=project.pk,
            template=template,
            language=language,
            title=title,
            subtitle=_narrative(project.name),
            project_name=_narrative(project.name),
            rows=rows,
            version=version,
            footer=footer,
            source_note=source_note,
            coalition=acronym,
            logo=_letterhead_logo(),
            file_label=file_label,
        )


# --- Rendering -----------------------------------------------------------------------------


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _write_lines(cell: Any, lines: list[str], *, bold_first: bool = False) -> None:
    """``lines`` as the cell's paragraphs (the cell's empty first paragraph used first)."""
    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold_first and first
        first = False


def render_docx(sheet: Sheet) -> bytes:
    """The sheet as a Word document: the title, then the template's two-column table (the
    financing row of the CORETT sheet as a table of its own), the version and date in the
    page's footer. Its properties and every run carry the sheet's language."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"  # type: ignore[attr-defined]
    style.font.size = Pt(10)  # type: ignore[attr-defined]
    _set_document_language(document, sheet.tag)
    now = timezone.now().replace(microsecond=0)
    properties = document.core_properties
    properties.title = f"{sheet.title}: {sheet.project_name}"
    properties.subject = sheet.project_name
    properties.author = sheet.coalition
    properties.last_modified_by = sheet.coalition
    properties.language = sheet.tag
    properties.created = now
    properties.modified = now
    properties.revision = sheet.version
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""

    if sheet.logo:
        document.add_picture(io.BytesIO(sheet.logo), height=Mm(15))
    if sheet.coalition:
        head = document.add_paragraph()
        head.add_run(sheet.coalition).bold = True
    document.add_heading(sheet.title, level=1)
    document.add_paragraph(sheet.subtitle)

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for row in sheet.rows:
        if isinstance(row, FinancingTable):
            _docx_financing(document, row)
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            continue
        if row.facts and not row.paragraphs:
            # A block of labelled lines: the heading spans them on the left.
            start = len(table.rows)
            for fact in row.facts:
                cells = table.add_row().cells
                _write_lines(cells[1], [fact.label], bold_first=True)
                for line in fact.value:
                    cells[1].add_paragraph(line)
            merged = table.cell(start, 0).merge(table.cell(len(table.rows) - 1, 0))
            for paragraph in merged.paragraphs[1:]:
                paragraph._element.getparent().remove(paragraph._element)
            merged.paragraphs[0].text = ""
            merged.paragraphs[0].add_run(row.heading).bold = True
            _shade(merged, "E8F3F7")
            continue
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row.heading).bold = True
        _shade(cells[0], "E8F3F7")
        _write_lines(cells[1], row.paragraphs or [EMPTY])
        for fact in row.facts:
            cells[1].add_paragraph().add_run(fact.label).bold = True
            for line in fact.value:
                cells[1].add_paragraph(line)
    for two_columns in document.tables:
        if len(two_columns.columns) == 2:
            _set_widths(two_columns, [Mm(55), Mm(115)])
    if sheet.source_note:
        note = document.add_paragraph()
        note.add_run(sheet.source_note).italic = True
    footer = section.footer.paragraphs[0]
    footer.text = sheet.footer
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in footer.runs:
        run.font.size = Pt(8)
    for part in (document.element.body, section.footer._element):
        for run_element in part.iter(qn("w:r")):
            _set_language(run_element.get_or_add_rPr(), sheet.tag)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_widths(table: Any, widths: list[Any]) -> None:
    """The columns' widths, in the table's grid (LibreOffice) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for docx_row in table.rows:
        for cell, width in zip(docx_row.cells, widths, strict=True):
            cell.width = width


def _docx_financing(document: Any, row: FinancingTable) -> None:
    """The financing row: the heading and its note, then one column per source."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=4, cols=1 + len(row.sources))
    table.style = "Table Grid"
    head = table.cell(0, 0)
    head.paragraphs[0].add_run(row.heading).bold = True
    head.add_paragraph(row.note)
    _shade(head, "E8F3F7")
    table.cell(1, 0).paragraphs[0].add_run("X").bold = True
    table.cell(2, 0).paragraphs[0].add_run(row.amount_label).bold = True
    table.cell(3, 0).paragraphs[0].add_run(row.donors_label).bold = True
    for index, source in enumerate(row.sources, start=1):
        cell = table.cell(0, index)
        cell.paragraphs[0].add_run(source).bold = True
        _shade(cell, "E8F3F7")
        table.cell(1, index).text = "X" if row.marks[index - 1] else ""
        table.cell(1, index).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        table.cell(2, index).text = row.amounts[index - 1]
        table.cell(3, index).text = row.donors[index - 1]
    from docx.shared import Mm

    # The amounts fit on one line: the five columns share the page's width equally.
    _set_widths(table, [Mm(170 / (1 + len(row.sources)))] * (1 + len(row.sources)))


def render_pdf(sheet: Sheet) -> bytes:
    """The sheet as a PDF/A-3b, tagged, from ``portfolio/sheets/sheet_pdf.html``."""
    from weasyprint import HTML

    made = timezone.now().replace(microsecond=0).isoformat()
    html = render_to_string("portfolio/sheets/sheet_pdf.html", {"sheet": sheet, "made": made})
    document = HTML(string=html, url_fetcher=_no_fetching, base_url=None)
    return document.write_pdf(**PDF_OPTIONS)  # type: ignore[no-any-return]


def render(sheet: Sheet, fmt: str) -> bytes:
    """The sheet in ``fmt`` ("docx" or "pdf")."""
    if fmt == "docx":
        return render_docx(sheet)
    if fmt == "pdf":
        return render_pdf(sheet)
    raise ValueError(f"Unknown sheet format: {fmt!r}")
