from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mobiliza.core.drf.serializers import CurrencyField, VersionedModelSerializer
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import reporting_currency


class ExchangeRateSerializer(VersionedModelSerializer):
    currency = CurrencyField()
    reporting_currency = CurrencyField(
        default=reporting_currency,
        help_text=_("The currency the rate converts to; the configured one when left out."),
    )

    class Meta:
        model = ExchangeRate
        fields = [
            "id",
            "date",
            "currency",
            "rate",
            "reporting_currency",
            "source",
            "version",
            "updated_at",
        ]
