"""``manage.py send_reminders``: the reminders of reports owed and of tasks (for cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobiliza.agreements.tasks import reminders_enqueue, reminders_send_now


class Command(BaseCommand):
    help = (
        "E-mail reminders of reporting deadlines: once when a deadline enters its reminder "
        "window (remind_days_before, default REMINDER_DAYS_BEFORE) and once when it becomes "
        "overdue, to the responsible person or else the Technical Secretariat. Each reminder "
        "is sent only once, so it is safe to run often. The tasks' reminders are sent by "
        "`manage.py send_task_reminders`. Run it daily from cron, for instance "
        "`15 6 * * * cd /srv/mobiliza && .venv/bin/python manage.py send_reminders --enqueue`. "
        "With --enqueue the job goes to the task queue (a worker sends the e-mails) "
        "instead of running now; either way it is recorded as a job the Technical "
        "Secretariat can follow and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD), to catch up a missed run.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for a worker instead of running it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options.get("date")
        if day:
            try:
                datetime.date.fromisoformat(day)
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}.") from error
        if options["enqueue"]:
            job = reminders_enqueue(today=day)
            self.stdout.write(f"Reminder job queued ({job.pk}).")
            return
        _job, sent = reminders_send_now(today=day)
        self.stdout.write(f"{sent} reminder(s) sent.")
