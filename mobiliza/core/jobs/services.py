"""Starting, running and running again the background jobs.

An app's task takes the job's id as its first argument and does its work inside
:func:`running_job`::

    @task
    def partners_import_job(job_id: str, path: str) -> int:
        with running_job(job_id) as run:
            ...
            run.progress(done, total)
            ...
            run.finish(message=..., url=...)

and a page or the API starts it with ``job_start(task=partners_import_job, user=...,
title=..., arguments=[path])``, then sends the user to ``job.get_absolute_url()``.

A job that raises :class:`JobFailed` is marked failed with that (translated) message; one
that raises anything else is marked failed with a general message, and the error goes on
to the task queue, which logs it. Either may be queued again (:func:`job_retry`) by whoever
started it or by the Technical Secretariat.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobiliza.core.jobs.models import Job, JobStatus
from mobiliza.core.permissions import actor_for
from mobiliza.core.roles import Role

UNEXPECTED = gettext_lazy(
    "The job stopped on an unexpected error; nothing it was doing was saved. You can run it again."
)


class JobFailed(Exception):
    """The job cannot do its work; ``message`` says why, for the user who started it."""

    def __init__(
        self,
        message: Any,
        details: dict[str, Any] | None = None,
        *,
        url: str = "",
        label: Any = "",
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.details = details or {}
        # Where the user goes on from the failure (e.g. to upload a corrected file).
        self.url = url
        self.label = str(label)


def may_see(user: Any, job: Job) -> bool:
    """Whoever started a job sees it, and so does the Technical Secretariat."""
    actor = actor_for(user)
    if not actor.authenticated:
        return False
    return job.started_by_id == actor.user_id or actor.superuser or Role.SECRETARIAT in actor.roles


def visible_jobs(user: Any) -> Any:
    """The jobs the user may follow, newest first."""
    actor = actor_for(user)
    if not actor.authenticated:
        return Job.objects.none()
    if actor.superuser or Role.SECRETARIAT in actor.roles:
        return Job.objects.all()
    return Job.objects.filter(started_by_id=actor.user_id)


def may_retry(user: Any, job: Job) -> bool:
    return job.status == JobStatus.FAILED and may_see(user, job)


def _new_job(
    *, task: Any, title: Any, user: Any, arguments: list[Any] | tuple[Any, ...], total: int
) -> Job:
    starter = user if getattr(user, "pk", None) else None
    # A user's job speaks the language they started it in; scheduled work (a command run
    # by cron, in no one's language) speaks the site's.
    language = translation.get_language() if starter else None
    # The title is kept as its English source text, and each reader sees it in their own
    # language (Job.shown_title); a title given already translated is kept as given.
    with translation.override("en"):
        source_title = str(title)
    with translation.override(language or settings.LANGUAGE_CODE):
        job = Job(
            title=source_title,
            task_path=task.module_path,
            arguments=list(arguments),
            total=total,
            started_by=starter,
            language=translation.get_language(),
        )
    job.full_clean()
    job.save()
    return job


def _enqueue(job: Job) -> None:
    task = import_string(job.task_path)
    result = task.enqueue(str(job.pk), *job.arguments)
    # With a backend that runs the task at once, it has already updated the row.
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()


@transaction.atomic
def job_start(
    *,
    task: Any,
    title: Any,
    user: Any = None,
    arguments: list[Any] | tuple[Any, ...] = (),
    total: int = 0,
) -> Job:
    """Record a job and put its task on the queue: ``task(str(job.pk), *arguments)``.

    The queue of the database backend is a table in the same database, so the job and its
    place in the queue are saved together, or neither. ``user`` is None for scheduled work.
    """
    job = _new_job(task=task, title=title, user=user, arguments=arguments, total=total)
    _enqueue(job)
    return job


def job_run_here(
    *,
    task: Any,
    title: Any,
    user: Any = None,
    arguments: list[Any] | tuple[Any, ...] = (),
) -> tuple[Job, Any]:
    """Record a job and run its task now, in this process (a command run by hand or by
    cron); returns the job and what the task returned. It can be run again from its page
    like a queued one."""
    job = _new_job(task=task, title=title, user=user, arguments=arguments, total=0)
    value = task.call(str(job.pk), *job.arguments)
    job.refresh_from_db()
    return job, value


@transaction.atomic
def job_retry(*, job: Job, user: Any) -> Job:
    """Queue a failed job again, as it was first started; its progress starts afresh."""
    if not may_see(user, job):
        raise PermissionDenied
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise ValidationError(_("Only a job that failed can be run again."), code="not_failed")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED,
        done=0,
        message="",
        details={},
        started_at=None,
        finished_at=None,
    )
    job.refresh_from_db()
    _enqueue(job)
    return job


def _progress_alias() -> str:
    # A connection of its own (settings: DATABASES["jobs"], on PostgreSQL) commits the
    # progress at once, while the work's own transaction is still open on the default one.
    return "jobs" if "jobs" in connections.settings else DEFAULT_DB_ALIAS


@dataclass
class JobRun:
    """What a task's body is handed inside :func:`running_job`."""

    job: Job
    outcome: dict[str, Any]
    progress_alias: str = DEFAULT_DB_ALIAS

    @property
    def user(self) -> Any:
        return self.job.started_by

    @property
    def arguments(self) -> list[Any]:
        return list(self.job.arguments)

    def progress(self, done: int, total: int | None = None, message: Any = None) -> None:
        """Report how far the work got (``done`` of ``total`` items)."""
        values: dict[str, Any] = {"done": done}
        if total is not None:
            values["total"] = total
        if message is not None:
            values["message"] = str(message)
        Job.objects.using(self.progress_alias).filter(pk=self.job.pk).update(**values)
        for name, value in values.items():
            setattr(self.job, name, value)

    def finish(
        self,
        *,
        message: Any = "",
        url: str = "",
        file: tuple[str, bytes] | None = None,
        label: Any = "",
    ) -> None:
        """Say how the work ended and what it produced: a page to open (``url``) or a
        file to download (``file``: its name and content); ``label`` names the result."""
        self.outcome.update(message=str(message), url=url, file=file, label=str(label))


@contextlib.contextmanager
def running_job(job_id: str) -> Iterator[JobRun]:
    """Mark the job running, run the body in the starter's language, then mark it done or
    failed (see the module's docstring)."""
    job = Job.objects.select_related("started_by").get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        attempts=job.attempts + 1,
    )
    job.refresh_from_db()
    # A task run at once inside the transaction that started it (a backend without a
    # worker) has a job no other connection sees yet, and may hold its row: its progress
    # goes through that same transaction.
    inside_starter = transaction.get_connection().in_atomic_block
    run = JobRun(
        job=job,
        outcome={},
        progress_alias=DEFAULT_DB_ALIAS if inside_starter else _progress_alias(),
    )
    with translation.override(job.language):
        try:
            yield run
        except JobFailed as failed:
            _end(
                job,
                JobStatus.FAILED,
                message=failed.message,
                details=failed.details,
                url=failed.url,
                label=failed.label,
            )
            return
        except BaseException:
            # Also a worker stopped in the middle of the job (SystemExit, Ctrl-C): the job
            # is not left "running" for ever.
            _end(job, JobStatus.FAILED, message=str(UNEXPECTED))
            raise
    _end(job, JobStatus.DONE, **run.outcome)


def _end(
    job: Job,
    status: str,
    *,
    message: str = "",
    details: dict[str, Any] | None = None,
    url: str = "",
    file: tuple[str, bytes] | None = None,
    label: str = "",
) -> None:
    job.refresh_from_db()
    job.status = status
    job.message = message
    job.details = details or {}
    job.result_url = url
    job.result_label = label
    if status == JobStatus.DONE and job.total:
        job.done = job.total
    if file is not None:
        name, content = file
        job.result_file.save(name, ContentFile(content), save=False)
    job.finished_at = timezone.now()
    job.save()
