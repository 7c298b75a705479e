"""Every API error is JSON with a clear message: ``{"detail": ..., "errors": {...}}``."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from mobiliza.core.services import ConflictError, ReferencedError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConflictError):
        # A stale If-Match is a failed precondition (412); a stale ``version`` in the body
        # stays a conflict (409), as it always was.
        precondition = getattr(context.get("request"), "precondition_sent", False)
        return Response(
            {
                "detail": str(exc.message),
                "code": "precondition_failed" if precondition else "conflict",
                "current_version": getattr(exc.current, "version", None),
            },
            status=(
                status.HTTP_412_PRECONDITION_FAILED if precondition else status.HTTP_409_CONFLICT
            ),
        )
    if isinstance(exc, ReferencedError):
        return Response(
            {
                "detail": exc.message,
                "code": "referenced",
                "referenced_by": [
                    {
                        "kind": r.model._meta.label_lower,
                        "name": str(r.model._meta.verbose_name_plural),
                        "count": r.count,
                    }
                    for r in exc.referrers
                ],
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, PermissionDenied):
        # A service that says why (only the Presidency suspends) is heard; else the usual.
        exc = exceptions.PermissionDenied(str(exc) or _("You do not have permission to do this."))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data
        detail = _("Some fields are not valid; see errors.")
        if isinstance(errors, dict) and set(errors) == {"non_field_errors"}:
            # Not about one field (wrong credentials, overlapping periods): say it outright.
            detail = str(errors["non_field_errors"][0])
        response.data = {"detail": detail, "code": "invalid", "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response
