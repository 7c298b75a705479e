"""Background tasks of the agreements app (django-tasks)."""

from __future__ import annotations

import datetime

from django_tasks import task


@task
def send_reminders_task(today: str | None = None) -> int:
    """E-mail the reminders of reports owed that are due today; returns how many were sent.

    ``today`` (``YYYY-MM-DD``, for a run that catches up) defaults to the local date. Each
    reminder goes out once only, so the task may run as often as wanted.
    """
    from mobiliza.agreements.services import send_reminders

    day = datetime.date.fromisoformat(today) if today else None
    return send_reminders(day)


@task
def contributions_export_job(
    job_id: str, user_id: int, query: dict[str, list[str]], language: str
) -> int:
    """Write the contributions export of ``query`` (the list's filters) as XLSX for the
    user, reporting progress under ``job_id`` (see :mod:`mobiliza.core.exportjobs`)."""
    from django.contrib.auth import get_user_model
    from django.http import QueryDict
    from django.utils import translation

    from mobiliza.agreements import exports
    from mobiliza.core.exportjobs import export_job_write

    user = get_user_model().objects.get(pk=user_id)
    params = QueryDict(mutable=True)
    for name, values in query.items():
        params.setlist(name, values)
    with translation.override(language):
        contributions = exports.contributions_for_export(user=user, query=params)
        header, rows = exports.contribution_export_table(contributions)
        return export_job_write(job_id, header, rows, exports.export_title())
