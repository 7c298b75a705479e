"""Finding the header under a title and guessing each column's field, in either language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

from mobiliza.core.imports.columns import find_header, guess, header_key
from mobiliza.core.imports.registry import ImportField

FIELDS = [
    ImportField("name", gettext_lazy("name"), ("nombre de la organización", "organisation")),
    ImportField("acronym", gettext_lazy("initials or acronym"), ("siglas",)),
    ImportField("email", gettext_lazy("e-mail"), ("correo", "correo electrónico")),
    ImportField("amount", gettext_lazy("amount"), ("monto", "presupuesto")),
]


def test_the_header_is_found_below_a_title_and_blank_rows():
    rows = [
        (1, ["Directorio de cooperantes 2026", "", ""]),
        (2, ["", "", ""]),
        (3, ["Siglas", "Nombre de la organización", "Correo"]),
        (4, ["BID", "Banco Interamericano", "info@example.org"]),
    ]
    assert find_header(rows, FIELDS) == 2


def test_columns_are_guessed_from_labels_and_synonyms_in_either_language_and_order():
    header = ["Correo electrónico", "Siglas o acrónimo", "Observaciones", "Name", "Monto (USD)"]
    assert guess(header, FIELDS) == ["email", "acronym", "", "name", "amount"]


def test_a_field_goes_to_one_column_only():
    assert sorted(guess(["Correo", "Correo electrónico"], FIELDS)) == ["", "email"]
    assert guess(["E-mail", "E-mail"], FIELDS) == ["email", ""]


def test_the_same_titles_in_another_order_or_case_have_the_same_key():
    assert header_key(["Siglas", "Correo", ""]) == header_key(["correo", "SIGLAS"])
    assert header_key(["Siglas"]) != header_key(["Siglas", "Correo"])


def test_a_title_goes_to_the_field_that_covers_most_of_its_words():
    fields = [
        ImportField("contact", gettext_lazy("contact: full name"), ("contacto",)),
        ImportField("phone", gettext_lazy("contact: phone"), ("teléfono",)),
    ]
    with translation.override("es"):
        assert guess(["Teléfono de contacto", "Persona de contacto"], fields) == [
            "phone",
            "contact",
        ]
