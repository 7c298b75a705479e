"""A large export written in the background, as a job of :mod:`mobiliza.core.jobs`.

An export with more rows than its view writes at once (``BACKGROUND_ROWS``) becomes a
job: the view calls :func:`export_job_start` with the app's task and the list's query,
and sends the user to the job's page (its progress, then the file to download; only the
user who asked and the Technical Secretariat see it). The app's task runs inside
``running_job`` and hands its rows to :func:`export_job_write`, which writes the XLSX
into a temporary file, reporting progress, and keeps it as the job's result.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mobiliza.core.jobs.models import Job
from mobiliza.core.jobs.services import JobRun, job_start
from mobiliza.core.spreadsheets import write_xlsx

PROGRESS_EVERY = 1000  # rows between two updates of the progress


def export_job_start(
    *, task: Any, user: Any, title: Any, total: int, query: dict[str, list[str]]
) -> Job:
    """Queue ``task(job_id, query)`` for ``user``: the export of ``total`` rows."""
    return job_start(task=task, title=title, user=user, arguments=[query], total=total)


def export_job_write(
    run: JobRun, header: list[Any], rows: Iterable[Iterable[Any]], title: str, filename: str
) -> int:
    """Write the table as the job's XLSX file ``filename``, reporting progress; returns
    the rows written."""
    with tempfile.TemporaryFile() as handle:
        count = write_xlsx(
            handle,
            header,
            rows,
            title,
            progress=lambda done: run.progress(done),
            every=PROGRESS_EVERY,
        )
        handle.seek(0)
        content = handle.read()
    run.finish(
        message=ngettext("%(count)s row was written.", "%(count)s rows were written.", count)
        % {"count": count},
        file=(filename, content),
        label=_("Download the file"),
    )
    return count
