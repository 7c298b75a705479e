"""Acknowledgement letters (step 4): the DOCX and PDF say the right things in the right
languages, sending one is recorded with who, when and to whom, and only those who may
read the contribution's contact get the letter."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import docx
import pypdf
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mobiliza.agreements.letters import documents as letters
from mobiliza.agreements.models import Acknowledgement, Contribution
from mobiliza.coalition.models import Coalition, MemberState, PresidencyTerm, Representative
from mobiliza.core.models import ExchangeRate
from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.plan.models import ResourceKind

D = Decimal
DAY = datetime.date(2013, 4, 30)
# The currency's code first, then the digits as each language writes them.
AMOUNT_ES = "MXN\xa01,000,000.01"  # as the member states write it
AMOUNT_EN = "MXN\xa01,000,000.01"


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def partner(secretariat) -> Partner:
    return record_create(
        user=secretariat,
        model=Partner,
        data={"name_es": "Fundación Agradecida", "name_en": "Grateful Foundation"},
    )


@pytest.fixture
def contact(secretariat, partner) -> Contact:
    record_create(
        user=secretariat,
        model=Contact,
        data={"partner": partner, "full_name": "Zoila Antigua", "is_active": False},
    )
    return record_create(
        user=secretariat,
        model=Contact,
        data={
            "partner": partner,
            "full_name": "Ana Beatriz Contreras",
            "title": "Directora de Programas",
            "email": "ana@fundacion.example.org",
            "language": "en",
        },
    )


def honduras_contribution(user: Any, partner: Partner, **data: Any) -> Contribution:
    ExchangeRate.objects.get_or_create(
        date=DAY, currency="MXN", reporting_currency="USD", defaults={"rate": D("0.0586")}
    )
    values = {
        "kind": ResourceKind.objects.get(code="financial"),
        "partner": partner,
        "member_state": MemberState.objects.get(code="HN"),
        "description_es": "Fondo para albergues de víctimas",
        "amount": D("1000000.01"),
        "currency": "MXN",
        "value_date": DAY,
        "status": "received",
        "received_on": DAY,
        **data,
    }
    return record_create(user=user, model=Contribution, data=values)


@pytest.fixture
def contribution(secretariat, partner, contact) -> Contribution:
    return honduras_contribution(secretariat, partner)


def letter_url(contribution: Contribution, fmt: str, language: str | None = "es-en") -> str:
    url = reverse("agreements:acknowledgement_letter", args=[contribution.pk, fmt])
    return f"{url}?language={language}" if language else url


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- What the letter says ----------------------------------------------------------------


def test_the_docx_in_both_languages_names_partner_contact_and_amount(client, login, contribution):
    login("secretariat")
    response = client.get(letter_url(contribution, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"acknowledgement-{contribution.pk}-es-en.docx" in response["Content-Disposition"]
    text = docx_text(response.content)
    coalition = Coalition.objects.get()
    # Spanish first, then English, in the same document.
    assert text.index(coalition.name_es) < text.index(coalition.name_en)
    assert "Fundación Agradecida" in text and "Grateful Foundation" in text
    assert "Ana Beatriz Contreras" in text and "Directora de Programas" in text
    assert "Zoila Antigua" not in text  # an inactive contact is not written to
    assert AMOUNT_ES in text and AMOUNT_EN in text
    assert "30 de abril de 2013" in text and "30 April 2013" in text
    assert "Fondo para albergues de víctimas" in text
    for language in ("es", "en"):
        with translation.override(language):
            assert gettext("Acknowledgement of contribution") in text


def test_libreoffice_opens_the_docx_letter_as_written(client, login, contribution, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    login("secretariat")
    source = tmp_path / "carta.docx"
    source.write_bytes(client.get(letter_url(contribution, "docx")).content)
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
    )
    converted = tmp_path / "carta.txt"
    assert converted.exists(), done.stderr.decode(errors="replace")
    text = converted.read_text(encoding="utf-8-sig")
    assert "Fundación Agradecida" in text and "Grateful Foundation" in text
    assert AMOUNT_ES in text and AMOUNT_EN in text
    assert "30 de abril de 2013" in text and "30 April 2013" in text


def test_the_pdf_in_both_languages_can_be_read_back(client, login, contribution):
    login("secretariat")
    response = client.get(letter_url(contribution, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = one_line(pdf_text(response.content))
    assert "Fundación Agradecida" in text and "Grateful Foundation" in text
    assert "Ana Beatriz Contreras" in text
    assert one_line(AMOUNT_ES) in text.replace("\xa0", " ")
    assert one_line(AMOUNT_EN) in text.replace("\xa0", " ")
    assert "30 de abril de 2013" in text and "30 April 2013" in text


def test_a_letter_in_one_language_holds_only_that_language(client, login, contribution):
    login("secretariat")
    spanish = docx_text(client.get(letter_url(contribution, "docx", "es")).content)
    english = one_line(pdf_text(client.get(letter_url(contribution, "pdf", "en")).content))
    # Amounts are written alike in both languages (the region's style): the names differ.
    assert AMOUNT_ES in spanish and AMOUNT_ES == AMOUNT_EN
    assert "Fundación Agradecida" in spanish and "Grateful Foundation" not in spanish
    assert one_line(AMOUNT_EN) in english.replace("\xa0", " ") and "30 de abril" not in english
    assert "Grateful Foundation" in english


def test_without_a_language_the_letter_is_in_both(client, login, contribution):
    login("secretariat")
    response = client.get(letter_url(contribution, "docx", None))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert AMOUNT_ES in text and AMOUNT_EN in text


@pytest.mark.parametrize(("fmt", "language"), [("odt", "es"), ("pdf", "fr"), ("docx", "es-fr")])
def test_unknown_formats_and_languages_are_not_found(client, login, contribution, fmt, language):
    login("secretariat")
    assert client.get(letter_url(contribution, fmt, language)).status_code == 404


def test_the_letter_is_signed_by_the_presidency_in_office(secretariat, contribution):
    panama = MemberState.objects.get(code="PA")
    PresidencyTerm.objects.create(
        member_state=panama,
        start_date=datetime.date(2031, 1, 1),
        end_date=datetime.date(2031, 12, 31),
    )
    on = datetime.date(2031, 3, 1)
    letter = letters.build_letter(contribution, "en", on=on)
    (section,) = letter.sections
    signature = " ".join(section.signature_lines)
    with translation.override("en"):
        assert str.__str__(panama.name) in signature or panama.name_es in signature
    principal = (
        Representative.objects.filter(
            national_body__member_state=panama, role="principal", start_date__lte=on
        )
        .exclude(end_date__lt=on)
        .first()
    )
    if principal is not None:
        assert section.signature_lines[0] == principal.full_name
    assert section.place_date == "Ciudad de Guatemala, 1 March 2031"  # the configured city


def test_a_letter_without_a_contact_is_addressed_to_the_partner(secretariat, partner):
    contribution = honduras_contribution(secretariat, partner)
    letter = letters.build_letter(contribution, "es")
    assert letter.contact_name == ""
    assert letter.sections[0].recipient_lines == ["Fundación Agradecida"]
    assert "Fundación Agradecida" in letter.sections[0].salutation


def test_goods_and_people_are_described_with_their_value(secretariat, partner, contact):
    goods = honduras_contribution(
        secretariat,
        partner,
        kind=ResourceKind.objects.get(code="goods-services"),
        quantity=D("3"),
        unit="computadoras",
        amount=D("45000.00"),
    )
    text = docx_text(letters.render_docx(letters.build_letter(goods, "es")))
    assert "3 computadoras" in text and "MXN\xa045,000.00" in text


# --- Who may have the letter -------------------------------------------------------------


def test_the_focal_point_of_the_contributions_country_gets_the_letter(client, login, contribution):
    login("focal-hn")
    assert client.get(letter_url(contribution, "pdf")).status_code == 200


def test_a_focal_point_of_another_country_cannot_get_a_honduras_letter(client, login, contribution):
    login("focal-gt")
    assert client.get(letter_url(contribution, "docx")).status_code == 404
    assert client.get(letter_url(contribution, "pdf", "es")).status_code == 404


@pytest.mark.parametrize("name", ["evaluator", "donor"])
def test_others_who_may_not_read_the_contact_get_no_letter(client, login, contribution, name):
    login(name)
    assert client.get(letter_url(contribution, "pdf")).status_code == 404


def test_a_partner_viewer_gets_the_letter_of_its_own_partners_contribution(client, login, cast):
    own_partner = cast("donor").memberships.get().partner
    contribution = honduras_contribution(cast("secretariat"), own_partner)
    login("donor")
    assert client.get(letter_url(contribution, "docx")).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, contribution):
    response = client.get(letter_url(contribution, "pdf"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- Recording that the letter was sent --------------------------------------------------


def add_url(contribution: Contribution) -> str:
    return reverse("agreements:acknowledgement_add") + f"?contribution={contribution.pk}"


def test_the_form_is_pre_filled_with_the_first_active_contact(client, login, contribution, contact):
    login("secretariat")
    response = client.get(add_url(contribution))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["recipient"] == "Ana Beatriz Contreras"
    assert initial["recipient_email"] == "ana@fundacion.example.org"
    assert initial["contact"] == contact.pk
    assert initial["language"] == "en"  # the contact's language
    assert letter_url(contribution, "pdf", "es-en") in response.content.decode()


def test_recording_a_sending_keeps_who_when_and_to_whom(client, login, contribution, contact):
    user = login("focal-hn")
    response = client.post(
        add_url(contribution),
        {
            "sent_on": "2013-05-06",
            "recipient": "Ana Beatriz Contreras",
            "recipient_email": "ana@fundacion.example.org",
            "contact": contact.pk,
            "language": "es-en",
        },
    )
    assert response.status_code == 302
    acknowledgement = Acknowledgement.objects.get(contribution=contribution)
    assert response["Location"] == acknowledgement.get_absolute_url()
    assert acknowledgement.sent_by == user
    assert acknowledgement.sent_on == datetime.date(2013, 5, 6)
    assert acknowledgement.recipient == "Ana Beatriz Contreras"
    assert acknowledgement.recipient_email == "ana@fundacion.example.org"
    assert acknowledgement.contact == contact
    assert acknowledgement.language == "es-en"
    assert acknowledgement.history.get().history_user == user  # type: ignore[attr-defined]
    page = client.get(acknowledgement.get_absolute_url())
    assert page.status_code == 200
    assert "Ana Beatriz Contreras" in page.content.decode()


def test_a_sending_needs_a_recipient(client, login, contribution):
    login("secretariat")
    response = client.post(add_url(contribution), {"sent_on": "2013-05-06", "language": "es"})
    assert response.status_code == 200
    assert "recipient" in response.context["form"].errors
    assert not Acknowledgement.objects.filter(contribution=contribution).exists()


def test_a_focal_point_of_another_country_cannot_record_a_sending(client, login, contribution):
    login("focal-gt")
    assert client.get(add_url(contribution)).status_code == 404
    response = client.post(
        add_url(contribution),
        {"sent_on": "2013-05-06", "recipient": "Alguien", "language": "es"},
    )
    assert response.status_code == 404
    assert not Acknowledgement.objects.filter(contribution=contribution).exists()


def test_those_who_may_read_but_not_change_cannot_record(client, login, cast, contribution):
    own_partner = cast("donor").memberships.get().partner
    theirs = honduras_contribution(cast("secretariat"), own_partner)
    login("donor")
    assert client.get(add_url(theirs)).status_code == 403


def test_another_countrys_acknowledgement_is_not_found(client, login, secretariat, contribution):
    acknowledgement = record_create(
        user=secretariat,
        model=Acknowledgement,
        data={"contribution": contribution, "recipient": "Ana", "sent_by": secretariat},
    )
    login("focal-gt")
    for name in ("acknowledgement_detail", "acknowledgement_edit", "acknowledgement_delete"):
        assert (
            client.get(reverse(f"agreements:{name}", args=[acknowledgement.pk])).status_code == 404
        )
    assert (
        client.post(
            reverse("agreements:acknowledgement_delete", args=[acknowledgement.pk])
        ).status_code
        == 404
    )
    assert Acknowledgement.objects.filter(pk=acknowledgement.pk).exists()


def test_managers_edit_and_delete_an_acknowledgement(client, login, secretariat, contribution):
    acknowledgement = record_create(
        user=secretariat,
        model=Acknowledgement,
        data={"contribution": contribution, "recipient": "Ana", "sent_by": secretariat},
    )
    login("secretariat")
    response = client.post(
        reverse("agreements:acknowledgement_edit", args=[acknowledgement.pk]),
        {
            "sent_on": "2013-05-07",
            "recipient": "Ana Beatriz Contreras",
            "language": "es",
            "version": acknowledgement.version,
        },
    )
    assert response.status_code == 302
    acknowledgement.refresh_from_db()
    assert acknowledgement.recipient == "Ana Beatriz Contreras"
    assert acknowledgement.sent_by == secretariat  # the sender stays who sent it
    response = client.post(reverse("agreements:acknowledgement_delete", args=[acknowledgement.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:contribution_detail", args=[contribution.pk])
    assert not Acknowledgement.objects.filter(pk=acknowledgement.pk).exists()


# --- Documents worth keeping ---------------------------------------------------------------

MADE = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=datetime.UTC)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_languages(document) -> dict[str, set[str]]:
    """The languages (w:lang) of the runs holding each piece of text."""
    found: dict[str, set[str]] = {}
    for run in document.element.body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        lang = run.find(f"{W}rPr/{W}lang")
        found.setdefault(text, set()).add(lang.get(f"{W}val") if lang is not None else "")
    return found


@pytest.mark.parametrize(("language", "tag"), [("es", "es-GT"), ("en", "en")])
def test_the_docx_says_its_language_and_when_it_was_made(contribution, language, tag):
    with time_machine.travel(MADE, tick=False):
        content = letters.render_docx(letters.build_letter(contribution, language))
    document = docx.Document(io.BytesIO(content))
    properties = document.core_properties
    assert properties.language == tag
    assert properties.created == properties.modified == MADE
    assert properties.title == gettext_in(language, "Acknowledgement of contribution")
    assert properties.author == Coalition.objects.get().acronym
    assert "python-docx" not in f"{properties.author}{properties.comments}"
    # Every run, and the defaults Word falls back on, are in the letter's language.
    languages = set().union(*run_languages(document).values())
    assert languages == {tag}
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}val") == tag
    # Dated in the letter's language, the amount written the way it writes numbers.
    text = docx_text(content)
    if language == "es":
        assert "3 de diciembre de 2026" in text and AMOUNT_ES in text
    else:
        assert "3 December 2026" in text and AMOUNT_EN in text


def test_each_half_of_a_bilingual_docx_is_in_its_own_language(contribution):
    document = docx.Document(
        io.BytesIO(letters.render_docx(letters.build_letter(contribution, "es-en")))
    )
    languages = run_languages(document)
    assert languages["Fundación Agradecida"] == {"es-GT"}
    assert languages["Grateful Foundation"] == {"en"}
    # The same figure in both halves, each half tagged in its own language.
    assert languages[AMOUNT_ES] == {"es-GT", "en"}
    assert document.core_properties.language == "es-GT"


def gettext_in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize(("language", "tag"), [("es", "es-GT"), ("en", "en")])
def test_the_pdf_is_tagged_with_its_language_title_and_metadata(contribution, language, tag):
    with time_machine.travel(MADE, tick=False):
        content = letters.render_pdf(letters.build_letter(contribution, language))
    reader = pypdf.PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True  # a BooleanObject
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/Lang"] == tag
    title = gettext_in(language, "Acknowledgement of contribution")
    assert reader.metadata.title == title
    assert reader.metadata.author == Coalition.objects.get().acronym
    partner = "Fundación Agradecida" if language == "es" else "Grateful Foundation"
    assert reader.metadata.subject == f"{title}: {partner}"
    assert reader.metadata.creation_date == MADE
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": title}
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "B")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_a_viewer_draws_the_first_page_of_the_letter(contribution, tmp_path):
    content = letters.render_pdf(letters.build_letter(contribution, "es-en"))
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(content)
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [png] = tmp_path.glob("page*.png")
    assert png.read_bytes().startswith(b"\x89PNG")
