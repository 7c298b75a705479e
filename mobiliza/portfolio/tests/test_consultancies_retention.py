"""An applicant's files are deleted from storage on its documented retention date; the rows
stay, dated and in the history; a second run deletes nothing."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from mobiliza.core.history import history_of
from mobiliza.portfolio.consultancies.models import Applicant
from mobiliza.portfolio.tests.test_consultancies_helpers import (
    CLOSES,
    applicant,
    new_call,
    regional_project,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_applicant_files", *args, stdout=out)
    return out.getvalue()


def two_applicants(media: Path) -> tuple[Applicant, Applicant]:
    call = step(new_call(regional_project("GT")), "publish")
    old = applicant(call, "Ana Pérez", retention_until=datetime.date(2020, 1, 1))
    kept = applicant(call, "Beto Gómez")
    return old, kept


def stored(someone: Applicant) -> Path:
    return Path(someone.documents.get().file.path)


def test_the_retention_date_is_the_closing_date_plus_the_setting(media):
    call = step(new_call(regional_project("GT")), "publish")
    with override_settings(MOBILIZA_APPLICANT_RETENTION_DAYS=30):
        ana = applicant(call, "Ana Pérez")
    assert ana.retention_until == CLOSES + datetime.timedelta(days=30)


def test_the_purge_deletes_the_files_past_their_date_and_keeps_the_rows(media):
    old, kept = two_applicants(media)
    old_file, kept_file = stored(old), stored(kept)
    assert old_file.exists() and str(old_file).startswith(str(media))

    assert "1 file(s) of 1 applicant(s) deleted" in run()

    assert not old_file.exists()
    assert kept_file.exists()
    old.refresh_from_db()
    assert old.files_deleted_on is not None
    assert old.documents.count() == 1 and not old.documents.get().file
    with translation.override("en"):
        reasons = [str(entry.reason) for entry in history_of(old)]
    assert any("retention date" in reason for reason in reasons)


def test_a_second_purge_deletes_nothing(media):
    two_applicants(media)
    run()
    assert "0 file(s) of 0 applicant(s) deleted" in run()


def test_a_dry_run_says_what_it_would_delete_and_deletes_nothing(media):
    old, _ = two_applicants(media)
    assert "1 file(s) of 1 applicant(s) would be deleted" in run("--dry-run")
    assert stored(old).exists()
    old.refresh_from_db()
    assert old.files_deleted_on is None


def test_the_page_of_an_applicant_says_when_its_files_were_deleted(client, login, media):
    old, _ = two_applicants(media)
    run()
    login("secretariat")
    page = client.get(f"/en/portfolio/consultancies/applicants/{old.pk}/").content.decode()
    assert "file deleted on" in page
    document = old.documents.get()
    assert (
        client.get(f"/en/portfolio/consultancies/documents/{document.pk}/download/").status_code
        == 404
    )
