"""What an outside client of /api/v1/ meets: the published schema and a token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def schema(db) -> dict[str, Any]:
    """The schema /api/schema/ publishes, as a client generator reads it."""
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def token_of(cast):
    """``token_of("focal-gt")``: that person's API token."""
    from rest_framework.authtoken.models import Token

    def get(name: str) -> str:
        token, _created = Token.objects.get_or_create(user=cast(name))
        return token.key

    return get
