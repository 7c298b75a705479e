"""How a letter words its partner, greets its contact, and says where, when and under
which number it was sent: the partner's article ("a la Oficina", "al Fondo", "the United
Nations Office"), the contact's form of address, the city and date line and the reference
number, in the DOCX and the PDF."""

from __future__ import annotations

import datetime
import io

import docx
import pypdf
import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.agreements.letters import documents as letters
from mobiliza.agreements.letters.services import acknowledgement_create
from mobiliza.agreements.models import Acknowledgement, Contribution
from mobiliza.agreements.tests.test_letters import honduras_contribution
from mobiliza.core.services import record_create
from mobiliza.directory.models import Contact, Partner
from mobiliza.directory.wording import guess_article_en, guess_article_es, with_article

UN_ES = "Oficina de las Naciones Unidas contra la Droga y el Delito"
UN_EN = "United Nations Office on Drugs and Crime"


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def unodc(secretariat) -> Partner:
    return record_create(user=secretariat, model=Partner, data={"name_es": UN_ES, "name_en": UN_EN})


@pytest.fixture
def contact(secretariat, unodc) -> Contact:
    return record_create(
        user=secretariat,
        model=Contact,
        data={"partner": unodc, "full_name": "Rosa Pérez", "salutation": "ms"},
    )


@pytest.fixture
def contribution(secretariat, unodc, contact) -> Contribution:
    return honduras_contribution(
        secretariat, unodc, description_en="Shelters for victims of trafficking"
    )


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize(
    ("name", "article"),
    [
        ("Oficina de las Naciones Unidas", "la"),
        ("Organización Internacional para las Migraciones", "la"),
        ("Embajada de Suecia", "la"),
        ("Unión Europea", "la"),
        ("Fondo de Población de las Naciones Unidas", "el"),
        ("Banco Interamericano de Desarrollo", "el"),
        ("Programa de las Naciones Unidas para el Desarrollo", "el"),
        ("Ministerio de Gobernación", "el"),
        ("Estados Unidos de América", "los"),
        ("Cruz Roja Guatemalteca", "-"),
        ("USAID", "-"),
    ],
)
def test_the_spanish_article_is_guessed_from_the_first_word(name, article):
    assert guess_article_es(name) == article


@pytest.mark.parametrize(
    ("name", "article"),
    [
        ("United Nations Office on Drugs and Crime", "the"),
        ("International Organization for Migration", "the"),
        ("European Union", "the"),
        ("Embassy of Sweden", "the"),
        ("World Bank", "the"),
        ("Guatemalan Red Cross", "-"),
        ("USAID", "-"),
        ("", "-"),
    ],
)
def test_the_english_article_is_guessed_from_the_first_word(name, article):
    assert guess_article_en(name) == article


def test_spanish_contracts_a_and_de_before_el():
    assert with_article("Fondo", "el", language="es", preposition="a") == "al Fondo"
    assert with_article("Fondo", "el", language="es", preposition="de") == "del Fondo"
    assert with_article("Oficina", "la", language="es", preposition="a") == "a la Oficina"
    assert with_article("Guatemala", "-", language="es", preposition="a") == "a Guatemala"
    assert with_article("World Bank", "the", language="en") == "the World Bank"
    assert with_article("USAID", "-", language="en") == "USAID"


def test_a_new_partner_gets_its_articles_guessed_and_keeps_the_ones_chosen(unodc, secretariat):
    assert (unodc.article_es, unodc.article_en) == ("la", "the")
    chosen = record_create(
        user=secretariat,
        model=Partner,
        data={"name_es": "Oficina X", "name_en": "Office X", "article_es": "-", "article_en": "-"},
    )
    assert (chosen.article_es, chosen.article_en) == ("-", "-")


def test_the_letter_thanks_the_partner_with_its_article_in_each_language(contribution):
    letter = letters.build_letter(contribution, "es-en")
    spanish, english = letter.sections
    assert f"la {UN_ES}" in spanish.paragraphs[0]
    assert f"the {UN_EN}" in english.paragraphs[0]
    # The contribution is named in the reader's language.
    assert "Shelters for victims of trafficking" in english.paragraphs[0]
    assert "Fondo para albergues de víctimas" in spanish.paragraphs[0]


def test_a_missing_english_description_is_marked_in_the_english_letter(secretariat, unodc):
    contribution = honduras_contribution(secretariat, unodc)
    english = letters.build_letter(contribution, "en").sections[0]
    assert "Fondo para albergues de víctimas [translation missing]" in english.paragraphs[0]


def test_the_greeting_follows_the_contacts_form_of_address(secretariat, contribution, contact):
    english = letters.build_letter(contribution, "en").sections[0]
    assert english.salutation == "Dear Ms Rosa Pérez,"
    contact.salutation = ""
    contact.save()
    english, spanish = (
        letters.build_letter(contribution, code).sections[0] for code in ("en", "es")
    )
    assert english.salutation == "Dear Rosa Pérez,"
    # Spanish greetings are gendered: without a form of address, no "Estimado/a".
    assert "/" not in spanish.salutation and "Rosa" not in spanish.salutation


def test_recorded_letters_are_numbered_in_each_year(secretariat, contribution):
    def send(day: datetime.date) -> Acknowledgement:
        data = {"contribution": contribution, "sent_on": day, "recipient": "Rosa Pérez"}
        return acknowledgement_create(user=secretariat, data=data)

    first = send(datetime.date(2026, 3, 1))
    second = send(datetime.date(2026, 12, 3))
    next_year = send(datetime.date(2027, 1, 5))
    assert first.reference == "CORETT/ST/2026/0001"
    assert second.reference == "CORETT/ST/2026/0002"
    assert next_year.reference == "CORETT/ST/2027/0001"
    assert str(second) == "CORETT/ST/2026/0002: Rosa Pérez"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_sent_letter_says_its_number_city_date_greeting_and_article(
    client, login, contribution, fmt
):
    login("secretariat")
    with translation.override("en"):
        add = reverse("agreements:acknowledgement_add") + f"?contribution={contribution.pk}"
    response = client.post(
        add,
        {
            "sent_on": "2026-12-03",
            "city": "Tegucigalpa",
            "recipient": "Rosa Pérez",
            "language": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    acknowledgement = Acknowledgement.objects.get(contribution=contribution)
    assert acknowledgement.reference == "CORETT/ST/2026/0001"
    assert acknowledgement.city == "Tegucigalpa"
    with translation.override("en"):
        url = reverse("agreements:acknowledgement_sent_letter", args=[acknowledgement.pk, fmt])
        page = client.get(acknowledgement.get_absolute_url()).content.decode()
    assert url in page  # the acknowledgement's page offers the letter as it was sent
    content = client.get(url).content
    text = docx_text(content) if fmt == "docx" else pdf_text(content)
    assert "Ref.: CORETT/ST/2026/0001" in text
    assert "Tegucigalpa, 3 December 2026" in text
    assert "Dear Ms Rosa Pérez," in text
    assert f"we thank the {UN_EN}" in text
    assert "Regional Coalition Against Trafficking in Persons" in text  # the letterhead
    spanish = client.get(f"{url}?language=es").content
    text = docx_text(spanish) if fmt == "docx" else pdf_text(spanish)
    assert "CORETT/ST/2026/0001" in text and "Tegucigalpa, 3 de diciembre de 2026" in text
    assert f"la {UN_ES}" in text


def test_the_form_asks_for_the_city_with_the_configured_one_first(
    client, login, contribution, settings
):
    settings.MOBILIZA_LETTER_CITY = "San Salvador"
    login("secretariat")
    with translation.override("es"):
        add = reverse("agreements:acknowledgement_add") + f"?contribution={contribution.pk}"
    form = client.get(add).context["form"]
    assert form.initial["city"] == "San Salvador"


def test_a_draft_letter_has_no_number_and_the_configured_address(contribution, settings):
    settings.MOBILIZA_SECRETARIAT_ADDRESS = "Secretaría Técnica | 6a. Avenida 1-23, Zona 1"
    letter = letters.build_letter(contribution, "es", on=datetime.date(2026, 12, 3))
    assert letter.reference == ""
    assert letter.sections[0].reference_line == ""
    assert letter.address_lines == ["Secretaría Técnica", "6a. Avenida 1-23, Zona 1"]
    assert "6a. Avenida 1-23, Zona 1" in docx_text(letters.render_docx(letter))
