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
