"""Background tasks of the agreements app (django-tasks), run as jobs (mobiliza.core.jobs)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import task

from mobiliza.core.jobs.models import Job
from mobiliza.core.jobs.services import job_run_here, job_start, running_job

REMINDERS_TITLE = _("Reminders of reports owed")


@task
def send_reminders_task(job_id: str, today: str | None = None) -> int:
    """E-mail the reminders of reports owed that are due today; returns how many were sent.

    ``today`` (``YYYY-MM-DD``, for a run that catches up) defaults to the local date. Each
    reminder goes out once only, so the task may run as often as wanted.
    """
    from mobiliza.agreements.services import send_reminders

    day = datetime.date.fromisoformat(today) if today else None
    with running_job(job_id) as run:
        sent = send_reminders(day)
        run.progress(sent, sent)
        run.finish(
            message=ngettext("%(count)s reminder was sent.", "%(count)s reminders were sent.", sent)
            % {"count": sent}
        )
        return sent
    return 0


def reminders_enqueue(*, today: str | None = None, user: Any = None) -> Job:
    """Queue the day's reminders for a worker (the daily schedule, or a user)."""
    return job_start(task=send_reminders_task, title=REMINDERS_TITLE, user=user, arguments=[today])


def reminders_send_now(*, today: str | None = None, user: Any = None) -> tuple[Job, int]:
    """Send the day's reminders in this process, recorded as a job all the same."""
    return job_run_here(
        task=send_reminders_task, title=REMINDERS_TITLE, user=user, arguments=[today]
    )


@task
def contributions_export_job(job_id: str, query: dict[str, list[str]]) -> int:
    """Write the contributions export of ``query`` (the list's filters) as XLSX for the
    user who started job ``job_id``, in their language (see :mod:`mobiliza.core.exportjobs`)."""
    from django.http import QueryDict

    from mobiliza.agreements import exports
    from mobiliza.core.exportjobs import export_job_write

    with running_job(job_id) as run:
        params = QueryDict(mutable=True)
        for name, values in query.items():
            params.setlist(name, values)
        contributions = exports.contributions_for_export(user=run.user, query=params)
        header, rows = exports.contribution_export_table(contributions)
        filename = f"{exports.export_name()}.xlsx"
        return export_job_write(run, header, rows, exports.export_title(), filename)
    return 0
