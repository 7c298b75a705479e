"""The pipeline's list filters, plus the API's ``?field=`` names for them.

The FilterSets are the web pages' (``mobiliza.pipeline.filters``); the API adds the
model's field names (``resource_kind``, ``is_late``) and accepts a step's id or code.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mobiliza.core.filters import DateRangeFilter
from mobiliza.pipeline import filters as pages
from mobiliza.pipeline import models
from mobiliza.plan.models import MobilizationStep, ResourceKind


def by_code_or_id(queryset: QuerySet, path: str, value: str) -> QuerySet:
    """Rows whose ``path`` item has this code, or this id when ``value`` is a number."""
    value = value.strip()
    condition = Q(**{f"{path}__code": value})
    if value.isdigit():
        condition |= Q(**{f"{path}_id": int(value)})
    return queryset.filter(condition)


class OpportunityFilter(pages.OpportunityFilter):
    resource_kind = django_filters.ModelChoiceFilter(
        queryset=ResourceKind.objects.all(), to_field_name="code", label=_("Kind of resource")
    )
    step = django_filters.CharFilter(method="filter_step", label=_("Step (code or id)"))
    step.codes_model = MobilizationStep  # the schema names the list of the steps' codes
    is_late = django_filters.BooleanFilter(method="filter_late", label=_("Next action overdue"))

    class Meta(pages.OpportunityFilter.Meta):
        fields = [*pages.OpportunityFilter.Meta.fields, "resource_kind", "is_late", "funding_call"]

    def filter_step(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return by_code_or_id(queryset, "step", value)


class InteractionFilter(pages.InteractionFilter):
    occurred = DateRangeFilter(
        field_name="occurred_on", label=_("Date (occurred_after, occurred_before)")
    )

    class Meta(pages.InteractionFilter.Meta):
        fields = [*pages.InteractionFilter.Meta.fields, "opportunity", "occurred"]


class InteractionAttachmentFilter(pages.InteractionAttachmentFilter):
    class Meta(pages.InteractionAttachmentFilter.Meta):
        model = models.InteractionAttachment
        fields = [*pages.InteractionAttachmentFilter.Meta.fields, "interaction"]
