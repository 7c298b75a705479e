"""Both languages are complete: every string in the code has its Spanish translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="needs gettext")


def _entries(po: Path, *flags: str) -> str:
    result = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(po)], capture_output=True, text=True, check=True
    )
    # msgattrib prints the header entry too; keep only real messages.
    return "\n".join(
        line
        for line in result.stdout.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    )


@pytest.mark.parametrize("language", ["es", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    assert _entries(po, "--untranslated") == ""
    assert _entries(po, "--only-fuzzy") == ""


def test_every_string_in_the_code_is_in_the_spanish_catalogue(tmp_path):
    """Extract the strings afresh in a copy of the project; none may be new."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("mobiliza", "templates", "config", "locale", "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-location", "-v", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    fresh = copy / "locale" / "es" / "LC_MESSAGES" / "django.po"
    # A new string close to an old one arrives fuzzy, with the old one's translation.
    missing = _entries(fresh, "--untranslated") + _entries(fresh, "--only-fuzzy")
    assert missing == "", (
        "strings without a Spanish translation (run scripts/update-translations):\n" + missing
    )
