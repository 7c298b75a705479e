from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mobiliza.core.drf.serializers import CurrencyField, VersionedModelSerializer
from mobiliza.core.jobs.services import may_retry
from mobiliza.core.models import ExchangeRate, Job
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


class JobSerializer(serializers.ModelSerializer):
    """A background job's progress and result, as its page shows them."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    page = serializers.SerializerMethodField(help_text=_("The job's page."))
    title = serializers.CharField(
        source="shown_title", read_only=True, help_text=_("What the job does, in your language.")
    )
    download = serializers.SerializerMethodField(
        help_text=_("Where to download the file the job produced, if it produced one.")
    )
    can_run_again = serializers.SerializerMethodField(
        help_text=_("Whether the reader may run the job again (it failed).")
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "status",
            "status_label",
            "done",
            "total",
            "percent",
            "message",
            "details",
            "started_by",
            "created_at",
            "started_at",
            "finished_at",
            "attempts",
            "result_url",
            "result_label",
            "page",
            "download",
            "can_run_again",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_page(self, job: Job) -> str:
        return self._absolute(job.get_absolute_url())

    def get_download(self, job: Job) -> str | None:
        if not job.result_file:
            return None
        return self._absolute(reverse("jobs:download", args=[job.pk]))

    def get_can_run_again(self, job: Job) -> bool:
        request = self.context.get("request")
        return request is not None and may_retry(request.user, job)
