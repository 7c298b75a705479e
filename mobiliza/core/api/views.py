"""Exchange rates under /api/v1/: read by the coalition's staff, written by the managers."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from mobiliza.api.serializers import EXACT_PARSERS
from mobiliza.api.viewsets import ScopedModelViewSet
from mobiliza.core.api import filters, serializers
from mobiliza.core.models import ExchangeRate


def _convert_again(currency: str, since: datetime.date) -> None:
    # Contributions valued on or after a changed rate may now convert at another rate.
    from mobiliza.agreements.services import recompute_conversions

    recompute_conversions(currency, since)


class ExchangeRateViewSet(ScopedModelViewSet):
    """How many units of the reporting currency one unit of a currency was worth on a day."""

    queryset = ExchangeRate.objects.all()
    serializer_class = serializers.ExchangeRateSerializer
    filterset_class = filters.ExchangeRateFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["currency", "source"]
    ordering_fields = ["date", "currency"]

    @transaction.atomic
    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)
        rate = serializer.instance
        _convert_again(rate.currency, rate.date)

    @transaction.atomic
    def perform_update(self, serializer: Any) -> None:
        before = serializer.instance
        old_currency, old_date = before.currency, before.date
        super().perform_update(serializer)
        rate = serializer.instance
        _convert_again(
            rate.currency, min(old_date, rate.date) if old_currency == rate.currency else rate.date
        )
        if old_currency != rate.currency:
            _convert_again(old_currency, old_date)

    @transaction.atomic
    def perform_destroy(self, instance: ExchangeRate) -> None:
        currency, date = instance.currency, instance.date
        super().perform_destroy(instance)
        _convert_again(currency, date)
