"""The API's filters of projects and financing lines: the pages' FilterSets, plus the
model's field names (``?member_state=GT``, ``?currency=USD``)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mobiliza.core.filters import DateRangeFilter
from mobiliza.directory.models import DirectoryTerm
from mobiliza.portfolio import filters as pages


class ProjectFilter(pages.ProjectFilter):
    area = django_filters.ModelChoiceFilter(
        field_name="areas",
        queryset=DirectoryTerm.objects.filter(kind="area"),
        to_field_name="code",
        distinct=True,
        label=_("Work area"),
    )
    kind_sought = django_filters.ModelChoiceFilter(
        field_name="kinds_sought",
        queryset=DirectoryTerm.objects.filter(kind="contribution"),
        to_field_name="code",
        distinct=True,
        label=_("Kind of contribution sought"),
    )
    starts = DateRangeFilter(field_name="start_on", label=_("Starts (starts_after, starts_before)"))

    class Meta(pages.ProjectFilter.Meta):
        fields = [
            *pages.ProjectFilter.Meta.fields,
            "area",
            "kind_sought",
            "starts",
            "currency",
            "executing_partner",
        ]


class ProjectFinancingFilter(pages.ProjectFinancingFilter):
    class Meta(pages.ProjectFinancingFilter.Meta):
        fields = [*pages.ProjectFinancingFilter.Meta.fields, "currency"]
