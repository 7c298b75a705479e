"""The base viewset: scoped querysets, writes through the core services, version checks."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.response import Response

from mobiliza.core.drf.dates import PlainDateField
from mobiliza.core.drf.filters import refuse_unknown_parameters
from mobiliza.core.permissions import access_of, hidden_fields, restrict
from mobiliza.core.services import (
    record_create,
    record_delete,
    record_transition,
    record_update,
)


class VersionedSerializer(serializers.ModelSerializer):
    """Shows ``version``; a client sends it back (or ``If-Match``) to avoid overwriting others."""

    version = serializers.IntegerField(required=False)
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: PlainDateField,
    }

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        # Fields the reader may not see (confidential notes, internal assessments) are
        # left out, as on the pages: one declaration per model in its ``Access``.
        for name in hidden_fields(user, instance):
            for key in (name, f"{name}_es", f"{name}_en"):
                data.pop(key, None)
        return data


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Say which version of the record this replaces: send its ETag as If-Match, "
                "or its version."
            )
        )


def expected_version(request: Any) -> int | None:
    """The version the client's copy was made from: ``If-Match`` header, else ``version``.

    A stale ``If-Match`` is answered with 412, a stale ``version`` with 409
    (``errors.exception_handler`` reads ``precondition_sent``).
    """
    header = request.headers.get("If-Match", "").strip().strip('"').removeprefix("W/").strip('"')
    if header:
        request.precondition_sent = True
        try:
            return int(header)
        except ValueError as exc:
            raise serializers.ValidationError(
                {"If-Match": [_("Must be the record's version number.")]}
            ) from exc
    value = request.data.get("version") if hasattr(request.data, "get") else None
    return int(value) if value not in (None, "") else None


class StrictListMixin:
    """A list refuses a query parameter it does not read (400, with the accepted ones)."""

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        refuse_unknown_parameters(self, request)
        return super().list(request, *args, **kwargs)  # type: ignore[misc]


class CodeListViewSet(StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only list of configuration items, the codes other records name them by."""

    def get_queryset(self) -> Any:
        return restrict(super().get_queryset(), self.request.user, "view")


class ScopedModelViewSet(StrictListMixin, viewsets.ModelViewSet):
    """CRUD on a model, restricted by the permission module; writes go through services.

    A full replacement (PUT) must say which version it replaces (``If-Match`` or
    ``version``; 428 without); a PATCH, a step and a delete may. A new record's address is
    its 201's ``Location``; a record's version is its ``ETag``.
    """

    def get_queryset(self) -> Any:
        return restrict(super().get_queryset(), self.request.user, "view")

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if not kwargs.get("partial") and expected_version(request) is None:
            raise PreconditionRequired()
        return super().update(request, *args, **kwargs)

    def get_success_headers(self, data: Any) -> dict[str, str]:
        try:
            return {"Location": self.reverse_action("detail", args=[data["id"]])}
        except (KeyError, TypeError):
            return {}

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = record_create(
            user=self.request.user, model=self.get_queryset().model, data=data
        )

    def perform_update(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = record_update(
            user=self.request.user,
            instance=serializer.instance,
            data=data,
            version=expected_version(self.request),
        )

    def perform_destroy(self, instance: Any) -> None:
        record_delete(user=self.request.user, instance=instance)

    @extend_schema(
        request=None,
        description=(
            "Take a named step of the record's life (its model's transitions: see "
            "docs/permissions.md). 403 for a role the step does not name; 400 when the "
            "record is not in a state the step goes from; 412 for a stale If-Match, 409 for a "
            "stale version."
        ),
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_-]+)")
    def transition(self, request: Any, pk: Any = None, name: str = "") -> Response:
        instance = self.get_object()
        model = type(instance)
        if access_of(model).transition(name) is None:
            raise NotFound(_("This record has no step called “%(name)s”.") % {"name": name})
        instance = record_transition(
            user=request.user, instance=instance, name=name, version=expected_version(request)
        )
        return Response(self.get_serializer(instance).data)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and "version" in data and "id" in data:
            response["ETag"] = f'"{data["version"]}"'
        return response
