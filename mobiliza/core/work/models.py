"""Tasks: the work someone owes, with a due date and a reminder (imported by
``mobiliza.core.models``).

A task may be about any record (an opportunity, an interaction, an agreement...): it
points at it with a content type and an id, and copies that record's member state so the
permission rules scope it like the record. The apps' own work creates tasks through
:mod:`mobiliza.core.work.services` (an opportunity's next action, the follow-up after an
interaction); ``source`` says which, so each such piece of work has one open task.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# core.models imports this module at its end, once BusinessModel exists.
from mobiliza.core.models import BusinessModel
from mobiliza.core.permissions import INTERNAL, OWNERS, Access, Transition, access_of, can
from mobiliza.core.roles import Role

# Any role that may own a task takes its steps on the tasks it owns.
TASK_ROLES = OWNERS | {Role.EVALUATOR}


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    DONE = "done", pgettext_lazy("task status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("task status", "Cancelled")


class TaskSource(models.TextChoices):
    """The work that created a task (one open task per record and source)."""

    NONE = "", _("Added by hand")
    NEXT_ACTION = "next_action", _("Next action of an opportunity")
    FOLLOW_UP = "follow_up", _("Follow-up after an interaction")


class Task(BusinessModel):
    """Work a user owes by a date: the next action of an opportunity, a follow-up after a
    meeting, or anything added by hand, optionally about one record."""

    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("owner"),
        help_text=_("Who does it; they are reminded and may mark it done."),
    )
    due_on = models.DateField(_("due date"))
    remind_on = models.DateField(
        _("reminder date"),
        null=True,
        blank=True,
        help_text=_(
            "The day the owner is reminded, in the app and by e-mail; not after the due date."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    closed_at = models.DateTimeField(
        _("done or cancelled at"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of record"),
        editable=False,
    )
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True, editable=False)
    record = GenericForeignKey("content_type", "object_id")
    # Copied from the record (its member state), for who may see the task.
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member state"),
        editable=False,
    )
    source = models.CharField(
        _("created from"),
        max_length=20,
        choices=TaskSource.choices,
        blank=True,
        default="",
        editable=False,
    )

    access = Access(
        country_path="member_state",
        readers=INTERNAL,
        # Only its owner (and the managers) change it; a focal point reads its country's.
        country_editors=False,
        assignees_path="owner",
        private=True,
        transitions=(
            Transition(
                "complete",
                pgettext_lazy("task step", "Mark done"),
                sources=(TaskStatus.OPEN,),
                target=TaskStatus.DONE,
                roles=TASK_ROLES,
            ),
            Transition(
                "cancel",
                pgettext_lazy("task step", "Cancel"),
                sources=(TaskStatus.OPEN,),
                target=TaskStatus.CANCELLED,
                roles=TASK_ROLES,
            ),
            Transition(
                "reopen",
                pgettext_lazy("task step", "Reopen"),
                sources=(TaskStatus.DONE, TaskStatus.CANCELLED),
                target=TaskStatus.OPEN,
                roles=TASK_ROLES,
            ),
        ),
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="task_mine_idx"),
            models.Index(fields=["content_type", "object_id"], name="task_record_idx"),
            models.Index(fields=["status", "remind_on"], name="task_reminder_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source"],
                condition=models.Q(status="open") & ~models.Q(source=""),
                name="task_one_open_per_work",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tasks:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    def compute_derived(self) -> None:
        """The member state of the record it is about (none without a record)."""
        record = self.record if self.content_type_id and self.object_id else None
        self.member_state_id = None  # type: ignore[assignment]
        if record is not None:
            from mobiliza.core.permissions import country_id_of

            try:
                self.member_state_id = country_id_of(record)  # type: ignore[assignment]
            except TypeError:
                pass  # a record with no declared access belongs to no member state
        if self.status == TaskStatus.OPEN:
            self.closed_at = None
        elif self.closed_at is None:
            self.closed_at = timezone.now()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.remind_on and self.due_on and self.remind_on > self.due_on:
            errors["remind_on"] = _("The reminder cannot be after the due date.")
        if self.owner_id:
            owner = self.owner
            if not owner.is_active:
                errors["owner"] = _("This person can no longer sign in.")
            elif not can(owner, "view", model=Task):
                errors["owner"] = _("This person does not work with tasks (their role).")
            else:
                record = self.record if self.content_type_id and self.object_id else None
                if record is not None and not _sees(owner, record):
                    errors["owner"] = _(
                        "This person cannot see the record the task is about; choose someone who can."
                    )
        if errors:
            raise ValidationError(errors)

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.due_on - (today or timezone.localdate())).days


def _sees(user: Any, record: models.Model) -> bool:
    try:
        access_of(record)
    except TypeError:
        return True
    return can(user, "view", record)


class TaskReminder(models.Model):
    """A task's reminder that went out (on its reminder date, or once overdue); the
    unique key makes sending it twice impossible, as for reports' reminders."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("task")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=[("before", _("On the reminder date")), ("overdue", _("Overdue"))],
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("task reminder sent")
        verbose_name_plural = _("task reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "recipient", "kind"], name="task_reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.recipient_id}"
