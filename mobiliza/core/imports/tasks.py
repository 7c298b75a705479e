"""Background tasks of the import wizard (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task
def purge_import_previews_task() -> int:
    """Delete the uploads and checked rows of imports never confirmed within
    ``IMPORT_PREVIEW_HOURS``; returns how many were deleted. Safe to run as often as wanted."""
    from mobiliza.core.imports.services import purge_previews

    return purge_previews()
