"""`make run` serves the site with a task worker beside it (scripts/serve), and Ctrl-C
stops both. The script is run with a stand-in for Python that records what it was asked
to start; the worker's command line is then given to the real ``db_worker``."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]

STAND_IN = """#!{python}
import os, signal, sys, time
log = os.environ["STAND_IN_LOG"]
role = sys.argv[2]
def stop(number, frame):
    with open(log, "a") as out:
        out.write(f"{{role}} stopped by {{signal.Signals(number).name}}\\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
if role == "db_worker":
    signal.signal(signal.SIGINT, stop)  # as the real worker does
with open(log, "a") as out:
    out.write(f"{{os.getpid()}} started {{' '.join(sys.argv[1:])}}\\n")
while True:
    time.sleep(0.1)
"""


def lines(log: Path, count: int, timeout: float = 20) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = log.read_text().splitlines() if log.exists() else []
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"expected {count} lines, got {found!r}")


def test_make_run_starts_the_site_through_the_script():
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "scripts/serve 127.0.0.1:8000" in plan
    assert "manage.py bootstrap" in plan  # which prints the demo log-ins


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_the_script_starts_the_web_server_and_a_worker_and_a_signal_stops_both(
    tmp_path, signal_number
):
    python = tmp_path / "python"
    python.write_text(STAND_IN.format(python=sys.executable))
    python.chmod(0o755)
    log = tmp_path / "log"
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve"), "127.0.0.1:8123"],
        env={**os.environ, "PYTHON": str(python), "STAND_IN_LOG": str(log)},
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        started = lines(log, 2)
        commands = sorted(line.split(" ", 2)[2] for line in started)
        assert commands == [
            "manage.py db_worker --queue-name * --no-reload",
            "manage.py runserver 127.0.0.1:8123",
        ]
        if signal_number == signal.SIGINT:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
        else:
            process.send_signal(signal.SIGTERM)  # e.g. a service manager stops it
        assert process.wait(timeout=30) is not None
        stopped = sorted(lines(log, 4)[2:])
        assert [line.split(" stopped")[0] for line in stopped] == ["db_worker", "runserver"]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_worker_command_line_of_the_script_is_one_db_worker_accepts(db):
    script = (ROOT / "scripts" / "serve").read_text()
    line = next(x for x in script.splitlines() if "manage.py db_worker" in x)
    arguments = shlex.split(line.split("manage.py", 1)[1].rstrip(" &"))
    assert arguments[0] == "db_worker"
    from django_tasks_db.management.commands import db_worker

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:  # in the test's connection, which it must not close (see test_jobs_queue.py)
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            call_command(*arguments, "--batch", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def _plan(*arguments: str, **environment: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | environment
    return subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.splitlines()


def test_make_run_on_another_port_points_links_to_that_port():
    plan = _plan("PORT=8010")
    bootstrap = next(line for line in plan if "manage.py bootstrap" in line)
    serve = next(line for line in plan if "scripts/serve" in line)
    assert "SITE_URL=http://127.0.0.1:8010 " in bootstrap
    assert "SITE_URL=http://127.0.0.1:8010 " in serve
    assert serve.endswith("scripts/serve 127.0.0.1:8010")
    # The settings the served site reads make its links absolute with that address.
    assignment = shlex.split(serve)[0]
    name, value = assignment.split("=", 1)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from mobiliza.core.mail import absolute_url; print(absolute_url('/es/calendar/'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, name: value, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
    )
    assert result.stdout.strip() == "http://127.0.0.1:8010/es/calendar/"


def test_make_run_keeps_a_site_url_that_is_set():
    plan = _plan("PORT=8010", SITE_URL="https://mobiliza.example.org")
    serve = next(line for line in plan if "scripts/serve" in line)
    assert serve.startswith("SITE_URL=https://mobiliza.example.org ")


TELL_SITE_URL = """#!{python}
import os, sys, time
with open(os.environ["STAND_IN_LOG"], "a") as out:
    out.write(sys.argv[2] + " " + os.environ.get("SITE_URL", "-") + "\\n")
if sys.argv[2] == "runserver":
    time.sleep(3)  # the script stops the worker when the web server ends: let it start
else:
    time.sleep(30)
"""


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        (None, "http://127.0.0.1:8123"),
        ("https://mobiliza.example.org", "https://mobiliza.example.org"),
    ],
)
def test_the_script_gives_both_programs_the_address_it_serves_unless_site_url_is_set(
    tmp_path, site_url, expected
):
    python = tmp_path / "python"
    python.write_text(TELL_SITE_URL.format(python=sys.executable))
    python.chmod(0o755)
    log = tmp_path / "log"
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    if site_url:
        env["SITE_URL"] = site_url
    subprocess.run(
        [str(ROOT / "scripts" / "serve"), "127.0.0.1:8123"],
        env={**env, "PYTHON": str(python), "STAND_IN_LOG": str(log)},
        timeout=60,
        check=True,
    )
    assert sorted(lines(log, 2)) == [f"db_worker {expected}", f"runserver {expected}"]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_the_first_run_prints_the_logins_and_no_e_mail(db, capsys, monkeypatch):
    from django.core.mail import send_mail

    from mobiliza.accounts import demo
    from mobiliza.accounts.management.commands import load_demo

    def demo_that_writes_to_someone(**kwargs):
        # What the services do on commit while the demo loads: a message to a demo user.
        send_mail("Nuevo convenio", "Cuerpo del mensaje", None, ["presidency@example.org"])
        return demo.demo_logins()

    monkeypatch.setattr(load_demo, "demo_load", demo_that_writes_to_someone)
    call_command("bootstrap")
    output = capsys.readouterr().out
    assert "Subject:" not in output and "Cuerpo del mensaje" not in output
    printed = output.rstrip().splitlines()
    heading = printed.index("Demo logins (password: mobiliza-demo):")
    logins = [line.split() for line in printed[heading + 1 :]]  # the table ends the output
    assert ["secretariat@example.org", "secretariat"] in logins
    assert all(row[0].endswith("@example.org") for row in logins)
    assert logins[-1][1] == "focal_point"


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_the_console_backend_would_have_printed_that_message(capsys):
    # The check above is worth something only if the message would otherwise show.
    from django.core.mail import send_mail

    send_mail("Nuevo convenio", "Cuerpo del mensaje", None, ["presidency@example.org"])
    assert "Cuerpo del mensaje" in capsys.readouterr().out
