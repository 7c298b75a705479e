"""``manage.py purge_imports``: delete abandoned import uploads and previews (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mobiliza.core.imports.tasks import purge_import_previews_task


class Command(BaseCommand):
    help = (
        "Delete the files uploaded to the import wizard, and the rows it checked, that were "
        "never confirmed within IMPORT_PREVIEW_HOURS (default 24). Run it hourly from cron, "
        "for instance `5 * * * * cd /srv/mobiliza && .venv/bin/python manage.py "
        "purge_imports`. With --enqueue the task goes to the task backend instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for a worker instead of running it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_import_previews_task.enqueue()
            self.stdout.write(f"Purge task queued ({result.id}).")
            return
        removed = purge_import_previews_task.call()
        self.stdout.write(f"{removed} abandoned import file(s) or preview(s) deleted.")
