"""The schema is one contract, and the answers keep it.

A client generated from /api/schema/ in Guatemala City and one generated in Washington are
the same; every list, read by the Secretariat or by a focal point with the demo data,
matches what the schema says of it (enums, nullable fields, formats).
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from openapi_schema_validator import OAS30ReadValidator
from openapi_spec_validator import validate as validate_spec

SCHEMA = "/api/schema/"


def test_the_schema_is_the_same_whatever_the_language_and_its_names_are_ascii(db):
    spanish = Client().get(SCHEMA, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="es")
    english = Client().get(SCHEMA, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    asked = Client().get(SCHEMA, {"format": "json", "lang": "es"})

    assert spanish.status_code == english.status_code == 200
    assert spanish.content == english.content == asked.content
    schema = english.json()
    names = [*schema["components"]["schemas"], *schema["components"].get("parameters", {})]
    operations = [
        operation["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert names and operations
    assert [name for name in names + operations if not name.isascii()] == []
    assert "Partner" in schema["components"]["schemas"]
    validate_spec(schema)  # a valid OpenAPI 3.0 document


def test_a_write_takes_json_and_only_a_file_upload_takes_multipart(schema):
    bodies = {
        (path, method): set(operation["requestBody"]["content"])
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if isinstance(operation, dict) and "requestBody" in operation
    }
    assert bodies
    assert {kinds for kinds in map(frozenset, bodies.values())} <= {
        frozenset({"application/json"}),
        frozenset({"multipart/form-data"}),
    }
    assert bodies[("/api/v1/partners/", "post")] == {"application/json"}
    assert bodies[("/api/v1/attachments/", "post")] == {"multipart/form-data"}


def test_errors_preconditions_and_headers_are_documented(schema):
    error = {"$ref": "#/components/schemas/Error"}
    update = schema["paths"]["/api/v1/partners/{id}/"]["put"]
    for code in ("400", "401", "403", "404", "409", "412", "428"):
        assert update["responses"][code]["content"]["application/json"]["schema"] == error
    assert "If-Match" in [p["name"] for p in update["parameters"]]
    assert "ETag" in update["responses"]["200"]["headers"]
    create = schema["paths"]["/api/v1/contributions/"]["post"]
    assert "Location" in create["responses"]["201"]["headers"]
    assert {"400", "401", "403"} <= set(create["responses"])
    listed = schema["paths"]["/api/v1/opportunities/"]["get"]
    ordering = next(p for p in listed["parameters"] if p["name"] == "ordering")
    assert {"title", "-title", "updated_at"} <= set(ordering["schema"]["enum"])
    assert "cursor" in [p["name"] for p in listed["parameters"]]
    assert set(schema["components"]["schemas"]["Error"]["properties"]) >= {"detail", "code"}


def test_a_code_names_the_list_of_codes(schema):
    opportunity = schema["components"]["schemas"]["Opportunity"]["properties"]
    partner = schema["components"]["schemas"]["Partner"]["properties"]
    assert opportunity["step"]["x-codes"] == "/api/v1/steps/"
    assert opportunity["resource_kind"]["x-codes"] == "/api/v1/resource-kinds/"
    assert partner["source_type"]["x-codes"] == "/api/v1/source-types/"
    assert partner["areas"]["items"]["x-codes"] == "/api/v1/directory-terms/"
    assert partner["axes"]["items"]["x-codes"] == "/api/v1/axes/"
    filters = {
        parameter["name"]: parameter["schema"].get("x-codes")
        for parameter in schema["paths"]["/api/v1/opportunities/"]["get"]["parameters"]
    }
    assert filters["country"] == "/api/v1/member-states/"
    assert filters["resource_kind"] == "/api/v1/resource-kinds/"


def _list_paths(schema):
    return sorted(
        path
        for path, methods in schema["paths"].items()
        if "{" not in path
        and "get" in methods
        and "/Paginated" in str(methods["get"]["responses"]["200"])
    )


def _response_schema(schema, path, status="200"):
    content = schema["paths"][path]["get"]["responses"][status]["content"]
    return {**content["application/json"]["schema"], "components": schema["components"]}


@pytest.mark.parametrize("reader", ["secretariat", "focal-gt"])
def test_every_list_answers_as_its_schema_says(schema, token_of, reader):
    client = Client(HTTP_AUTHORIZATION=f"Token {token_of(reader)}")
    paths = _list_paths(schema)
    assert len(paths) >= 21
    broken: set[tuple[str, str, str]] = set()
    seen = 0
    for path in paths:
        response = client.get(path, {"page_size": 100})
        assert response.status_code == 200, (path, response.content[:300])
        body = response.json()
        seen += len(body["results"])
        validator = OAS30ReadValidator(
            _response_schema(schema, path), format_checker=OAS30ReadValidator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(body):
            field = ".".join(str(part) for part in error.absolute_path if isinstance(part, str))
            broken.add((path, field, error.message[:120]))
        if body["results"]:
            # The first record read alone matches its own schema too.
            one = client.get(f"{path}{body['results'][0]['id']}/")
            assert one.status_code == 200, path
            validator = OAS30ReadValidator(
                _response_schema(schema, f"{path}{{id}}/"),
                format_checker=OAS30ReadValidator.FORMAT_CHECKER,
            )
            for error in validator.iter_errors(one.json()):
                field = ".".join(str(part) for part in error.absolute_path if isinstance(part, str))
                broken.add((f"{path}{{id}}/", field, error.message[:120]))
    assert seen > 0
    assert not broken, "\n".join(map(str, sorted(broken)))


def test_the_schema_command_writes_the_schema_the_site_publishes(schema):
    written = io.StringIO()
    with translation.override("es"):
        call_command("spectacular", "--format", "openapi-json", stdout=written)

    assert json.loads(written.getvalue()) == schema


@pytest.mark.parametrize("reader", ["secretariat"])
def test_every_list_reads_the_parameters_its_schema_documents_and_no_other(
    schema, token_of, reader
):
    client = Client(HTTP_AUTHORIZATION=f"Token {token_of(reader)}")
    for path in _list_paths(schema):
        documented = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
        assert {"search", "ordering", "page", "page_size", "cursor"} <= set(documented), path
        # Empty values filter nothing: the answer says whether each name is read.
        every = client.get(path, {name: "" for name in documented if name != "cursor"})
        assert every.status_code == 200, (path, every.content[:300])
        assert client.get(path, {"not_a_parameter": "1"}).status_code == 400, path
