"""The queue itself: jobs wait in the database until a worker (``manage.py db_worker``) runs
them, on SQLite in the test's database and on PostgreSQL in a worker process of its own.

The PostgreSQL test always uses the server at 127.0.0.1:5432 (user postgres), whatever
database the rest of the suite runs on, and is skipped when that server cannot be reached.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from mobiliza.core.jobs.services import job_start
from mobiliza.core.tests.job_tasks import count_to

ROOT = Path(__file__).resolve().parents[3]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> str:
    """What ``make run``'s worker does, until the queue is empty.

    It runs in the test's own connection and transaction, which it must not close between
    tasks as a worker process does (on PostgreSQL that would end the test's transaction).
    """
    from django_tasks_db.management.commands import db_worker

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = io.StringIO()
    try:
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    finally:
        for number, handler in handlers.items():  # the worker takes over Ctrl-C
            signal.signal(number, handler)
    return out.getvalue()


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queued_job_waits_for_the_worker_which_runs_it_to_the_end(client, login):
    from django_tasks_db.models import DBTaskResult

    user = login("focal-gt")
    with translation.override("en"):
        job = job_start(task=count_to, title="Counting", user=user, arguments=[3])
        address = job.get_absolute_url()  # the English page, whatever language is active
    job.refresh_from_db()
    assert job.status == "queued"
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "READY"
    assert "Waiting for a worker to start it…" in client.get(address).content.decode()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.message) == ("done", 3, 3, "Counted to 3.")
    result = DBTaskResult.objects.get(id=job.task_result_id)
    assert (result.status, result.return_value) == ("SUCCESSFUL", 3)


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_job_failing_in_the_worker_is_marked_failed_and_runs_again(client, login, tmp_path):
    from django_tasks_db.models import DBTaskResult

    flag = tmp_path / "fail"
    flag.touch()
    user = login("focal-gt")
    with translation.override("en"):
        job = job_start(task=count_to, title="Counting", user=user, arguments=[2, str(flag)])
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message.startswith("The job stopped on an unexpected error")
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"

    flag.unlink()
    client.post(job.get_absolute_url() + "run-again/")
    job.refresh_from_db()
    assert job.status == "queued"  # back in the queue, for the worker
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.attempts) == ("done", 2, 2)


# --- PostgreSQL, with the worker in a process of its own ------------------------------------


def _postgres() -> object | None:
    try:
        import psycopg

        return psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        )
    except Exception:  # noqa: BLE001 - any failure to connect means: no server here
        return None


@pytest.fixture(scope="module")
def postgres_database():
    """A fresh, migrated PostgreSQL database, dropped afterwards; skip without a server."""
    server = _postgres()
    if server is None:
        pytest.skip("No PostgreSQL server at 127.0.0.1:5432")
    name = f"mobiliza_queue_test_{uuid.uuid4().hex[:8]}"
    server.execute(f'CREATE DATABASE "{name}"')  # type: ignore[attr-defined]
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        manage("migrate", "--no-input", "-v", "0", url=url)
        yield url
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]
        server.close()  # type: ignore[attr-defined]


def manage(
    *arguments: str,
    url: str,
    timeout: int = 300,
    backend: str = "django_tasks_db.DatabaseBackend",
) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": url,
        "TASK_BACKEND": backend,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


ENQUEUE = """
from django.contrib.auth import get_user_model
from django.utils import translation
from mobiliza.core.jobs.services import job_start
from mobiliza.core.tests.job_tasks import count_to
import uuid
user = get_user_model().objects.create_user(email=f"{uuid.uuid4().hex}@example.org")
with translation.override("en"):
    # Each step checks that the progress page would already see it (check_seen).
    job = job_start(task=count_to, title="Counting", user=user, arguments=[25, "", False, True])
print(job.pk)
"""


def test_a_worker_process_runs_a_queued_job_on_postgresql_showing_progress_as_it_goes(
    postgres_database,
):
    import psycopg

    job_id = manage("shell", "-c", ENQUEUE, url=postgres_database).strip().splitlines()[-1]
    with psycopg.connect(postgres_database.replace("postgres://", "postgresql://")) as db:
        status = db.execute("SELECT status FROM core_job WHERE id = %s", [job_id]).fetchone()
        assert status == ("queued",)

        manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", url=postgres_database)

        row = db.execute(
            "SELECT status, done, total, message, attempts, started_at IS NOT NULL,"
            " finished_at IS NOT NULL, task_result_id FROM core_job WHERE id = %s",
            [job_id],
        ).fetchone()
        assert row is not None
        assert row[:7] == ("done", 25, 25, "Counted to 25.", 1, True, True)
        result = db.execute(
            "SELECT status, return_value::text FROM django_tasks_database_dbtaskresult WHERE id = %s",
            [row[7]],
        ).fetchone()
        assert result == ("SUCCESSFUL", "25")


RUN_AT_ONCE_AND_AGAIN = """
import os, sys, tempfile, uuid
from django.contrib.auth import get_user_model
from mobiliza.core.jobs.services import job_retry, job_start
from mobiliza.core.tests.job_tasks import count_to
user = get_user_model().objects.create_user(email=f"{uuid.uuid4().hex}@example.org")
flag = tempfile.NamedTemporaryFile(delete=False).name
job = job_start(task=count_to, title="Counting", user=user, arguments=[3, flag])
print(job.status)
os.unlink(flag)
job = job_retry(job=job, user=user)
print(job.status, job.done, job.attempts)
"""


def test_a_job_run_at_once_on_postgresql_reports_progress_in_its_own_transaction(
    postgres_database,
):
    """Without a worker (the immediate backend) the task runs inside the transaction that
    starts or restarts it, which holds the job's row: its progress must not wait for it."""
    out = manage(
        "shell",
        "-c",
        RUN_AT_ONCE_AND_AGAIN,
        url=postgres_database,
        timeout=120,
        backend="django_tasks.backends.immediate.ImmediateBackend",
    )
    assert out.strip().splitlines()[-2:] == ["failed", "done 3 2"]
