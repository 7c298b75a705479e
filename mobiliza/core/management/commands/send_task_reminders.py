"""``manage.py send_task_reminders``: remind the owners of tasks (for cron, daily)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobiliza.core.work.services import send_task_reminders


class Command(BaseCommand):
    help = (
        "Remind each open task's owner on the task's reminder date and once when it is "
        "overdue, in the app and by e-mail in their language. Each reminder goes out once, "
        "so it is safe to run often; run it daily beside send_reminders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("date"):
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date must be YYYY-MM-DD, not {options['date']!r}."
                ) from error
        self.stdout.write(f"{send_task_reminders(day)} task reminder(s) sent.")
