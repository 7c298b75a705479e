"""The test cast: the coalition configuration and the demo users, loaded once per test run.

Tests name people as the demo does: ``cast("secretariat")``, ``cast("focal-gt")``.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_coalition", verbosity=0, stdout=io.StringIO())
        call_command("load_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def cast(db) -> Callable[[str], object]:
    """``cast("focal-gt")`` is the demo user focal-gt@example.org."""
    from mobiliza.accounts.models import User

    def get(name: str):
        user = User.objects.get(email=f"{name}@example.org")
        return user

    return get


@pytest.fixture
def login(client, cast):
    """Log the test client in as a member of the cast and return that user."""

    def do(name: str):
        user = cast(name)
        client.force_login(user)
        return user

    return do


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as the rolled-back database it sees would."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request of an earlier test (the test client
    runs the locale middleware in this thread) must not leave its language active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
