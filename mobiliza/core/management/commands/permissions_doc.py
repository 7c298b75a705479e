"""Write docs/permissions.md from the models' permission declarations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from mobiliza.core.permissions import permissions_markdown

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "permissions.md"


class Command(BaseCommand):
    help = "Write docs/permissions.md (who may do what) from the code; --check compares only."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="fail if the file is stale")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        text = permissions_markdown() + "\n"
        if check:
            if not DOCUMENT.exists() or DOCUMENT.read_text(encoding="utf-8") != text:
                raise SystemExit("docs/permissions.md is stale: run manage.py permissions_doc")
            return
        DOCUMENT.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {DOCUMENT.name}")
