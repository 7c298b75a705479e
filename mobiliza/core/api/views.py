"""Exchange rates and background jobs under /api/v1/.

Rates are read by the coalition's staff and written by the managers; a job is followed by
whoever started it and by the Technical Secretariat.

Every write calls the same rate services as the pages (:mod:`mobiliza.core.rates.services`),
so the API converts the contributions again and refuses what the pages refuse (the only
rate a contribution is converted at is not deleted), with the same message.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from mobiliza.core.api import filters, serializers
from mobiliza.core.drf.permissions import PolicyPermission
from mobiliza.core.drf.serializers import EXACT_PARSERS
from mobiliza.core.drf.viewsets import ScopedModelViewSet, StrictListMixin, expected_version
from mobiliza.core.jobs import services as jobs
from mobiliza.core.models import ExchangeRate, Task
from mobiliza.core.permissions import can
from mobiliza.core.rates import services as rates
from mobiliza.core.work import services as work
from mobiliza.core.work.selectors import record_named


def _data(serializer: Any) -> dict[str, Any]:
    return {k: v for k, v in serializer.validated_data.items() if k != "version"}


class ExchangeRateViewSet(ScopedModelViewSet):
    """How many units of the reporting currency one unit of a currency was worth on a day."""

    queryset = ExchangeRate.objects.all()
    serializer_class = serializers.ExchangeRateSerializer
    filterset_class = filters.ExchangeRateFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["currency", "source"]
    ordering_fields = ["date", "currency"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance, _count = rates.rate_create(
            user=self.request.user, data=_data(serializer)
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance, _count = rates.rate_update(
            user=self.request.user,
            instance=serializer.instance,
            data=_data(serializer),
            version=expected_version(self.request),
        )

    def perform_destroy(self, instance: ExchangeRate) -> None:
        rates.rate_delete(user=self.request.user, instance=instance)


@extend_schema_view(
    list=extend_schema(summary="The background jobs the reader may follow, newest first"),
    retrieve=extend_schema(summary="A background job's progress and result"),
)
class JobViewSet(StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """Background jobs (imports, large exports, reminders): progress, result, running again.

    A job is seen by whoever started it and by the Technical Secretariat; anybody else
    gets 404. Poll a job until its ``status`` is ``done`` or ``failed``.
    """

    serializer_class = serializers.JobSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status"]
    search_fields = ["title", "message"]
    ordering_fields = ["created_at"]

    def get_queryset(self) -> Any:
        return jobs.visible_jobs(self.request.user).select_related("started_by")

    @extend_schema(request=None, responses=serializers.JobSerializer)
    @action(detail=True, methods=["post"], url_path="run-again")
    def run_again(self, request: Any, pk: Any = None) -> Response:
        """Queue a failed job again (for whoever started it, or the Secretariat)."""
        job = jobs.job_retry(job=self.get_object(), user=request.user)
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)


class TaskPermission(PolicyPermission):
    """Anyone who works with tasks adds one (for themselves; the managers for anyone):
    :func:`mobiliza.core.work.services.may_add_task` decides with the owner and record."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method == "POST" and getattr(view, "action", None) == "create":
            return bool(request.user and request.user.is_authenticated) and can(
                request.user, "view", model=Task
            )
        return super().has_permission(request, view)


class TaskViewSet(ScopedModelViewSet):
    """Tasks: one's own, one's country's (a focal point), all (the managers).

    Written through the same services as the "my tasks" pages
    (:mod:`mobiliza.core.work.services`): only the owner and the managers change a task or
    take its steps (``transitions/complete``, ``cancel``, ``reopen``); a task given to
    someone else tells them.
    """

    queryset = Task.objects.select_related("owner", "content_type")
    serializer_class = serializers.TaskSerializer
    permission_classes = [TaskPermission]
    filterset_fields = ["status", "source"]
    search_fields = ["title", "description"]
    ordering_fields = ["due_on", "updated_at"]

    def perform_create(self, serializer: Any) -> None:
        data = _data(serializer)
        about = data.pop("about", "")
        record = _record_from(about, self.request.user) if about else None
        serializer.instance = work.task_create(user=self.request.user, data=data, record=record)

    def perform_update(self, serializer: Any) -> None:
        data = _data(serializer)
        data.pop("about", None)
        serializer.instance = work.task_update(
            user=self.request.user,
            task=serializer.instance,
            data=data,
            version=expected_version(self.request),
        )

    @extend_schema(
        request=None,
        description=(
            "Mark the task done (complete), cancel it or reopen it. 403 for whoever is neither "
            "its owner nor a manager; 400 when the task is not in a state the step goes from; "
            "412 for a stale If-Match, 409 for a stale version."
        ),
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_-]+)")
    def transition(  # type: ignore[override]
        self, request: Any, pk: Any = None, name: str = ""
    ) -> Response:
        task = self.get_object()
        take = work.STEPS.get(name)
        if take is None:
            raise NotFound(_("This record has no step called “%(name)s”.") % {"name": name})
        task = take(user=request.user, task=task, version=expected_version(request))
        return Response(self.get_serializer(task).data)


def _record_from(about: str, user: Any) -> Any:
    try:
        return record_named(about, user)
    except LookupError:
        raise ValidationError({"about": [_("No record you may see is called that.")]}) from None
