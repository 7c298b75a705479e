"""``manage.py bench``: time every page at factor 1 and 100 and write ``bench/results.json``."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobiliza.bench import runner


def factors(text: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(f"--factors: {error}") from error
    if not values or any(value <= 0 for value in values):
        raise CommandError("--factors needs one or more numbers greater than zero.")
    return values


class Command(BaseCommand):
    help = (
        "Benchmark the pages, the API lists and the partner import at each factor (the data "
        "set is regenerated for each: the business tables are CLEARED first), print a table "
        "and write the figures, ratios and targets as JSON (default bench/results.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factors", default="1,100", help="Comma-separated, e.g. 1,100.")
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per case.")
        parser.add_argument("--import-rows", type=int, default=20000, help="Rows to import.")
        parser.add_argument(
            "--transport",
            choices=["http", "client"],
            default="http",
            help="http: real requests to gunicorn; client: Django's test client in-process.",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--keep", action="store_true", help="Leave the last data set (default: clear it)."
        )
        parser.add_argument("--output", type=Path, default=None, help="JSON file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requests"] < 1 or options["import_rows"] < 1:
            raise CommandError("--requests and --import-rows must be at least 1.")
        output = options["output"] or Path(settings.BASE_DIR) / "bench" / "results.json"
        chosen = runner.Options(
            factors=factors(options["factors"]),
            requests=options["requests"],
            import_rows=options["import_rows"],
            transport=options["transport"],
            keep=options["keep"],
            seed=options["seed"],
            output=output,
        )

        def log(text: str) -> None:
            self.stdout.write(text)
            self.stdout.flush()

        # A SIGTERM unwinds like an error, so gunicorn is stopped and the admin user dropped.
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            results = runner.run(chosen, log)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        finally:
            signal.signal(signal.SIGTERM, previous)
        runner.write(results, output)
        self.stdout.write("")
        self.stdout.write(runner.table(results))
        self.stdout.write(f"\nWritten to {output}")
