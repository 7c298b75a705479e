"""Helpers shared by the directory's tests."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token


class Api:
    """A client that sends ``Authorization: Token ...`` like a script would."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def get(self, path: str, data: dict | None = None):
        return self.client.get(path, data or {}, **self.headers)

    def _send(self, method: str, path: str, data: dict):
        return getattr(self.client, method)(
            path, json.dumps(data), content_type="application/json", **self.headers
        )

    def post(self, path: str, data: dict):
        return self._send("post", path, data)

    def patch(self, path: str, data: dict):
        return self._send("patch", path, data)

    def delete(self, path: str):
        return self.client.delete(path, **self.headers)


@pytest.fixture
def api(cast):
    """``api("focal-gt")``: an API client holding that person's token."""

    def make(name: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        return Api(token.key)

    return make
