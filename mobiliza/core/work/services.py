"""Writes of tasks: adding, changing, marking done, cancelling, reopening; the tasks the
apps' own work keeps (an opportunity's next action, the follow-up after an interaction);
and the tasks' reminders.

Who may do what is declared on :class:`~mobiliza.core.work.models.Task` (its ``Access``):
the owner and the managers change a task and take its steps; a focal point reads its
country's tasks. Adding one is decided here (:func:`may_add_task`), since a task for
oneself needs no right over the record it is about.

A task kept by the work itself (``source``) follows it through :func:`sync_work_task`;
when such a task is marked done, the app that keeps it is told through the receiver it
registered with :func:`follow_done_tasks` (the pipeline clears the opportunity's next
action), since core imports no app.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from mobiliza.core.mail import absolute_url, recipient_of, send_message
from mobiliza.core.notifications.services import notify, notify_in_app
from mobiliza.core.permissions import actor_for, can
from mobiliza.core.services import record_transition, record_update, validate
from mobiliza.core.stored_messages import both, encode_reason, message
from mobiliza.core.work.models import Task, TaskReminder, TaskStatus

logger = logging.getLogger(__name__)

_DONE_RECEIVERS: dict[str, Callable[[Task, Any], None]] = {}


def follow_done_tasks(source: str, receiver: Callable[[Task, Any], None]) -> None:
    """Call ``receiver(task, user)`` after a task kept by the work ``source`` is marked done."""
    _DONE_RECEIVERS[source] = receiver


def may_add_task(user: Any, *, owner: Any, record: models.Model | None = None) -> bool:
    """The managers add any task; anyone else a task for themselves (about a record they
    may read) or for someone else about a record they may change."""
    actor = actor_for(user)
    if not actor.authenticated:
        return False
    if actor.manages_everything:
        return True
    if not can(user, "view", model=Task):
        return False
    if record is None:
        return owner is not None and owner.pk == user.pk
    if owner is not None and owner.pk == user.pk:
        return can(user, "view", record)
    return can(user, "change", record)


def _about(record: models.Model | None) -> dict[str, Any]:
    if record is None:
        return {"content_type": None, "object_id": None}
    return {
        "content_type": ContentType.objects.get_for_model(record),
        "object_id": record.pk,
    }


def _tell_owner(task: Task, user: Any) -> None:
    """Tell the owner of a task someone else gave them (in the app and by e-mail)."""
    owner = task.owner
    if user is not None and owner.pk == getattr(user, "pk", None):
        return
    given_by = (user.get_full_name() or user.email) if user is not None else ""
    notify(
        [owner],
        message=message(
            gettext_noop("{person} gave you a task: {title} (due {due_on})")
            if given_by
            else gettext_noop("You have a new task: {title} (due {due_on})"),
            person=given_by,
            title=task.title,
            due_on=task.due_on,
        ),
        url=lambda: task.get_absolute_url(),
        template="core/email/task_assigned.html",
        context=lambda: {
            "task": task,
            "given_by": given_by,
            "url": absolute_url(task.get_absolute_url()),
        },
    )


def _save(task: Task, user: Any, reason: Any = "") -> None:
    task.compute_derived()
    validate(task)
    task._history_user = user  # type: ignore[attr-defined]
    task._change_reason = encode_reason(reason) or None  # type: ignore[attr-defined]
    task.save()


@transaction.atomic
def task_create(
    *,
    user: Any,
    data: Mapping[str, Any],
    record: models.Model | None = None,
    source: str = "",
) -> Task:
    """Add a task (``data``: title, description, owner, due_on, remind_on), optionally
    about ``record``; its owner is told when someone else gave it to them."""
    values = {k: v for k, v in data.items() if k in _EDITABLE}
    values.setdefault("owner", user)
    task = Task(**values, **_about(record), source=source, created_by=user)
    if not may_add_task(user, owner=task.owner, record=record):
        raise PermissionDenied
    _save(task, user)
    _tell_owner(task, user)
    return task


_EDITABLE = ("title", "description", "owner", "due_on", "remind_on")


@transaction.atomic
def task_update(*, user: Any, task: Task, data: Mapping[str, Any], version: int | None) -> Task:
    """Change a task's title, details, owner, dates. Giving it to someone else is for the
    managers (the owner would lose it); the new owner is told."""
    values = {k: v for k, v in data.items() if k in _EDITABLE}
    previous_owner = task.owner_id
    updated = record_update(user=user, instance=task, data=values, version=version)
    if updated.owner_id != previous_owner:
        _tell_owner(updated, user)
    return updated


def _step(name: str) -> Callable[..., Task]:
    @transaction.atomic
    def take(*, user: Any, task: Task, version: int | None = None) -> Task:
        updated = record_transition(user=user, instance=task, name=name, version=version)
        if name == "complete" and updated.source in _DONE_RECEIVERS:
            _DONE_RECEIVERS[updated.source](updated, user)
        return updated

    take.__name__ = f"task_{name}"
    take.__doc__ = f"Take the task's step “{name}” (declared on the model's Access)."
    return take


task_complete = _step("complete")
task_cancel = _step("cancel")
task_reopen = _step("reopen")
STEPS = {"complete": task_complete, "cancel": task_cancel, "reopen": task_reopen}


# --- the tasks the work keeps ------------------------------------------------------------


def open_work_task(record: models.Model, source: str) -> Task | None:
    return (
        Task.objects.filter(**_about(record), source=source, status=TaskStatus.OPEN)
        .select_related("owner")
        .first()
    )


def sync_work_task(
    *,
    user: Any,
    record: models.Model,
    source: str,
    owner: Any,
    title: str,
    due_on: datetime.date | None,
    description: str = "",
) -> Task | None:
    """Keep the one open task of ``record``'s work ``source`` as the work says.

    No owner, title or date (or a closed opportunity): the open task is cancelled. An open
    task takes the new title, date and owner; with none open, a new one is added (unless
    the last one, already done, says the same). Writes as the system, not as ``user``'s
    own change (the task follows the record ``user`` may change), with the history's
    reason naming what it follows. Returns the open task, if any.
    """
    current = open_work_task(record, source)
    follows = message(gettext_noop("Follows its {record}"), record=both(record._meta.verbose_name))
    if owner is None or not title or due_on is None:
        if current is not None:
            current.status = TaskStatus.CANCELLED
            current.version += 1
            _save(current, user, follows)
        return None
    title = title[:300]
    if current is not None:
        if (current.title, current.due_on, current.owner_id, current.description) == (
            title,
            due_on,
            owner.pk,
            description,
        ):
            return current
        owner_changed = current.owner_id != owner.pk
        current.title, current.due_on, current.owner, current.description = (
            title,
            due_on,
            owner,
            description,
        )
        if current.remind_on and current.remind_on > due_on:
            current.remind_on = None
        current.version += 1
        try:
            _save(current, user, follows)
        except ValidationError:
            logger.info("Task %s no longer fits its owner; cancelled", current.pk)
            return sync_work_task(
                user=user, record=record, source=source, owner=None, title="", due_on=None
            )
        if owner_changed:
            _tell_owner(current, user)
        return current
    last = Task.objects.filter(**_about(record), source=source).order_by("-pk").first()
    if last is not None and (last.title, last.due_on) == (title, due_on):
        return None  # done (or cancelled) already
    task = Task(
        title=title,
        description=description,
        owner=owner,
        due_on=due_on,
        created_by=user,
        source=source,
        **_about(record),
    )
    try:
        _save(task, user, follows)
    except ValidationError:
        # The owner cannot see the record (or is gone): the work stays without a task.
        logger.info("No task for %s %s: its owner cannot take it", source, record.pk)
        return None
    _tell_owner(task, user)
    return task


# --- reminders -----------------------------------------------------------------------------


def send_task_reminders(today: datetime.date | None = None) -> int:
    """Remind the owner of each open task on its reminder date, and once more the day it
    is overdue: a line in their inbox and an e-mail in their language. Each (task, owner,
    kind) is sent once (a :class:`TaskReminder` row under a unique key is written first).
    Returns how many were sent."""
    today = today or timezone.localdate()
    due = Task.objects.filter(status=TaskStatus.OPEN, owner__is_active=True).filter(
        models.Q(remind_on__lte=today, remind_on__gte=today - datetime.timedelta(days=30))
        | models.Q(due_on__lt=today, due_on__gte=today - datetime.timedelta(days=30))
    )
    already = set(
        TaskReminder.objects.filter(task__in=due.values("pk")).values_list(
            "task_id", "recipient_id", "kind"
        )
    )
    sent = 0
    for task in due.select_related("owner"):
        kinds = []
        if task.remind_on and task.remind_on <= today and task.due_on >= today:
            kinds.append("before")
        if task.due_on < today:
            kinds.append("overdue")
        for kind in kinds:
            if (task.pk, task.owner_id, kind) in already:
                continue
            try:
                with transaction.atomic():
                    TaskReminder.objects.create(task=task, recipient=task.owner, kind=kind)
                    _remind(task, kind, today)
            except IntegrityError:
                continue
            except Exception:
                logger.exception("Reminder of task %s failed", task.pk)
                continue
            sent += 1
    return sent


def _remind(task: Task, kind: str, today: datetime.date) -> None:
    owner = task.owner
    if kind == "overdue":
        text = message(
            gettext_noop("Overdue task: {title} (was due {due_on})"),
            title=task.title,
            due_on=task.due_on,
        )
    else:
        text = message(
            gettext_noop("Reminder: {title} is due {due_on}"), title=task.title, due_on=task.due_on
        )
    with_language = recipient_of(owner)
    from django.utils import translation

    with translation.override(with_language.language):
        url = task.get_absolute_url()
    notify_in_app(owner, message=text, url=url)
    if owner.email:
        send_message(
            with_language,
            "core/email/task_reminder.html",
            lambda: {
                "task": task,
                "overdue": kind == "overdue",
                "days_left": task.days_left(today),
                "days_late": -task.days_left(today),
                "url": absolute_url(task.get_absolute_url()),
            },
        )


def task_owners() -> models.QuerySet:
    """The users a task may be given to: active users with a role that works with tasks."""
    from mobiliza.core.work.models import TASK_ROLES

    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=TASK_ROLES)
        .distinct()
        .order_by("full_name", "email")
    )
