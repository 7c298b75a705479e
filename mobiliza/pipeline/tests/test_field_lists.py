"""An opportunity's and an interaction's fields are named once, in ``pipeline.models``;
the form, the API and the detail page follow, so a new field is added in one place."""

from __future__ import annotations

from django.urls import resolve
from django.utils import translation

from mobiliza.pipeline import forms, models
from mobiliza.pipeline.api import serializers

API_PLUMBING = {"id", "version", "created_at", "updated_at", "links"}
WORKED_OUT = {"reporting_currency", "is_late", "stage_history", "actions_done"}


def test_form_api_and_detail_page_read_the_one_list():
    fields = models.OPPORTUNITY_FIELDS
    assert set(forms.OpportunityForm.base_fields) - {"version"} == set(fields.form_names())
    api = set(serializers.OpportunitySerializer().fields) - API_PLUMBING - WORKED_OUT
    assert api == set(fields.api_names(models.Opportunity))
    with translation.override("en"):
        page = resolve("/en/pipeline/opportunities/1/").func.view_class
    assert page.fields == fields.detail_names()


def test_every_editable_field_of_an_opportunity_is_in_its_list():
    """A new model field fails here until it is named once in OPPORTUNITY_FIELDS."""
    assert models.OPPORTUNITY_FIELDS.unnamed(models.Opportunity) == set()


def test_an_interactions_form_api_and_detail_page_read_its_one_list():
    fields = models.INTERACTION_FIELDS
    assert set(forms.InteractionForm.base_fields) - {"version"} == set(fields.form_names())
    api = set(serializers.InteractionSerializer().fields) - API_PLUMBING - {"attachments"}
    assert api == set(fields.api_names(models.Interaction))
    with translation.override("en"):
        page = resolve("/en/pipeline/interactions/1/").func.view_class
    assert page.fields == fields.detail_names()
    assert fields.unnamed(models.Interaction) == set()
