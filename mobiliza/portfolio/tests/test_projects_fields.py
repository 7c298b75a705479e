"""A project's fields are named once, in ``PROJECT_FIELDS``: the form, the API, the page's
sections and the export follow, so a new field is added in one place."""

from __future__ import annotations

from mobiliza.portfolio import exports, forms, models
from mobiliza.portfolio.api import serializers

API_PLUMBING = {"id", "version", "created_at", "updated_at", "links", "countries"}


def test_the_form_and_the_api_read_the_one_list():
    fields = models.PROJECT_FIELDS
    assert set(forms.ProjectForm.base_fields) - {"version"} == set(fields.form_names())
    api = set(serializers.ProjectSerializer().fields) - API_PLUMBING
    assert api == set(fields.api_names(models.Project))
    assert "country" in api and "member_state" not in api


def test_every_editable_field_is_in_the_list():
    """A new model field fails here until it is named once in the list."""
    assert models.PROJECT_FIELDS.unnamed(models.Project) == set()


def test_every_field_of_the_form_has_a_section_of_the_sheet():
    """The page shows the sections the form declares: no field is left to "Other details"."""
    placed = {name for section in forms.SHEET_SECTIONS for name in section.fields}
    assert set(models.PROJECT_FIELDS.form_names()) - placed == set()


def test_the_export_has_a_column_per_field_of_the_list():
    names = models.PROJECT_FIELDS.spreadsheet_names()
    header, _rows = exports.project_export_table(models.Project.objects.none())
    assert len(header) == len(names) + 1
