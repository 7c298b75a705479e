"""Each directory model's fields are named once; its form, API, detail page and export follow.

Adding a name to ``PARTNER_FIELDS`` (or another list in ``directory.models``) is all it
takes for the field to appear on the form, in the API, on the detail page and in the
spreadsheets; these tests fail if any of them keeps a list of its own.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.core.fieldlists import F, FieldList
from mobiliza.directory import forms, models, views
from mobiliza.directory.api import serializers
from mobiliza.directory.transfer import services as transfer

API_PLUMBING = {"id", "version", "updated_at", "links"}

CASES = [
    (models.Partner, models.PARTNER_FIELDS, forms.PartnerForm, serializers.PartnerSerializer),
    (models.Contact, models.CONTACT_FIELDS, forms.ContactForm, serializers.ContactSerializer),
    (
        models.FundingCall,
        models.FUNDING_CALL_FIELDS,
        forms.FundingCallForm,
        serializers.FundingCallSerializer,
    ),
    (
        models.Attachment,
        models.ATTACHMENT_FIELDS,
        forms.AttachmentForm,
        serializers.AttachmentSerializer,
    ),
]


def _detail_view(model):
    return getattr(views, f"{model.__name__}DetailView")


@pytest.mark.parametrize(("model", "fields", "form", "serializer"), CASES)
def test_form_api_and_detail_page_read_the_one_list(model, fields, form, serializer):
    assert set(form.base_fields) - {"version"} == set(fields.form_names())
    assert set(serializer().fields) - API_PLUMBING == set(fields.api_names(model))
    assert _detail_view(model).fields == fields.detail_names()


def test_the_partner_spreadsheet_columns_are_the_lists():
    partner_columns = [c.name for c in transfer.COLUMNS if c.kind != "contact"]
    assert partner_columns == models.PARTNER_FIELDS.spreadsheet_names()
    assert [c.name for c in transfer.EXPORT_COLUMNS] == partner_columns


def test_every_editable_field_of_a_partner_is_in_its_list():
    """A new model field fails here until it is named once in PARTNER_FIELDS."""
    named = {column for spec in models.PARTNER_FIELDS for column in spec.columns}
    editable = {
        f.name
        for f in [*models.Partner._meta.concrete_fields, *models.Partner._meta.many_to_many]
        if f.editable and f.name not in ("id", "version")
    }
    assert editable == named


def test_the_api_calls_the_scoping_field_country_as_the_model_declares_it():
    assert models.Partner.access.country_path == "member_state"
    assert "member_state" in models.PARTNER_FIELDS.form_names()
    api_names = models.PARTNER_FIELDS.api_names(models.Partner)
    assert "country" in api_names and "member_state" not in api_names
    assert serializers.PartnerSerializer().fields["country"].source == "member_state"
    contact = serializers.ContactSerializer().fields["country"]
    assert (contact.source, contact.read_only) == ("partner.member_state", True)


def test_a_name_added_to_a_list_reaches_every_consumer():
    base = FieldList(F("title"), F("summary", translated=True), F("member_state"))
    longer = FieldList(*base, F("website", detail=False))
    for names in ("form_names", "detail_names", "spreadsheet_names"):
        assert set(getattr(longer, names)()) - set(getattr(base, names)()) <= {"website"}
    assert longer.form_names() == ["title", "summary_es", "summary_en", "member_state", "website"]
    assert longer.api_names(models.Partner)[-2:] == ["country", "website"]
    assert longer.detail_names() == ["title", "summary", "member_state"]
    with pytest.raises(ValueError, match="named twice"):
        FieldList(F("title"), F("title"))


def test_the_pages_the_api_and_the_export_show_the_listed_partner_fields(client, login, api):
    login("secretariat")
    partner = models.Partner.objects.get(acronym="OIM")
    with translation.override("en"):
        detail = client.get(reverse("directory:partner_detail", args=[partner.pk]))
        edit = client.get(reverse("directory:partner_edit", args=[partner.pk]))
        export = client.get(reverse("directory:partner_export") + "?format=xlsx")
        labels = [column.label for column in transfer.EXPORT_COLUMNS]
    assert detail.status_code == edit.status_code == export.status_code == 200
    shown = [label for label, _value in detail.context["field_rows"]]
    assert len(shown) == len(models.PARTNER_FIELDS.detail_names())
    assert set(edit.context["form"].fields) - {"version"} == set(models.PARTNER_FIELDS.form_names())
    header = next(
        openpyxl.load_workbook(io.BytesIO(export.getvalue())).active.iter_rows(values_only=True)
    )
    assert list(header) == labels
    record = api("secretariat").get(f"/api/v1/partners/{partner.pk}/").json()
    assert set(record) - API_PLUMBING == set(models.PARTNER_FIELDS.api_names(models.Partner))
    assert record["country"] is None or record["country"].isupper()
