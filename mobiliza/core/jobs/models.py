"""The record of a background job (imported by ``mobiliza.core.models``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """Work a user (or the daily schedule) put on the task queue: what it is, how far it
    got, how it ended and what it produced (a file to download or a page to open).

    Not a business record: it has no history, as its progress changes many times a minute.
    The task itself is a django-tasks task; ``task_path`` and ``arguments`` are kept so that
    a failed job can be queued again as it was.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    task_path = models.CharField(_("task"), max_length=255)
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    # What the page lists besides the message, e.g. the rows of a refused import.
    details = models.JSONField(_("details"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    # The job runs in the language of whoever started it, so its messages are theirs.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    result_url = models.CharField(_("link to the result"), max_length=500, blank=True)
    result_file = models.FileField(_("file produced"), upload_to="jobs/%Y/%m/", blank=True)
    result_label = models.CharField(_("result"), max_length=200, blank=True)
    task_result_id = models.CharField(_("task run"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="job_starter_idx")]

    def __str__(self) -> str:
        return self.shown_title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("jobs:detail", args=[self.pk])

    @property
    def shown_title(self) -> str:
        """The title in the reader's language (it is kept as its English source text)."""
        return gettext(self.title)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        """How far the job got, 0 to 100 (100 once done, whatever was counted)."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, 100 * self.done // self.total)
