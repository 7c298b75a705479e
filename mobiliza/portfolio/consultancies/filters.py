"""The consultancy calls' list filters, for the page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mobiliza.core.filters import FilterSet
from mobiliza.portfolio.consultancies.models import (
    Applicant,
    ApplicantScore,
    CallState,
    ConsultancyCall,
    FilterDecision,
)


class ConsultancyCallFilter(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=CallState.choices, label=_("State"))
    call_number = django_filters.ChoiceFilter(
        choices=[(1, _("First call")), (2, _("Second call"))], label=_("Call")
    )

    class Meta:
        model = ConsultancyCall
        fields = ["q", "project", "state", "call_number"]


class ApplicantFilter(FilterSet):
    passed_first_filter = django_filters.ChoiceFilter(
        choices=FilterDecision.choices, label=_("First filter")
    )

    class Meta:
        model = Applicant
        fields = ["call", "passed_first_filter"]


class ApplicantScoreFilter(FilterSet):
    class Meta:
        model = ApplicantScore
        fields = ["applicant", "applicant__call", "member_state"]
