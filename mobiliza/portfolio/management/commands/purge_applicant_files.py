"""``manage.py purge_applicant_files``: delete consultancy applicants' files past their
retention date (for cron, daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mobiliza.portfolio.consultancies.services import purge_applicant_files


class Command(BaseCommand):
    help = (
        "Delete the stored files of the consultancy calls' applicants whose retention date "
        "(retention_until: the call's closing date plus MOBILIZA_APPLICANT_RETENTION_DAYS, "
        "365 by default) has passed. The applicants and their documents' rows stay, with "
        "the day the files were deleted in their history; a second run deletes nothing. "
        "Run it daily from cron, for instance `40 3 * * * cd /srv/mobiliza && "
        ".venv/bin/python manage.py purge_applicant_files`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be deleted, and delete nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        done = purge_applicant_files(dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"{done.files} file(s) of {done.applicants} applicant(s) would be deleted."
            )
        else:
            self.stdout.write(f"{done.files} file(s) of {done.applicants} applicant(s) deleted.")
