"""The list filters of agreements, contributions and obligations, plus the API's names.

The FilterSets are the web pages' (``mobiliza.agreements.filters``,
``obligations.filters``); the API adds the model's field names (``is_own_contribution``)
and the lists that have no page of their own (acknowledgements, deadlines).
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements import filters as pages
from mobiliza.agreements import models
from mobiliza.agreements.choices import DueStatus
from mobiliza.agreements.obligations import filters as obligation_pages
from mobiliza.core.filters import CountryFilter, DateRangeFilter, FilterSet, IdFilter
from mobiliza.plan.models import StrategicAxis


class AgreementFilter(pages.AgreementFilter):
    axis = django_filters.ModelChoiceFilter(
        field_name="axes",
        queryset=StrategicAxis.objects.all(),
        to_field_name="code",
        label=_("Strategic axis"),
    )
    signed = DateRangeFilter(
        field_name="signed_on", label=_("Signed (signed_after, signed_before)")
    )

    class Meta(pages.AgreementFilter.Meta):
        fields = [*pages.AgreementFilter.Meta.fields, "currency", "axis", "opportunity", "signed"]


class AgreementDocumentFilter(pages.AgreementDocumentFilter):
    pass


class ContributionFilter(pages.ContributionFilter):
    is_own_contribution = django_filters.BooleanFilter(
        field_name="is_own_contribution", label=_("Member state's own contribution")
    )
    value = DateRangeFilter(
        field_name="value_date", label=_("Value date (value_after, value_before)")
    )

    class Meta(pages.ContributionFilter.Meta):
        fields = [
            *pages.ContributionFilter.Meta.fields,
            "is_own_contribution",
            "opportunity",
            "value",
        ]


class InstalmentFilter(pages.InstalmentFilter):
    country = CountryFilter("contribution__member_state", label=_("Member state"))
    due = DateRangeFilter(field_name="due_on", label=_("Due (due_after, due_before)"))

    class Meta(pages.InstalmentFilter.Meta):
        fields = [*pages.InstalmentFilter.Meta.fields, "country", "due"]


class AcknowledgementFilter(FilterSet):
    country = CountryFilter("contribution__member_state", label=_("Member state"))
    partner = IdFilter(field_name="contribution__partner", label=_("Partner"))

    class Meta:
        model = models.Acknowledgement
        fields = ["country", "contribution", "partner", "language"]


class ObligationFilter(obligation_pages.ObligationFilter):
    class Meta(obligation_pages.ObligationFilter.Meta):
        fields = [*obligation_pages.ObligationFilter.Meta.fields, "opportunity", "recurrence"]


def due_status_q(status: str, today: datetime.date, remind_days: list[int]) -> Q:
    """Deadlines in ``status`` (see ``Deadline.status``) as a condition on any database.

    "Due" depends on each obligation's reminder window; the windows in use are few, so
    one condition per window avoids date arithmetic in SQL.
    """
    pending = Q(delivered_on__isnull=True)
    if status == DueStatus.DELIVERED:
        return ~pending
    if status == DueStatus.OVERDUE:
        return pending & Q(due_on__lt=today)
    within = Q(pk__in=[])
    for days in remind_days:
        within |= Q(
            obligation__remind_days_before=days,
            due_on__lte=today + datetime.timedelta(days=days),
        )
    if status == DueStatus.DUE:
        return pending & Q(due_on__gte=today) & within
    return pending & Q(due_on__gte=today) & ~within  # upcoming


class DeadlineFilter(FilterSet):
    country = CountryFilter("obligation__member_state", label=_("Member state"))
    partner = IdFilter(field_name="obligation__partner", label=_("Partner"))
    agreement = IdFilter(field_name="obligation__agreement", label=_("Agreement"))
    status = django_filters.ChoiceFilter(
        choices=DueStatus.choices, method="filter_status", label=_("Status")
    )
    due = DateRangeFilter(field_name="due_on", label=_("Due (due_after, due_before)"))

    class Meta:
        model = models.Deadline
        fields = ["country", "obligation", "partner", "agreement", "status", "due"]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        remind_days: list[int] = []
        if value in (DueStatus.DUE, DueStatus.UPCOMING):
            remind_days = list(
                models.ReportingObligation.objects.order_by()
                .values_list("remind_days_before", flat=True)
                .distinct()
            )
        return queryset.filter(due_status_q(value, timezone.localdate(), remind_days))
