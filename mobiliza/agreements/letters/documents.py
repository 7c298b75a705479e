"""Letters that thank a partner for a contribution (step 4, "Acknowledge contributions").

:func:`build_letter` gathers what a letter says, in Spanish, English, or both (``es-en``:
the Spanish text, then the English one, in the same document); :func:`render_docx` and
:func:`render_pdf` lay it out as a Word document (python-docx) or a PDF (WeasyPrint,
from ``agreements/letter_pdf.html``, with no external file: the fonts are the system's
DejaVu, else any sans-serif).

The letter is signed by the pro tempore presidency in office on the letter's date: the
principal representative of that member state's national body, when there is one.

Who may have a letter: it names the partner's contact person, so only those who may read
the contribution's confidential data (the managers, the focal point of its own country)
and the partner's own viewers (see :func:`letter_readable`).
"""

from __future__ import annotations

import base64
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mobiliza.agreements.choices import ContributionStatus
from mobiliza.agreements.models import Contribution
from mobiliza.core.formatting import format_amount, language_tag
from mobiliza.core.models import MissingTranslation
from mobiliza.core.money import reporting_currency
from mobiliza.core.permissions import actor_for, can, can_read_confidential
from mobiliza.directory.wording import greeting, partner_article, with_article

LANGUAGES = ("es", "en", "es-en")


@dataclass
class Fact:
    label: str
    value: str


@dataclass
class LetterSection:
    """The whole letter in one language."""

    language: str
    title: str
    partner: str
    place_date: str  # "Ciudad de Guatemala, 3 de diciembre de 2026"
    coalition_name: str  # the letterhead's full name, in this language
    reference_line: str  # "Ref.: CORETT/ST/2026/0012", or empty on a draft
    recipient_lines: list[str]
    salutation: str
    paragraphs: list[str]
    facts: list[Fact]
    closing: str
    signature_lines: list[str]

    @property
    def tag(self) -> str:
        """The language's tag in the document (``es-GT``, ``en``)."""
        return language_tag(self.language)


@dataclass
class Letter:
    """What an acknowledgement letter says, in one or two languages."""

    contribution_id: int
    language: str  # "es", "en" or "es-en"
    coalition: str  # the acronym: the letterhead
    partner_name: str
    contact_name: str
    contact_email: str
    amount: str  # formatted in the letter's first language
    sections: list[LetterSection] = field(default_factory=list)
    reference: str = ""  # the acknowledgement's number; empty on a draft
    city: str = ""
    address_lines: list[str] = field(default_factory=list)  # the Secretariat's address
    logo: bytes = b""  # the letterhead's image (PNG or JPEG), when one is configured

    @property
    def logo_data_url(self) -> str:
        """The logo inlined in the PDF's HTML (which fetches no file)."""
        if not self.logo:
            return ""
        kind = "png" if self.logo.startswith(b"\x89PNG") else "jpeg"
        return f"data:image/{kind};base64,{base64.b64encode(self.logo).decode()}"

    @property
    def file_stem(self) -> str:
        return f"acknowledgement-{self.contribution_id}-{self.language}"

    @property
    def title(self) -> str:
        return " / ".join(section.title for section in self.sections)

    @property
    def subject(self) -> str:
        """What the letter is about, for the document's properties."""
        return " / ".join(f"{section.title}: {section.partner}" for section in self.sections)

    @property
    def tag(self) -> str:
        """The tag of the document's (first) language."""
        return self.sections[0].tag


def letter_readable(user: Any, contribution: Contribution) -> bool:
    """May ``user`` have the letter of ``contribution`` (it names the partner's contact)?"""
    if not can(user, "view", contribution):
        return False
    if can_read_confidential(user, contribution):
        return True
    actor = actor_for(user)
    # A partner's own staff read their own contributions (``can`` checked the partner).
    return actor.only_partner_viewer


def first_contact(contribution: Contribution) -> Any:
    """The partner's first active contact (the longest known), or None."""
    if contribution.partner_id is None:
        return None
    return contribution.partner.contacts.filter(is_active=True).order_by("pk").first()  # type: ignore[union-attr]


def _signatory(on: datetime.date) -> dict[str, Any]:
    from mobiliza.coalition.choices import RepresentativeRole
    from mobiliza.coalition.models import NationalBody, PresidencyTerm, Representative

    term = (
        PresidencyTerm.objects.select_related("member_state")
        .filter(start_date__lte=on, end_date__gte=on)
        .first()
    )
    if term is None:
        return {"state": None, "person": None, "body": None}
    body = NationalBody.objects.filter(member_state=term.member_state).first()
    person = None
    if body is not None:
        in_office = Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))
        people = Representative.objects.filter(
            in_office,
            national_body=body,
            role__in=[RepresentativeRole.PRINCIPAL, RepresentativeRole.ALTERNATE],
        ).order_by("start_date", "pk")
        # The principal representative signs; the alternate when there is none.
        ranked = sorted(people, key=lambda p: p.role != RepresentativeRole.PRINCIPAL)
        person = ranked[0] if ranked else None
    return {"state": term.member_state, "person": person, "body": body}


def _text(value: Any) -> str:
    """A translated field as plain text (a missing translation shows the other language)."""
    return str.__str__(value) if isinstance(value, str) else str(value or "")


def _narrative(value: Any) -> str:
    """A narrative text in the letter's language; one kept only in the other language is
    written as it is, marked, so the sender sees what to translate before sending."""
    if isinstance(value, MissingTranslation):
        return "{text} [{marker}]".format(text=str.__str__(value), marker=_("translation missing"))
    return _text(value)


def _dated(contribution: Contribution) -> tuple[str, datetime.date]:
    if contribution.status == ContributionStatus.RECEIVED and contribution.received_on:
        return "received", contribution.received_on
    if contribution.status == ContributionStatus.COMMITTED and contribution.committed_on:
        return "committed", contribution.committed_on
    return "pledged", contribution.pledged_on or contribution.value_date


def _section(
    contribution: Contribution,
    language: str,
    *,
    coalition: Any,
    contact: Any,
    signatory: dict[str, Any],
    on: datetime.date,
    city: str,
    reference: str,
) -> LetterSection:
    with translation.override(language):
        coalition_name = _text(coalition.name) if coalition else _("the coalition")
        acronym = coalition.acronym if coalition else ""
        partner = contribution.partner
        if partner is not None:
            partner_name = _text(partner.name)
            article = partner_article(partner, language)
        elif contribution.member_state is not None:
            partner_name = _text(contribution.member_state.name)
            article = ""  # a member state: "agradecemos a Guatemala"
        else:
            partner_name = ""
            article = ""
        # The partner's name in the sentence: "the Office" / "a la Oficina", "al Fondo".
        names = {
            "the_partner": with_article(partner_name, article, language=language),
            "to_the_partner": with_article(
                partner_name,
                article,
                language=language,
                preposition="a" if language == "es" else "",
            ),
            "of_the_partner": with_article(
                partner_name,
                article,
                language=language,
                preposition="de" if language == "es" else "",
            ),
        }
        recipient_lines = []
        if contact is not None:
            recipient_lines.append(contact.full_name)
            if contact.title:
                recipient_lines.append(contact.title)
        recipient_lines.append(partner_name)
        if contact is not None and contact.email:
            recipient_lines.append(contact.email)
        if contact is not None:
            salutation = greeting(contact, language)
        else:
            # Translators: {of_the_partner} is the partner's name after "de" with its
            # article ("de la Oficina…", "del Fondo…"); in English it has only its article.
            salutation = _("Dear friends of {of_the_partner},").format(**names)

        how, day = _dated(contribution)
        values = {
            **names,
            "coalition": coalition_name,
            "acronym": acronym,
            "description": _narrative(contribution.description),
            "date": date_format(day, "DATE_FORMAT"),
        }
        # Translators: {to_the_partner} is the partner's name after "a" with its article
        # ("a la Oficina…", "al Fondo…"); in English it has only its article.
        if how == "received":
            opening = _(
                "On behalf of the {coalition} ({acronym}), we thank {to_the_partner} for its "
                "contribution “{description}”, received on {date}."
            )
        elif how == "committed":
            opening = _(
                "On behalf of the {coalition} ({acronym}), we thank {to_the_partner} for its "
                "contribution “{description}”, committed on {date}."
            )
        else:
            opening = _(
                "On behalf of the {coalition} ({acronym}), we thank {to_the_partner} for its "
                "contribution “{description}”, pledged on {date}."
            )
        paragraphs = [
            opening.format(**values),
            _(
                "This support strengthens the joint work of our member states against "
                "trafficking in persons and smuggling of migrants. We will keep you informed "
                "of how it is used and of the results it helps to achieve."
            ),
            _("Please accept the assurances of our highest consideration."),
        ]

        amount = format_amount(contribution.amount, contribution.currency)
        facts = [
            Fact(_("Contribution"), _narrative(contribution.description)),
            Fact(_("Kind of resource"), _text(contribution.kind.name)),
        ]
        if contribution.category_id:
            facts.append(Fact(_("Category"), _text(contribution.category.name)))  # type: ignore[union-attr]
        if contribution.people:
            facts.append(Fact(_("Number of people"), str(contribution.people)))
        if contribution.quantity is not None:
            quantity = f"{contribution.quantity.normalize():f} {contribution.unit}".strip()
            facts.append(Fact(_("Quantity"), quantity))
        label = _("Amount") if contribution.kind.code == "financial" else _("Value")
        facts.append(Fact(label, amount))
        target = contribution.reporting_currency or reporting_currency()
        if contribution.currency != target and contribution.amount_reporting is not None:
            facts.append(
                Fact(
                    _("Equivalent in %(currency)s") % {"currency": target},
                    format_amount(contribution.amount_reporting, target),
                )
            )
        if contribution.agreement_id:
            agreement = contribution.agreement
            title = agreement.title  # type: ignore[union-attr]
            if agreement.reference:  # type: ignore[union-attr]
                title = f"{title} ({agreement.reference})"  # type: ignore[union-attr]
            facts.append(Fact(_("Agreement"), title))
        facts.append(Fact(_("Date"), date_format(day, "DATE_FORMAT")))

        state, person, body = signatory["state"], signatory["person"], signatory["body"]
        signature_lines = []
        if person is not None:
            signature_lines.append(person.full_name)
            if person.position_title:
                signature_lines.append(person.position_title)
        if body is not None:
            signature_lines.append(_text(body.name))
        if state is not None:
            signature_lines.append(
                _("Pro tempore presidency of %(coalition)s, %(state)s")
                % {"coalition": acronym or coalition_name, "state": _text(state.name)}
            )
        else:
            signature_lines.append(
                _("Pro tempore presidency of %(coalition)s")
                % {"coalition": acronym or coalition_name}
            )
        when = date_format(on, "DATE_FORMAT")
        return LetterSection(
            language=language,
            title=_("Acknowledgement of contribution"),
            partner=partner_name,
            place_date=_("{city}, {date}").format(city=city, date=when) if city else when,
            coalition_name=coalition_name,
            reference_line=_("Ref.: {reference}").format(reference=reference) if reference else "",
            recipient_lines=[line for line in recipient_lines if line],
            salutation=salutation,
            paragraphs=paragraphs,
            facts=facts,
            closing=_("Yours sincerely,"),
            signature_lines=signature_lines,
        )


def default_city() -> str:
    """The city letters are dated in unless the sender names another (the settings')."""
    return settings.MOBILIZA_LETTER_CITY


def _letterhead_logo() -> bytes:
    path = settings.MOBILIZA_LETTERHEAD_LOGO
    if not path:
        return b""
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""  # a letter without its logo rather than no letter


def build_letter(
    contribution: Contribution,
    language: str,
    *,
    on: datetime.date | None = None,
    city: str | None = None,
    reference: str = "",
) -> Letter:
    """What the letter thanking for ``contribution`` says, in ``language`` ("es", "en" or
    "es-en"), dated ``on`` (today by default) in ``city`` (the configured one by default),
    numbered ``reference`` (an acknowledgement's; none on a draft). A fixed number of
    queries."""
    from mobiliza.coalition.models import Coalition

    if language not in LANGUAGES:
        raise ValueError(f"Unknown letter language: {language!r}")
    on = on or timezone.localdate()
    city = default_city() if city is None else city
    contribution = Contribution.objects.select_related(
        "kind", "category", "partner", "member_state", "agreement"
    ).get(pk=contribution.pk)
    coalition = Coalition.objects.first()
    contact = first_contact(contribution)
    signatory = _signatory(on)
    languages = ["es", "en"] if language == "es-en" else [language]
    sections = [
        _section(
            contribution,
            code,
            coalition=coalition,
            contact=contact,
            signatory=signatory,
            on=on,
            city=city,
            reference=reference,
        )
        for code in languages
    ]
    amount = format_amount(contribution.amount, contribution.currency, language=languages[0])
    return Letter(
        contribution_id=contribution.pk,
        language=language,
        coalition=coalition.acronym if coalition else "",
        partner_name=sections[0].partner,
        contact_name=contact.full_name if contact else "",
        contact_email=contact.email if contact else "",
        amount=amount,
        sections=sections,
        reference=reference,
        city=city,
        address_lines=[
            line.strip()
            for line in settings.MOBILIZA_SECRETARIAT_ADDRESS.split("|")
            if line.strip()
        ],
        logo=_letterhead_logo(),
    )


# --- Rendering -----------------------------------------------------------------------------


def render_docx(letter: Letter) -> bytes:
    """The letter as a Word document: each language's text in turn, on the same letter.

    Its properties say what it is (title, subject, author, language, made now), and every
    run of text carries its language (``w:lang``), so Word checks the Spanish spelling as
    Spanish and a screen reader reads each part in its own voice.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"  # type: ignore[attr-defined]
    style.font.size = Pt(10.5)  # type: ignore[attr-defined]
    _set_document_language(document, letter.tag)
    now = timezone.now().replace(microsecond=0)
    properties = document.core_properties
    properties.title = letter.title
    properties.subject = letter.subject
    properties.author = letter.coalition
    properties.last_modified_by = letter.coalition
    properties.language = letter.tag
    properties.created = now
    properties.modified = now
    properties.revision = 1
    properties.comments = ""  # the template's "generated by python-docx"
    properties.keywords = ""
    properties.category = ""
    body = document.element.body
    for index, section in enumerate(letter.sections):
        before = set(body)
        if index:
            document.add_page_break()  # the next language starts on a page of its own
        # The letterhead: the logo, the coalition's acronym and name, the Secretariat's
        # address; then the reference number and the city and date.
        if letter.logo:
            document.add_picture(io.BytesIO(letter.logo), height=Mm(18))
        head = document.add_paragraph()
        head.add_run(letter.coalition).bold = True
        if section.coalition_name:
            head.add_run().add_break()
            head.add_run(section.coalition_name)
        for line in letter.address_lines:
            head.add_run().add_break()
            head.add_run(line).font.size = Pt(8.5)
        if section.reference_line:
            document.add_paragraph(section.reference_line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        document.add_paragraph(section.place_date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        recipient = document.add_paragraph()
        for number, line in enumerate(section.recipient_lines):
            run = recipient.add_run(line)
            if number < len(section.recipient_lines) - 1:
                run.add_break()
        document.add_heading(section.title, level=1)
        document.add_paragraph(section.salutation)
        document.add_paragraph(section.paragraphs[0])
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for fact in section.facts:
            cells = table.add_row().cells
            cells[0].text = fact.label
            cells[0].paragraphs[0].runs[0].bold = True
            cells[1].text = fact.value
        for paragraph in section.paragraphs[1:]:
            document.add_paragraph(paragraph)
        document.add_paragraph(section.closing)
        document.add_paragraph()
        signature = document.add_paragraph()
        for number, line in enumerate(section.signature_lines):
            run = signature.add_run(line)
            run.bold = number == 0
            if number < len(section.signature_lines) - 1:
                run.add_break()
        for element in body:
            if element not in before:  # this language's paragraphs and table
                for run_element in element.iter(qn("w:r")):
                    _set_language(run_element.get_or_add_rPr(), section.tag)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)  # type: ignore[no-any-return]


def _set_language(properties: Any, tag: str) -> None:
    """Set ``w:lang`` of a run's (or the defaults') properties to ``tag``.

    Appended last, where the schema puts it: only elements Mobiliza never writes
    (``w:eastAsianLayout``, ``w:specVanish``, ``w:oMath``) may follow it."""
    from docx.oxml import OxmlElement

    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def _set_document_language(document: Any, tag: str) -> None:
    """The language of the document's defaults and theme fonts (the template says en-US)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
        if properties is not None:
            _set_language(properties, tag)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), tag)


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The template needs no file: refuse anything it might ask for (no network, no disk);
    # the logo comes inlined as a data: address.
    if url.startswith("data:image/"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url)  # type: ignore[no-any-return]
    raise ValueError(f"Letters load no external resources ({url}).")


# The PDF a letter is kept as: archival PDF/A-3b (fonts embedded, sRGB output intent, XMP
# metadata), tagged, with its language (see docs/documents.md for why not PDF/UA-1).
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


def render_pdf(letter: Letter) -> bytes:
    """The letter as a PDF, from ``agreements/letter_pdf.html``, with no external asset:
    PDF/A-3b and tagged, with its language, title, author, subject and dates."""
    from weasyprint import HTML

    made = timezone.now().replace(microsecond=0).isoformat()
    html = render_to_string("agreements/letter_pdf.html", {"letter": letter, "made": made})
    document = HTML(string=html, url_fetcher=_no_fetching, base_url=None)
    return document.write_pdf(**PDF_OPTIONS)  # type: ignore[no-any-return]
