"""A task the job tests run: it counts, reporting each step, and can be made to fail.

It lives with the tests, and is importable by a worker process the tests start."""

from __future__ import annotations

import os

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django_tasks import task

from mobiliza.core.jobs.services import running_job


def _progress_seen_from_outside(job_id: str) -> int:
    """The progress another connection (the progress page's) reads now."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT done FROM core_job WHERE id = %s", [job_id])
            return cursor.fetchone()[0]
    finally:
        other.close()


@task
def count_to(
    job_id: str,
    total: int,
    fail_while: str = "",
    produce_file: bool = False,
    check_seen: bool = False,
) -> int:
    """Count to ``total`` in one transaction; fail while the file ``fail_while`` exists.

    With ``check_seen`` it fails unless each step's progress is seen by another connection
    while the transaction is still open."""
    with running_job(job_id) as run:
        with transaction.atomic():
            for number in range(1, total + 1):
                run.progress(number, total)
                if check_seen and _progress_seen_from_outside(job_id) != number:
                    raise RuntimeError("the progress is not seen before the work commits")
            if fail_while and os.path.exists(fail_while):
                raise RuntimeError("asked to fail")
        if produce_file:
            content = "\n".join(str(n) for n in range(1, total + 1)).encode()
            run.finish(message=f"Counted to {total}.", file=("numbers.txt", content))
        else:
            run.finish(message=f"Counted to {total}.", url="/", label="Home")
        return total
    return 0
