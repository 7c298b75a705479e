"""``manage.py generate_data --factor 100``: load a large, deterministic data set for benchmarks."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobiliza.bench.generator import BASE_COUNTS, clear, generate


class Command(BaseCommand):
    help = (
        "Generate a deterministic benchmark data set: FACTOR times CORETT's volume ("
        + ", ".join(f"{n:,} {name}" for name, n in BASE_COUNTS.items())
        + ") plus five years of daily exchange rates of eight currencies. The same factor, "
        "seed and --until date always give the same data. Rows are bulk-inserted WITHOUT "
        "history records (a benchmark data set needs no audit trail). Loads the coalition "
        "configuration first when the database has no member state."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="Scale of the business records: 1 is CORETT's volume, 0.01 a smoke test.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random data.")
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="Last day of the data, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help=(
                "First empty the business tables of the directory, pipeline and agreements "
                "and the exchange rates (users and the coalition configuration stay)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        factor = options["factor"]
        if factor <= 0:
            raise CommandError("--factor must be greater than zero.")
        if options["clear"]:
            try:
                clear(stdout=self.stdout)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
        try:
            counts = generate(
                factor, seed=options["seed"], stdout=self.stdout, until=options["until"]
            )
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Generated {sum(counts.values()):,} rows at factor {factor:g}.")
        )
