from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mobiliza.core.drf.serializers import CurrencyField, VersionedModelSerializer
from mobiliza.core.jobs.services import may_retry
from mobiliza.core.models import ExchangeRate, Job, Task
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


class TaskSerializer(VersionedModelSerializer):
    """A task: who owes what by when, and the record it is about."""

    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        help_text=_("Who does it (its user id); yourself when left out."),
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    about = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=120,
        help_text=_("The record the task is about, as app.model:id (pipeline.opportunity:12)."),
    )
    record = serializers.SerializerMethodField(
        help_text=_("The record the task is about, as app.model:id; null for none.")
    )
    page = serializers.SerializerMethodField(help_text=_("The task's page."))

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "owner",
            "due_on",
            "remind_on",
            "status",
            "status_label",
            "closed_at",
            "source",
            "record",
            "about",
            "created_by",
            "page",
            "version",
            "updated_at",
        ]
        read_only_fields = ["status", "closed_at", "source", "created_by", "updated_at"]

    def get_record(self, task: Task) -> str | None:
        if not task.content_type_id or not task.object_id:
            return None
        content_type = task.content_type
        assert content_type is not None
        return f"{content_type.app_label}.{content_type.model}:{task.object_id}"

    def get_page(self, task: Task) -> str:
        request = self.context.get("request")
        path = task.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path
