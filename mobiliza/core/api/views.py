"""Exchange rates under /api/v1/: read by the coalition's staff, written by the managers.

Every write calls the same rate services as the pages (:mod:`mobiliza.core.rates.services`),
so the API converts the contributions again and refuses what the pages refuse (the only
rate a contribution is converted at is not deleted), with the same message.
"""

from __future__ import annotations

from typing import Any

from mobiliza.core.api import filters, serializers
from mobiliza.core.drf.serializers import EXACT_PARSERS
from mobiliza.core.drf.viewsets import ScopedModelViewSet, expected_version
from mobiliza.core.models import ExchangeRate
from mobiliza.core.rates import services as rates


def _data(serializer: Any) -> dict[str, Any]:
    return {k: v for k, v in serializer.validated_data.items() if k != "version"}


class ExchangeRateViewSet(ScopedModelViewSet):
    """How many units of the reporting currency one unit of a currency was worth on a day."""

    queryset = ExchangeRate.objects.all()
    serializer_class = serializers.ExchangeRateSerializer
    filterset_class = filters.ExchangeRateFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["currency", "source"]
    ordering_fields = ["date", "currency"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance, _count = rates.rate_create(
            user=self.request.user, data=_data(serializer)
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance, _count = rates.rate_update(
            user=self.request.user,
            instance=serializer.instance,
            data=_data(serializer),
            version=expected_version(self.request),
        )

    def perform_destroy(self, instance: ExchangeRate) -> None:
        rates.rate_delete(user=self.request.user, instance=instance)
