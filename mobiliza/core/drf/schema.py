"""The OpenAPI schema of /api/v1/, as a generated client needs it.

drf-spectacular describes the serializers; this module adds what it cannot guess:

- one request body per write: JSON, or ``multipart/form-data`` where a file is sent (a
  body offered in three encodings makes generated clients fail to import);
- the error answers (400, 401, 403, 404, 409, 412, 428) with the error format of
  :mod:`mobiliza.core.drf.errors` as the ``Error`` component;
- ``If-Match`` on the writes of a versioned record, ``ETag`` on its answers and
  ``Location`` on a 201;
- a code of a configuration item (a step, a kind of resource, an axis) documented with
  the endpoint that lists the codes (``x-codes``);
- what the answers really hold: a blank address is not an ``uri``, a read-only country
  is null for a regional record;
- one language: the schema is English whatever ``Accept-Language`` says, so clients
  generated anywhere are the same.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance, is_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from mobiliza.core.currencies import validate_currency

# What each error status means on an operation of the API.
ERROR_DESCRIPTIONS = {
    "400": "The request is not valid: see `errors` (a field, or an unknown query parameter "
    "with the accepted ones).",
    "401": "No valid token or session was sent.",
    "403": "The user may not do this.",
    "404": "There is no such record, or the user may not see it (in a list: no such page).",
    "409": "The record changed since the version sent in the body (see `current_version`), "
    "or it cannot be deleted because other records depend on it.",
    "412": "The record changed since the version sent in `If-Match` (see `current_version`).",
    "428": "A full replacement (PUT) needs the version it was made from: send `If-Match` "
    "or `version`.",
}


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer of the API."""

    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.CharField(
        help_text=(
            "A stable code: invalid, not_authenticated, authentication_failed, "
            "permission_denied, not_found, method_not_allowed, conflict, protected, "
            "precondition_failed, precondition_required, throttled, error."
        )
    )
    # The metaclass takes the field out of the class: Serializer.errors stays as it is.
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False,
        child=serializers.JSONField(),
        help_text="For `invalid`: the messages of each field or query parameter.",
    )
    current_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="For `conflict` and `precondition_failed`: the record's version now.",
    )


def list_path_of(model: type[models.Model] | None) -> str | None:
    """The path of the API list of ``model``'s records, when the API has one."""
    if model is None:
        return None
    try:
        return reverse(f"{model._meta.model_name}-list")
    except NoReverseMatch:
        return None


def _related_model(field: RelatedField) -> type[models.Model] | None:
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        return queryset.model
    # A read-only relation: follow its source from the serializer's model.
    parent = field.parent
    while parent is not None and not hasattr(getattr(parent, "Meta", None), "model"):
        parent = parent.parent
    model = getattr(getattr(parent, "Meta", None), "model", None)
    for attr in getattr(field, "source_attrs", []) or []:
        if model is None:
            return None
        try:
            model = model._meta.get_field(attr).related_model
        except Exception:  # noqa: BLE001  # a property, not a field: nothing to link
            return None
    return model


def code_list_of(field: Any) -> str | None:
    """The list endpoint of the items a field names by code, when it names them by code."""
    if isinstance(field, ManyRelatedField):
        field = field.child_relation
    if not isinstance(field, RelatedField):
        return None
    if getattr(field, "slug_field", None) != "code":
        return None
    return list_path_of(_related_model(field))


def _filter_code_list(declared: Any, filterset_class: Any) -> str | None:
    """The code list a ``?field=`` filter takes its codes from, when it takes codes (a
    choice by ``code``, or a filter of its own that names the model: ``codes_model``)."""
    if declared is None:
        return None
    if getattr(declared, "codes_model", None) is not None:
        return list_path_of(declared.codes_model)
    if declared.extra.get("to_field_name") != "code":
        return None
    queryset = declared.extra.get("queryset")
    if queryset is not None and hasattr(queryset, "model"):
        return list_path_of(queryset.model)
    model = getattr(getattr(filterset_class, "_meta", None), "model", None)
    for part in str(declared.field_name).split("__"):
        if model is None:
            return None
        try:
            model = model._meta.get_field(part).related_model
        except Exception:  # noqa: BLE001  # not a relation: nothing to link
            return None
    return list_path_of(model)


def _blank_allowed(field: Any) -> bool:
    if getattr(field, "allow_blank", False):
        return True
    if not field.read_only:
        return False
    model_field = _model_field(field)
    return bool(model_field is not None and model_field.blank)


def _model_field(field: Any) -> models.Field | None:
    parent = field.parent
    model = getattr(getattr(parent, "Meta", None), "model", None)
    attrs = getattr(field, "source_attrs", None) or []
    if model is None or len(attrs) != 1:
        return None
    try:
        found = model._meta.get_field(attrs[0])
    except Exception:  # noqa: BLE001
        return None
    return found if isinstance(found, models.Field) else None


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with the contract described in this module's docstring."""

    def _is_api(self) -> bool:
        return self.path.startswith("/api/v1/")

    def _is_versioned(self) -> bool:
        from mobiliza.core.drf.viewsets import ScopedModelViewSet

        return isinstance(self.view, ScopedModelViewSet)

    def _is_detail(self) -> bool:
        return "{" in self.path

    def map_parsers(self) -> list[Any]:
        serializer = force_instance(self.get_request_serializer())
        fields: Any = getattr(serializer, "fields", {}) if is_serializer(serializer) else {}
        sends_file = any(
            isinstance(field, serializers.FileField) and not field.read_only
            for field in fields.values()
        )
        return ["multipart/form-data"] if sends_file else ["application/json"]

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        from mobiliza.core.drf.serializers import LinksField

        if isinstance(field, LinksField):
            return {
                "type": "object",
                "readOnly": True,
                "properties": {name: {"type": "string", "format": "uri"} for name in field.links},
                "required": list(field.links),
                "description": "Lists of the records that hang from this one.",
            }
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if not isinstance(schema, dict):
            return schema
        # "" is what a blank address is sent as, and it is no uri or e-mail.
        if schema.get("format") in ("uri", "email") and _blank_allowed(field):
            del schema["format"]
        if isinstance(field, serializers.ChoiceField) and _blank_allowed(field):
            if "enum" in schema and "" not in schema["enum"]:
                schema["enum"] = [*schema["enum"], ""]
        path = code_list_of(field)
        if path is not None:
            target = schema.get("items", schema) if schema.get("type") == "array" else schema
            target["x-codes"] = path
        if validate_currency in getattr(field, "validators", []):
            schema["pattern"] = "^([A-Za-z]{3})?$" if _blank_allowed(field) else "^[A-Za-z]{3}$"
            schema["x-code-standard"] = "ISO 4217"
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        if any(part.get("maxLength") == 0 for part in schema.get("oneOf", [])):
            # drf-spectacular's "an address, or blank": a validator that does not check the
            # format finds "" fits both, which oneOf refuses; anyOf says the same and holds.
            schema["anyOf"] = schema.pop("oneOf")

    def _get_serializer_field_meta(self, field: Any, direction: Any) -> dict[str, Any]:
        meta = super()._get_serializer_field_meta(field, direction)
        path = code_list_of(field)
        if path is not None:
            said = meta.get("description", "")
            meta["description"] = f"{said} The codes are listed by GET {path}.".strip()
        if validate_currency in getattr(field, "validators", []):
            said = meta.get("description", "")
            meta["description"] = f"{said} An ISO 4217 currency code, such as USD.".strip()
        return meta

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if not (self._is_api() and self._is_versioned()):
            return parameters
        writes = self.method in ("PUT", "PATCH", "DELETE") or (
            self.method == "POST" and self._is_detail()
        )
        if writes:
            required = self.method == "PUT"
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=False,
                    description=(
                        "The record's version the change was made from (its `ETag`, or "
                        "`version`). A stale one is answered with 412."
                        + (
                            " PUT needs it, or `version` in the body (428 without)."
                            if required
                            else ""
                        )
                    ),
                )
            )
        if self.method != "DELETE" and (self._is_detail() or self._is_create_operation()):
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=["200", "201"],
                    description="The record's version, quoted; send it back as `If-Match`.",
                )
            )
        if self._is_create_operation():
            parameters.append(
                OpenApiParameter(
                    "Location",
                    OpenApiTypes.URI,
                    OpenApiParameter.HEADER,
                    response=["201"],
                    required=True,
                    description="The address of the new record.",
                )
            )
        return parameters

    def _get_filter_parameters(self) -> list[Any]:
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        declared = getattr(filterset_class, "base_filters", {})
        for parameter in parameters:
            path = _filter_code_list(declared.get(parameter.get("name")), filterset_class)
            if path is not None:
                parameter.setdefault("schema", {})["x-codes"] = path
                said = str(parameter.get("description", "")).strip()
                if said and not said.endswith("."):
                    said += "."
                parameter["description"] = f"{said} The codes are listed by GET {path}.".strip()
        return parameters

    def _error_codes(self) -> list[str]:
        from rest_framework.permissions import AllowAny

        codes = ["400"]
        if self.method in ("GET", "HEAD") and self._is_detail():
            codes = []
        if self.method == "DELETE":
            codes = []
        if not any(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if self._is_detail():
            codes.append("404")
        elif self.method == "GET" and self._is_list_view():
            codes.append("404")  # a page past the last one
        if self._is_versioned() and self._is_detail() and self.method not in ("GET", "HEAD"):
            codes += ["409", "412"]
            if self.method == "PUT":
                codes.append("428")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if not self._is_api():
            return responses
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses
