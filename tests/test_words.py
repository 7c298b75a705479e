"""Words a reader notices: counts that agree with their number, and the English names of
the strategy's source types."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.utils import translation

from mobiliza.directory.transfer.services import imported_message

ROOT = Path(__file__).resolve().parents[1]


def test_one_partner_imported_is_said_in_the_singular():
    with translation.override("en"):
        assert imported_message(1, 0) == "1 partner was added and 0 updated."
        assert imported_message(2, 1) == "2 partners were added and 1 updated."


def test_the_source_types_have_plain_english_names():
    data = yaml.safe_load((ROOT / "mobiliza" / "plan" / "data" / "corett.yaml").read_text())
    names = {item["code"]: item["name"]["en"] for item in data["source_types"]}
    assert names["cooperation-agencies"] == "Cooperation agencies and bodies"
    assert names["media"] == "Media"
    text = (ROOT / "mobiliza" / "plan" / "data" / "corett.yaml").read_text()
    assert "organisms" not in text and "Means of communication" not in text


def test_the_merge_page_counts_one_record_in_the_singular(db, cast):
    from mobiliza.core.services import record_create
    from mobiliza.directory.duplicates.merging import related_counts
    from mobiliza.directory.models import Contact, Partner

    user = cast("secretariat")
    partner = record_create(user=user, model=Partner, data={"name_es": "Socio Único"})
    record_create(user=user, model=Contact, data={"partner": partner, "full_name": "Una"})
    with translation.override("en"):
        assert related_counts(partner) == [("contact", 1)]
    record_create(user=user, model=Contact, data={"partner": partner, "full_name": "Otra"})
    with translation.override("es"):  # both msgids have their Spanish translation
        assert related_counts(partner) == [("contactos", 2)]


def test_the_api_says_empty_files_in_correct_spanish():
    from django.utils import translation
    from rest_framework.fields import FileField

    with translation.override("es"):
        message = str(FileField.default_error_messages["empty"])
    assert message == "El archivo enviado está vacío."
