"""Forms of the exchange-rate pages: one rate, the CSV upload, and the list's filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mobiliza.core.currencies import currency_choices
from mobiliza.core.filters import FilterSet
from mobiliza.core.forms import VersionedModelForm, validate_upload
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import RATE_SCALE, ExactDecimalFormField, reporting_currency
from mobiliza.core.rates.services import MAX_RATE, format_rate_plain

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# A CSV file has no signature to recognise it by: any start passes here, and the reader
# refuses workbooks, PDFs, binary files and text that is not UTF-8, saying which.
CSV_KINDS: dict[str, tuple[bytes, ...]] = {"CSV": (b"",)}


def _currency_choices() -> list[tuple[str, str]]:
    target = reporting_currency()
    return [("", "—")] + [(code, name) for code, name in currency_choices() if code != target]


class RateInput(ExactDecimalFormField):
    """A rate typed with a decimal point or, as Spanish writes it, a decimal comma.

    Read from the text with ``Decimal``; no thousands separators (a rate is small).
    """

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value <= 0:
            raise ValidationError(_("The rate must be more than zero."), code="not_positive")
        if value is not None and value >= MAX_RATE:
            raise ValidationError(
                _("The rate must be less than %(max)s."), params={"max": MAX_RATE}, code="too_big"
            )


class ExchangeRateForm(VersionedModelForm):
    """One rate; the reporting currency is the configured one, never typed."""

    currency = forms.ChoiceField(label=_("currency"), choices=_currency_choices)
    rate = RateInput(label=_("rate"), max_digits=8 + RATE_SCALE, decimal_places=RATE_SCALE)

    class Meta:
        model = ExchangeRate
        fields = ["date", "currency", "rate", "source"]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["rate"].help_text = _(
            "How many %(reporting)s one unit of this currency was worth on that date "
            "(at most %(places)s decimal places)."
        ) % {"reporting": reporting_currency(), "places": RATE_SCALE}
        self.fields["rate"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        if self.instance.pk and not self.is_bound:
            self.initial["rate"] = format_rate_plain(self.instance.rate)
        self.instance.reporting_currency = reporting_currency()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        currency, day = cleaned.get("currency"), cleaned.get("date")
        if currency and day:
            taken = ExchangeRate.objects.filter(
                currency=currency, date=day, reporting_currency=reporting_currency()
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                raise ValidationError(
                    _(
                        "The table already has the rate of %(currency)s on %(date)s: "
                        "edit that one instead."
                    ),
                    params={"currency": currency, "date": day.isoformat()},
                    code="duplicate",
                )
        return cleaned


class RateImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of rates"),
        help_text=_(
            "Columns date, currency, rate (and optionally source); the first row is the header."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )
    source = forms.CharField(
        label=_("source"),
        max_length=200,
        required=False,
        help_text=_(
            "Where the rates come from (a central bank, for instance), for rows without one."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload, CSV_KINDS)
        return upload


class ExchangeRateFilter(FilterSet):
    """``?currency=MXN&date_from=2024-01-01&date_to=2024-12-31`` on the page and in links."""

    currency = django_filters.ChoiceFilter(
        label=_("currency"), choices=_currency_choices, empty_label=_("All")
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("from"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("until"), widget=DATE
    )

    class Meta:
        model = ExchangeRate
        fields = ["currency", "date_from", "date_to"]
