"""A large export written in the background: its progress and its file, in one place.

An export with more rows than its view writes at once is written by a django-tasks task
into :data:`EXPORT_DIR` of the default storage; the page the user is sent to asks
:func:`export_job_get` for the progress and offers the file once it is ``done``. The
state is kept in Django's cache under the job's random id, with the id of the user it
belongs to (nobody else sees it), as the background import keeps its own. The default
(local-memory) cache and the ImmediateBackend are per process, which serves tests and
development; production needs a shared cache and a database task backend with a worker.

The interface is small: :func:`export_job_start` (in the view), :func:`export_job_write`
(in the task: it writes the XLSX, reporting progress, and records the file or the
failure) and :func:`export_job_get` (in the status and download pages,
``core.views.ExportStatusView`` and ``ExportDownloadView``).
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from mobiliza.core.spreadsheets import write_xlsx

EXPORT_DIR = "exports"
JOB_TIMEOUT = 24 * 60 * 60  # a finished file can be downloaded for a day
PROGRESS_EVERY = 1000  # rows between two updates of the progress


def _key(job_id: str) -> str:
    return f"mobiliza:export:{job_id}"


def _set(job_id: str, **values: Any) -> dict[str, Any]:
    state = {**(export_job_get(job_id) or {}), **values}
    cache.set(_key(job_id), state, JOB_TIMEOUT)
    return state


def export_job_get(job_id: str) -> dict[str, Any] | None:
    """The job's state: ``status`` (running, done, failed), ``done`` and ``total`` rows,
    ``user_id``, ``filename``; ``path`` in the storage once done; ``message`` if it failed."""
    return cache.get(_key(job_id))


def export_job_start(*, user: Any, total: int, filename: str) -> str:
    """A new job for ``user`` of ``total`` rows, to be saved as ``filename``; its id."""
    job_id = secrets.token_urlsafe(16)
    _set(job_id, status="running", done=0, total=total, user_id=user.pk, filename=filename)
    return job_id


def export_job_path(job_id: str, filename: str) -> str:
    """Where in the default storage the job writes its file."""
    return f"{EXPORT_DIR}/{job_id}/{filename}"


def export_job_progress(job_id: str, done: int) -> None:
    _set(job_id, done=done)


def export_job_done(job_id: str, *, path: str, done: int) -> None:
    _set(job_id, status="done", done=done, path=path)


def export_job_failed(job_id: str, message: str) -> None:
    _set(job_id, status="failed", message=message)


def export_job_write(
    job_id: str, header: list[Any], rows: Iterable[Iterable[Any]], title: str
) -> int:
    """Write the table as the job's XLSX file, reporting progress; returns the rows written.

    A failure is recorded for the user (and raised again, for the task's log)."""
    state = export_job_get(job_id) or {}
    filename = state.get("filename") or "export.xlsx"
    try:
        with tempfile.TemporaryFile() as handle:
            count = write_xlsx(
                handle,
                header,
                rows,
                title,
                progress=lambda done: export_job_progress(job_id, done),
                every=PROGRESS_EVERY,
            )
            handle.seek(0)
            path = default_storage.save(export_job_path(job_id, filename), File(handle))
    except Exception:
        export_job_failed(job_id, _("The export stopped on an unexpected error; please try again."))
        raise
    export_job_done(job_id, path=path, done=count)
    return count
