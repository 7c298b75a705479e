"""Site-wide behaviour: languages, security headers, production settings, set-up commands."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from mobiliza.coalition.models import MemberState, NationalBody

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-US,en;q=0.9", "/en/"), ("es-GT,es;q=0.9", "/es/"), ("fr-FR", "/es/")],
)
def test_root_sends_the_browser_to_its_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_language_switcher_opens_the_same_page_in_the_other_language(client, login):
    login("secretariat")
    page = client.get("/es/coalition/national-bodies/")
    html = page.content.decode()
    assert 'name="language" value="en"' in html
    assert 'name="next" value="/en/coalition/national-bodies/"' in html
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/en/coalition/national-bodies/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/coalition/national-bodies/"
    english = client.get(response["Location"])
    assert "National bodies" in english.content.decode()


def test_every_page_sends_a_content_security_policy_without_inline_scripts(client, login):
    login("secretariat")
    response = client.get("/es/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()


def _production(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    program = "import django, json; django.setup(); from django.conf import settings; " + code
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_are_locked_down():
    result = _production(
        "print(json.dumps({k: getattr(settings, k) for k in ['DEBUG', 'SECURE_HSTS_SECONDS',"
        " 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        " 'MOBILIZA_ALLOW_DEMO_DATA', 'SECURE_CONTENT_TYPE_NOSNIFF', 'PASSWORD_HASHERS']}))",
        SECRET_KEY="a-long-random-secret-only-for-this-test-0123456789-abcdefghij",
        ALLOWED_HOSTS="mobiliza.example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["MOBILIZA_ALLOW_DEMO_DATA"] is False
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_production_refuses_to_start_without_a_secret_key():
    result = _production("print('started')", ALLOWED_HOSTS="mobiliza.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_malformed_setting_stops_start_up_naming_the_variable():
    result = _production(
        "print('started')",
        SECRET_KEY="a-long-random-secret-only-for-this-test-0123456789-abcdefghij",
        ALLOWED_HOSTS="mobiliza.example.org",
        EMAIL_USE_TLS="maybe",
    )
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr


@override_settings(MOBILIZA_ALLOW_DEMO_DATA=False)
def test_demo_data_is_refused_where_it_is_not_allowed(db):
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())


def test_setting_up_again_keeps_what_users_entered(db):
    body = NationalBody.objects.get(member_state__code="GT")
    body.member_institutions = 77
    body.website = "https://svet.example.org"
    body.save()
    counts = (MemberState.objects.count(), NationalBody.objects.count())
    output = io.StringIO()
    call_command("bootstrap", stdout=output)
    body.refresh_from_db()
    assert body.member_institutions == 77
    assert body.website == "https://svet.example.org"
    assert (MemberState.objects.count(), NationalBody.objects.count()) == counts
    assert "secretariat@example.org" in output.getvalue()  # the demo logins are printed


def test_a_server_error_shows_a_plain_page_without_a_traceback(db, cast, monkeypatch):
    from mobiliza.workspace import views

    def broken(self, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    client = Client(raise_request_exception=False)
    client.force_login(cast("secretariat"))
    response = client.get("/es/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Algo salió mal" in html and "Something went wrong" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_a_refused_page_explains_why_in_the_users_language(client, login):
    login("focal-gt")
    costa_rica = NationalBody.objects.get(member_state__code="CR")
    response = client.get(f"/es/coalition/national-bodies/{costa_rica.pk}/edit/")
    assert response.status_code == 403
    assert "Los puntos focales solo modifican los registros de su propio país" in (
        response.content.decode()
    )


def test_the_stylesheets_close_every_block_they_open():
    """A rule left open (a media query without its ``}``) swallows every rule after it:
    the pages would take the phone's layout at every width."""
    import re
    from pathlib import Path

    from django.conf import settings

    sheets = [
        *Path(settings.BASE_DIR, "static").rglob("*.css"),
        *Path(settings.BASE_DIR, "mobiliza").rglob("static/**/*.css"),
    ]
    assert sheets
    for sheet in sheets:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        depth = 0
        for char in text:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, sheet
        assert depth == 0, f"{sheet.name} leaves {depth} block(s) open"
