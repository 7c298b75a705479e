"""Filter helpers shared by every app's FilterSets (the page's filter form and the API's
``?field=`` alike). An app's own query (a partner search) stays in that app's filters."""

from __future__ import annotations

from typing import Any

import django_filters
import django_filters.conf
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from mobiliza.core.validators import (
    FIRST_YEAR,
    LAST_YEAR,
    validate_business_date,
    validate_date_text,
    validate_no_nul,
    validate_year,
)

# The largest id a database column holds (a signed 64-bit integer): a larger number names
# no record, and SQLite cannot even bind it.
LARGEST_ID = 2**63 - 1


def _beyond_any_id(value: Any) -> bool:
    text = str(value).strip()
    return text.isascii() and text.lstrip("-").isdigit() and abs(int(text)) > LARGEST_ID


class CodeChoiceField(django_filters.fields.ModelChoiceField):
    """A choice among records by code or id whose text is checked before the database sees
    it: a NUL character (which PostgreSQL cannot compare) or an id past any column is the
    form's error, not a crash."""

    def to_python(self, value: Any) -> Any:
        validate_no_nul(value)
        if value not in self.empty_values and _beyond_any_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """``?axis=A1``, ``?source_type=bilateral``: a record chosen by code or id."""

    field_class = CodeChoiceField


class IdFilter(django_filters.NumberFilter):
    """``?partner=12``: a related record's id, a whole number a column can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)

    def get_max_validator(self) -> Any:
        return None  # max_value above says it


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


@extend_schema_field(
    {
        "type": "integer",
        "minimum": FIRST_YEAR,
        "maximum": LAST_YEAR,
        "description": f"A year from {FIRST_YEAR} to {LAST_YEAR}.",
    }
)
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


class _BusinessDateField(forms.DateField):
    """One end of a date range: the digits 0 to 9, a year between 1900 and 2100."""

    default_validators = [validate_business_date]

    def to_python(self, value: Any) -> Any:
        validate_date_text(value)
        return super().to_python(value)


class BusinessDateRangeField(django_filters.fields.DateRangeField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = (_BusinessDateField(), _BusinessDateField())
        django_filters.fields.RangeField.__init__(self, fields, *args, **kwargs)


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """``?due_after=2026-01-01&due_before=2026-12-31``: each end a date of the years
    business dates may hold (``core.validators``), refused as the form's error otherwise."""

    field_class = BusinessDateRangeField


# What a filter's drop-down offers for "do not filter on this": one word in every list
# (django-filter's own are "---------" and, for yes/no questions, "Unknown").
ALL_LABEL = _("All")
DEFAULT_EMPTY = django_filters.conf.settings.EMPTY_CHOICE_LABEL


class YesNoWidget(forms.NullBooleanSelect):
    """A yes/no filter's drop-down: "All", "Yes", "No" (rather than "Unknown").

    The values read are Django's (``true``/``false``, and ``2``/``3`` of old links), so
    the API's ``?field=true`` is unchanged; "All" sends nothing.
    """

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = [("", ALL_LABEL), ("true", _("Yes")), ("false", _("No"))]

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        # A list, as Select's: a bare "" would be found inside "true" and win.
        return [{True: "true", False: "false", "true": "true", "false": "false"}.get(value, "")]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = data.get(name)
        if isinstance(value, str):
            value = value.lower()
        return {"true": True, "false": False, "1": True, "0": False, "2": True, "3": False}.get(
            value
        )


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet whose filters generated for relations (``Meta.fields =
    ["contribution"]``) refuse a NUL or an id past any column as the form's error.

    Every drop-down of its form offers "All" as its first choice, and a yes/no filter
    "All", "Yes" and "No" (:class:`YesNoWidget`), whatever app declares the filter.
    """

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        **{
            relation: {
                **django_filters.FilterSet.FILTER_DEFAULTS[relation],
                "filter_class": CodeChoiceFilter,
            }
            for relation in (models.ForeignKey, models.OneToOneField)
        },
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.BooleanFilter):
                filter_.extra.setdefault("widget", YesNoWidget)
            elif isinstance(
                filter_, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter
            ):
                # django-filter fills in its "---------" when the filter names none.
                if filter_.extra.get("empty_label", DEFAULT_EMPTY) == DEFAULT_EMPTY:
                    filter_.extra["empty_label"] = ALL_LABEL
            else:
                continue
            # A form field built before (the API schema reads the class's filters, whose
            # copies carry it) would keep django-filter's labels: build it again.
            filter_.__dict__.pop("_field", None)

    @property
    def is_filtering(self) -> bool:
        """Whether the reader chose any filter (the list then says "no ... match")."""
        data = self.data or {}
        keys = [
            key
            for key in data
            # A range filter's two boxes are ``<name>_after`` and ``<name>_before``.
            if any(key == name or key.startswith(f"{name}_") for name in self.filters)
        ]
        values = [
            value
            for key in keys
            for value in (data.getlist(key) if hasattr(data, "getlist") else [data.get(key)])
        ]
        return any(value not in ("", None, "unknown") for value in values)
