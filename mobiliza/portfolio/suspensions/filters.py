"""The list of suspensions' filters, for the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mobiliza.core.filters import CountryFilter, FilterSet
from mobiliza.core.search import text_q
from mobiliza.portfolio.suspensions.choices import SUSPENDABLE, SuspensionGrounds
from mobiliza.portfolio.suspensions.models import Suspension


def kind_choices() -> list[tuple[str, Any]]:
    from django.apps import apps

    return [(label, apps.get_model(label)._meta.verbose_name) for label in SUSPENDABLE]


class SuspensionFilter(FilterSet):
    # What the search box reads: the reasons and the plenary's agreements, in both languages.
    search_fields = (
        "reason_es",
        "reason_en",
        "resume_reason_es",
        "resume_reason_en",
        "meeting_agreement__text_es",
        "meeting_agreement__text_en",
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(
        choices=kind_choices, method="of_kind", label=_("Kind of record")
    )
    record = django_filters.CharFilter(method="of_record", label=_("Record"))
    country = CountryFilter("member_state", label=_("Member state"))
    grounds = django_filters.ChoiceFilter(choices=SuspensionGrounds.choices, label=_("Grounds"))
    current = django_filters.BooleanFilter(
        field_name="resumed_on", lookup_expr="isnull", label=_("Still suspended")
    )

    class Meta:
        model = Suspension
        fields = ["q", "kind", "country", "grounds", "current"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(text_q(self.search_fields, value))

    def of_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        app_label, _dot, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)

    def of_record(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """``?record=agreements.agreement:12``: the suspensions of one record."""
        label, _colon, pk = value.partition(":")
        app_label, _dot, model = label.partition(".")
        if not pk.isdigit() or f"{app_label}.{model}" not in SUSPENDABLE:
            return queryset.none()
        return queryset.filter(
            content_type__app_label=app_label, content_type__model=model, object_id=int(pk)
        )
