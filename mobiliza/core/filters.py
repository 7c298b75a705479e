"""Filter helpers shared by every app's FilterSets (the page's filter form and the API's
``?field=`` alike). An app's own query (a partner search) stays in that app's filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from mobiliza.core.validators import validate_no_nul, validate_year


class CodeChoiceField(forms.ModelChoiceField):
    """A choice among records by code whose text is checked before the database sees it:
    a NUL character (which PostgreSQL cannot compare) is the form's error, not a crash."""

    def to_python(self, value: Any) -> Any:
        validate_no_nul(value)
        return super().to_python(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """``?axis=A1``, ``?source_type=bilateral``: a record chosen by code or id."""

    field_class = CodeChoiceField


class CountryFilter(CodeChoiceFilter):
    """``?country=GT``: the record's member state by ISO code (a drop-down on the page).

    ``path`` is the lookup from the filtered model to its member state
    (``"agreement__member_state"``); the choices are that relation's model, so core names
    no app above it.
    """

    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(field_name=path, to_field_name="code", **kwargs)

    def get_queryset(self, request: Any) -> Any:
        if self.queryset is not None:
            return super().get_queryset(request)
        model = self.model
        for part in self.field_name.split("__"):
            model = model._meta.get_field(part).related_model
        return model._default_manager.all()


class YearFilter(django_filters.NumberFilter):
    """``?year=2025``: the year of a date field, between 1900 and 2100 (``core.validators``).

    A year outside (``0``, ``-1``, twenty digits) is the filter form's error (400 in the
    API), never a date the database cannot compute.
    """

    field_class = forms.IntegerField

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("validators", [validate_year])
        super().__init__(field_name=field_name, **kwargs)
