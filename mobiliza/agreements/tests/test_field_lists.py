"""An agreement's, a contribution's and a reporting obligation's fields are named once,
in ``agreements.models``; the form, the API and the detail page follow, so a new field
is added in one place."""

from __future__ import annotations

import pytest
from django.urls import resolve
from django.utils import translation

from mobiliza.agreements import forms, models
from mobiliza.agreements.api import serializers

API_PLUMBING = {"id", "version", "created_at", "updated_at", "links"}

CASES = [
    (
        models.Agreement,
        models.AGREEMENT_FIELDS,
        forms.AgreementForm,
        serializers.AgreementSerializer,
        "/en/resources/agreements/1/",
        {"documents"},
    ),
    (
        models.Contribution,
        models.CONTRIBUTION_FIELDS,
        forms.ContributionForm,
        serializers.ContributionSerializer,
        "/en/resources/contributions/1/",
        {"received_amount", "outstanding", "instalments"},
    ),
]


@pytest.mark.parametrize(("model", "fields", "form", "serializer", "detail", "derived"), CASES)
def test_form_api_and_detail_page_read_the_one_list(
    model, fields, form, serializer, detail, derived
):
    assert set(form.base_fields) - {"version"} == set(fields.form_names())
    assert set(serializer().fields) - API_PLUMBING - derived == set(fields.api_names(model))
    with translation.override("en"):
        page = resolve(detail).func.view_class
    assert page.fields == fields.detail_names()


@pytest.mark.parametrize(("model", "fields"), [(c[0], c[1]) for c in CASES])
def test_every_editable_field_is_in_its_list(model, fields):
    """A new model field fails here until it is named once in the model's list."""
    assert fields.unnamed(model) == set()


def test_an_obligations_form_and_api_read_its_one_list():
    from mobiliza.agreements.obligations.forms import ObligationForm

    fields = models.OBLIGATION_FIELDS
    assert set(ObligationForm.base_fields) - {"version"} == set(fields.form_names())
    assert "partner" not in fields.form_names()  # copied from the agreement or opportunity
    api = set(serializers.ObligationSerializer().fields) - API_PLUMBING - {"deadlines"}
    assert api == set(fields.api_names(models.ReportingObligation))
    assert fields.unnamed(models.ReportingObligation) == set()


def test_a_field_left_out_of_the_list_is_reported():
    from mobiliza.core.fieldlists import FieldList

    shorter = FieldList(
        *(s for s in models.AGREEMENT_FIELDS if s.name not in {"reference", "axes"})
    )
    assert shorter.unnamed(models.Agreement) == {"reference", "axes"}
