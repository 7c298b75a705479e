"""Uploads and previews never confirmed are deleted on a schedule, with their files."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from mobiliza.core.imports.tasks import purge_import_previews_task
from mobiliza.core.models import ImportPreview


def kept_preview(user, hours_ago: float) -> ImportPreview:
    preview = ImportPreview(user=user, importer="partners", file_name="socios.csv")
    preview.upload.save("upload", ContentFile(b"Nombre\nUno\n"), save=False)
    preview.checked.save("checked.json", ContentFile(b'{"format": 1, "rows": []}'), save=False)
    preview.save()
    ImportPreview.objects.filter(pk=preview.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return preview


def test_the_command_deletes_abandoned_previews_and_their_files_and_keeps_recent_ones(cast):
    user = cast("secretariat")
    old = kept_preview(user, hours_ago=30)
    recent = kept_preview(user, hours_ago=1)
    out = io.StringIO()

    call_command("purge_imports", stdout=out)

    assert "1 abandoned" in out.getvalue()
    assert not ImportPreview.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.upload.name)
    assert not default_storage.exists(old.checked.name)
    assert ImportPreview.objects.filter(pk=recent.pk).exists()
    assert default_storage.exists(recent.upload.name)


def test_the_task_follows_the_configured_age(cast, settings):
    settings.IMPORT_PREVIEW_HOURS = 2
    preview = kept_preview(cast("secretariat"), hours_ago=3)
    assert purge_import_previews_task.call() == 1
    assert not ImportPreview.objects.filter(pk=preview.pk).exists()


def test_a_file_left_by_a_background_import_is_deleted_once_old(cast, settings):
    path = default_storage.save("imports/checked/left.json", ContentFile(b"{}"))
    settings.IMPORT_PREVIEW_HOURS = 0
    assert purge_import_previews_task.call() >= 1
    assert not default_storage.exists(path)
