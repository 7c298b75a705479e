"""Reads of tasks: a user's own (the home pages' card, the "my tasks" page) and a record's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from mobiliza.core.permissions import can, restrict
from mobiliza.core.work.models import Task, TaskStatus

# "Done recently" on the "my tasks" page: closed within this many days.
RECENT_DAYS = 14


def visible_tasks(user: Any) -> models.QuerySet[Task]:
    """The tasks ``user`` may see: their own, their country's (a focal point), all (managers)."""
    return restrict(Task.objects.all(), user).select_related("owner", "content_type")


def _week_end(today: datetime.date) -> datetime.date:
    """The last day of "this week": the coming Sunday (today, on a Sunday)."""
    return today + datetime.timedelta(days=6 - today.weekday())


def task_counts(queryset: models.QuerySet[Task], today: datetime.date) -> dict[str, int]:
    """Open, overdue and due this week among ``queryset``'s tasks, in one query."""
    counts = queryset.aggregate(
        open=Count("pk", filter=Q(status=TaskStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=TaskStatus.OPEN, due_on__lt=today)),
        this_week=Count(
            "pk",
            filter=Q(status=TaskStatus.OPEN, due_on__gte=today, due_on__lte=_week_end(today)),
        ),
    )
    return {k: v or 0 for k, v in counts.items()}


def tasks_of(*, user: Any, limit: int = 5) -> dict[str, Any]:
    """The home pages' card: ``user``'s first open tasks (overdue first, then by due date)
    and the counts (``open``, ``overdue``, ``this_week``), in two queries.

    ``{% include "core/_my_tasks_card.html" %}`` with the returned ``tasks`` and ``counts``.
    """
    today = timezone.localdate()
    mine = Task.objects.filter(owner=user) if getattr(user, "pk", None) else Task.objects.none()
    tasks = list(
        mine.filter(status=TaskStatus.OPEN)
        .select_related("content_type")
        .order_by("due_on", "pk")[:limit]
    )
    return {"tasks": tasks, "counts": task_counts(mine, today), "today": today}


@dataclass
class TaskGroups:
    """The "my tasks" page's sections."""

    overdue: list[Task] = field(default_factory=list)
    this_week: list[Task] = field(default_factory=list)
    later: list[Task] = field(default_factory=list)
    closed: list[Task] = field(default_factory=list)

    def sections(self) -> list[tuple[str, list[Task]]]:
        return [
            ("overdue", self.overdue),
            ("this_week", self.this_week),
            ("later", self.later),
            ("closed", self.closed),
        ]

    @property
    def total(self) -> int:
        return sum(len(tasks) for _key, tasks in self.sections())


def group_tasks(tasks: list[Task], today: datetime.date) -> TaskGroups:
    groups = TaskGroups()
    end = _week_end(today)
    for task in tasks:
        if task.status != TaskStatus.OPEN:
            groups.closed.append(task)
        elif task.due_on < today:
            groups.overdue.append(task)
        elif task.due_on <= end:
            groups.this_week.append(task)
        else:
            groups.later.append(task)
    return groups


def tasks_about(record: models.Model, user: Any) -> dict[str, Any]:
    """A record's open tasks ``user`` may see, and whether they may add one (its page)."""
    from mobiliza.core.work.services import may_add_task

    content_type = ContentType.objects.get_for_model(record)
    tasks = list(
        visible_tasks(user)
        .filter(content_type=content_type, object_id=record.pk, status=TaskStatus.OPEN)
        .order_by("due_on", "pk")
    )
    return {
        "record_tasks": tasks,
        "record_tasks_about": f"{content_type.app_label}.{content_type.model}:{record.pk}",
        "can_add_task": may_add_task(user, owner=user, record=record) and can(user, "view", record),
    }


def record_named(about: str, user: Any) -> models.Model | None:
    """``app_label.model:pk`` → that record, when ``user`` may see it; ``LookupError`` else
    (no record named at all gives ``None``)."""
    if not about:
        return None
    try:
        kind, pk = about.split(":", 1)
        app_label, model_name = kind.split(".", 1)
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        model = content_type.model_class()
        if model is None or not hasattr(model, "access") or not pk.isdigit():
            raise LookupError(about)
        return restrict(model._default_manager.all(), user).get(pk=int(pk))
    except (ValueError, OverflowError, ContentType.DoesNotExist, models.ObjectDoesNotExist):
        raise LookupError(about) from None
