"""``manage.py load_coalition [path]``: load or refresh the coalition's configuration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobiliza.plan.services import ConfigurationError, coalition_load


class Command(BaseCommand):
    help = (
        "Load the coalition's configuration file (coalition, member states, national "
        "bodies, strategy and plan of action). Safe to repeat: records are matched by "
        "code, saved only when a value differs, and never deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=None,
            help="The YAML file to load (default: settings.MOBILIZA_COALITION_FILE).",
        )

    def handle(self, *args: Any, path: str | None = None, **options: Any) -> None:
        try:
            report = coalition_load(path=path or settings.MOBILIZA_COALITION_FILE)
        except ConfigurationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.as_text())
