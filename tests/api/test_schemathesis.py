"""Generated requests over every API operation, as the Secretariat and as a focal point.

Schemathesis reads the OpenAPI schema the API publishes and sends each operation a few
generated requests (valid and invalid parameters, bodies and codes), in process through
the WSGI application and inside the test's transaction. Bounded so that the suite stays
quick: a few examples per operation, no coverage phase (its exhaustive boundary cases take
minutes); the edge cases it found are tested one by one beside the code that refuses them.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

# The demo's people (loaded for every test run by the root conftest).
READERS = ("secretariat@example.org", "focal-gt@example.org")
# Hypothesis' own checks would refuse a test that reads the database for each example.
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "suppress_health_check": list(HealthCheck),
}


def _schema() -> Any:
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    # NUL characters in generated text too: the API must refuse them, not fail on them.
    loaded.config.generation.update(allow_x00=True)
    loaded.config.phases.update(phases=["examples", "fuzzing"])
    return loaded


schema = _schema()

# Few generated examples rarely hit a boundary, so each list's query parameters are also
# sent the values that once brought server errors: years 0, -1 and twenty digits, a NUL.
BAD_NUMBERS = ("0", "-1", "12345678901234567890")
BAD_TEXT = ("G\x00T",)


def _list_operations() -> list[tuple[str, list[tuple[str, str]]]]:
    found = []
    for path, item in sorted(schema.raw_schema["paths"].items()):
        if "get" not in item or "{" in path:
            continue
        parameters = []
        for parameter in item["get"].get("parameters", []):
            if parameter["in"] != "query":
                continue
            kind = parameter.get("schema", {}).get("type")
            values = BAD_NUMBERS if kind in ("integer", "number") else BAD_TEXT
            parameters.extend((parameter["name"], value) for value in values)
        found.append((path, parameters))
    return found


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction (PostgreSQL); Django's own test client holds it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _token(email: str) -> str:
    from mobiliza.accounts.models import User

    return Token.objects.get_or_create(user=User.objects.get(email=email))[0].key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=3, **SETTINGS)
def test_no_request_brings_a_server_error(case: Any) -> None:
    for email in READERS:
        response = case.call(headers={"Authorization": f"Token {_token(email)}"})
        case.validate_response(response, checks=[not_a_server_error])


@pytest.mark.parametrize(("path", "parameters"), _list_operations(), ids=lambda v: str(v)[:40])
def test_odd_query_values_are_refused_not_a_server_error(client, db, path, parameters):
    headers = {"HTTP_AUTHORIZATION": f"Token {_token(READERS[0])}"}
    failures = []
    for name, value in parameters:
        response = client.get(path, {name: value}, **headers)
        if response.status_code >= 500:
            failures.append(f"?{name}={value!r}: {response.status_code}")
    assert not failures, failures


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=2, **SETTINGS)
def test_responses_match_the_published_schema(case: Any) -> None:
    for email in READERS:
        response = case.call(headers={"Authorization": f"Token {_token(email)}"})
        case.validate_response(
            response,
            checks=[
                status_code_conformance,
                content_type_conformance,
                response_headers_conformance,
                response_schema_conformance,
            ],
        )
