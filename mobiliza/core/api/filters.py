"""``?field=`` filters of the exchange-rate list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mobiliza.core.filters import DateRangeFilter, FilterSet
from mobiliza.core.models import ExchangeRate


class ExchangeRateFilter(FilterSet):
    currency = django_filters.CharFilter(method="filter_currency", label=_("Currency"))
    date = DateRangeFilter(
        label=_("Date (date_after, date_before)"),
    )

    class Meta:
        model = ExchangeRate
        fields = ["currency", "reporting_currency", "date"]

    def filter_currency(self, queryset, name: str, value: str):  # type: ignore[no-untyped-def]
        return queryset.filter(currency=value.strip().upper())
