"""Writes of the pipeline: creating an opportunity, moving it between steps, closing it,
ticking the actions of its step. Every move is kept as a :class:`StageChange`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from mobiliza.core.notifications.services import notify
from mobiliza.core.permissions import can
from mobiliza.core.services import ConflictError, record_create, record_update
from mobiliza.core.stored_messages import both, in_both, message
from mobiliza.core.work.models import Task, TaskSource
from mobiliza.core.work.services import open_work_task, sync_work_task
from mobiliza.pipeline.choices import Outcome
from mobiliza.pipeline.models import ActionDone, Interaction, Opportunity, StageChange
from mobiliza.plan.models import MobilizationStep, StepAction

# What apps above the pipeline keep copied from an opportunity (an agreement's reporting
# obligations keep its partner and country) is brought up to date by a function each of
# them registers from its AppConfig.ready(): the pipeline imports none of them.
_OPPORTUNITY_FOLLOWERS: dict[str, Callable[[Opportunity, Any], None]] = {}


def follow_opportunities(name: str, receiver: Callable[[Opportunity, Any], None]) -> None:
    """Call ``receiver(opportunity, user)`` after every change of an opportunity."""
    _OPPORTUNITY_FOLLOWERS[name] = receiver


def opportunity_followed(*, opportunity: Opportunity, user: Any) -> None:
    """After an opportunity changed, bring what copies it up to date.

    Its interactions take its partner and country again; then every registered
    follower updates its own records.
    """
    for interaction in opportunity.interactions.all():
        before = (interaction.partner_id, interaction.member_state_id)
        interaction.follow_opportunity()
        if (interaction.partner_id, interaction.member_state_id) != before:
            interaction._history_user = user  # type: ignore[attr-defined]
            interaction.version += 1
            interaction.save()
    for receiver in _OPPORTUNITY_FOLLOWERS.values():
        receiver(opportunity, user)
    sync_next_action(opportunity, user)


# --- tasks the pipeline's work keeps (core.work) ---------------------------------------------
#
# An opportunity's next action (``next_action`` by ``next_action_on``) is one open task of the
# opportunity's owner, kept in step whenever the opportunity is saved: a new text or date
# changes the task, a cleared one, no owner or a closed opportunity cancels it. Marking the
# task done clears the next action (the history says it was done), so the board stops
# showing it as late and the owner writes the next one. The follow-up agreed in an
# interaction (``follow_up_action`` by ``follow_up_on``) is a task of whoever recorded the
# interaction; marking it done leaves the interaction as it was (it is the record of what
# was agreed).


def sync_next_action(opportunity: Opportunity, user: Any) -> None:
    """The opportunity's next action as its owner's task; tell a new owner."""
    _tell_new_owner(opportunity, user)
    is_open = opportunity.outcome == Outcome.OPEN
    owner = opportunity.owner if opportunity.owner_id and is_open else None
    sync_work_task(
        user=user,
        record=opportunity,
        source=TaskSource.NEXT_ACTION,
        owner=owner,
        title=opportunity.next_action,
        due_on=opportunity.next_action_on,
    )


def _tell_new_owner(opportunity: Opportunity, user: Any) -> None:
    """An opportunity given to someone by someone else: a line in their inbox."""
    owner = opportunity.owner if opportunity.owner_id else None
    if owner is None or owner.pk == getattr(user, "pk", None):
        return
    before = opportunity.history.order_by("-history_id").values_list("owner_id", flat=True)[1:2]
    if list(before) == [owner.pk]:
        return
    given_by = (user.get_full_name() or user.email) if user is not None else ""
    notify(
        [owner],
        message=message(
            gettext_noop("{person} made you the owner of the opportunity {title}"),
            person=given_by,
            title=opportunity.title,
        ),
        url=lambda: opportunity.get_absolute_url(),
    )


def next_action_done(task: Task, user: Any) -> None:
    """The next action's task was marked done: clear the next action it stood for."""
    opportunity = task.record
    if not isinstance(opportunity, Opportunity) or opportunity.next_action != task.title:
        return
    if not can(user, "change", opportunity):
        return  # the task's owner may not change the opportunity: its next action stays
    record_update(
        user=user,
        instance=opportunity,
        data={"next_action": "", "next_action_on": None},
        version=None,
        reason=message(gettext_noop("Next action done: {action}"), action=task.title),
    )


def interaction_followed(interaction: Interaction, user: Any, *, created: bool) -> None:
    """The follow-up agreed in an interaction as a task of whoever recorded it."""
    current = open_work_task(interaction, TaskSource.FOLLOW_UP)
    owner = current.owner if current is not None else (user if created else None)
    if owner is None and interaction.follow_up_on:
        # Added to an interaction recorded earlier: the person who adds it follows up.
        owner = user
    title = interaction.follow_up_action
    if not title and interaction.follow_up_on:
        title = _("Follow up: {subject}").format(subject=interaction.subject)
    sync_work_task(
        user=user,
        record=interaction,
        source=TaskSource.FOLLOW_UP,
        owner=owner,
        title=title,
        due_on=interaction.follow_up_on,
    )


def first_step() -> MobilizationStep:
    step = MobilizationStep.objects.order_by("position").first()
    if step is None:
        raise ValidationError(_("The coalition has no mobilization steps configured."))
    return step


@transaction.atomic
def create_opportunity(*, user: Any, data: Mapping[str, Any]) -> Opportunity:
    """Create an opportunity (in the first step unless ``data`` names one) and its first move."""
    values = dict(data)
    values.setdefault("step", first_step())
    opportunity = record_create(user=user, model=Opportunity, data=values)
    sync_next_action(opportunity, user)
    StageChange.objects.create(
        opportunity=opportunity,
        step=opportunity.step,
        outcome=opportunity.outcome,
        moved_by=user,
    )
    return opportunity


def skipped_steps(*, opportunity: Opportunity, step: MobilizationStep) -> list[MobilizationStep]:
    """The steps between the opportunity's step and a later ``step`` that a move would skip
    (none when it moves one step forward, stays, or goes back)."""
    # The step it is stored in: the caller's copy may be older than a move made meanwhile.
    stored = Opportunity.objects.filter(pk=opportunity.pk).values_list("step_id", flat=True)
    current = stored.first() if opportunity.pk else opportunity.step_id
    ordered = list(MobilizationStep.objects.order_by("position", "pk"))
    ids = [s.pk for s in ordered]
    if current not in ids or step.pk not in ids:
        return []
    here, there = ids.index(current), ids.index(step.pk)
    return ordered[here + 1 : there] if there > here + 1 else []


def _names(steps: Iterable[MobilizationStep]) -> str:
    return ", ".join(str(s) for s in steps)


class SkipNotConfirmed(ValidationError):
    """A move past one or more steps that the user did not confirm (``confirm_skip``)."""

    def __init__(self, opportunity: Opportunity, step: MobilizationStep, skipped: list) -> None:
        self.opportunity = opportunity
        self.step = step
        self.skipped = skipped
        message = ngettext(
            "Moving “%(title)s” to step %(step)s skips step %(skipped)s. Confirm the move "
            "to skip it (confirm_skip).",
            "Moving “%(title)s” to step %(step)s skips steps %(skipped)s. Confirm the move "
            "to skip them (confirm_skip).",
            len(skipped),
        ) % {"title": opportunity, "step": step, "skipped": _names(skipped)}
        super().__init__({"step": [ValidationError(message, code="skip_not_confirmed")]})


@transaction.atomic
def move(
    *,
    user: Any,
    opportunity: Opportunity,
    step: MobilizationStep,
    version: int | None = None,
    confirm_skip: bool = False,
) -> Opportunity:
    """Move an open opportunity to another step; a closed one is reopened there.

    A move forward past one or more steps is refused unless ``confirm_skip`` says the user
    was shown the steps it skips; the history then names them.
    """
    if opportunity.step_id == step.pk and opportunity.outcome == Outcome.OPEN:
        return opportunity
    if version is not None:
        # A stale copy is a conflict first: what it would skip may have changed meanwhile.
        stored = Opportunity.objects.get(pk=opportunity.pk)
        if stored.version != version:
            raise ConflictError(stored)
    skipped = skipped_steps(opportunity=opportunity, step=step)
    if skipped and not confirm_skip:
        raise SkipNotConfirmed(opportunity, step, skipped)
    # Kept as messages, so each reader reads the history in their language.
    reason = message(gettext_noop("Moved to {step}"), step=both(step))
    if skipped:
        reason = message(
            gettext_noop("Moved to {step}; steps skipped: {skipped}"),
            step=both(step),
            skipped=in_both(lambda: _names(skipped)),
        )
    updated = record_update(
        user=user,
        instance=opportunity,
        data={"step": step, "outcome": Outcome.OPEN, "closed_on": None, "loss_reason": ""},
        version=version,
        reason=reason,
    )
    StageChange.objects.create(opportunity=updated, step=step, outcome=Outcome.OPEN, moved_by=user)
    return updated


def check_close(
    *,
    opportunity: Opportunity,
    outcome: str,
    loss_reason: str = "",
    loss_notes: str = "",
    closed_on: datetime.date | None = None,
) -> None:
    """Raise what :func:`close` would refuse, without closing: the page asks for a
    confirmation only of a closing that would be accepted."""
    if outcome not in (Outcome.WON, Outcome.LOST):
        raise ValidationError({"outcome": _("Close it as won or as lost.")})
    probe = Opportunity.objects.get(pk=opportunity.pk)
    probe.outcome = outcome
    probe.closed_on = closed_on or timezone.localdate()
    probe.loss_reason = loss_reason if outcome == Outcome.LOST else ""
    probe.loss_notes = loss_notes if outcome == Outcome.LOST else opportunity.loss_notes
    probe.full_clean()


def move_in_bulk(
    *, user: Any, instance: Opportunity, value: MobilizationStep, version: int | None
) -> Opportunity:
    """A bulk change of the opportunities' step (``core.lists``): each one :func:`move`-d."""
    # The bulk change's confirmation page names the steps each card moves to.
    return move(user=user, opportunity=instance, step=value, version=version, confirm_skip=True)


@transaction.atomic
def close(
    *,
    user: Any,
    opportunity: Opportunity,
    outcome: str,
    loss_reason: str = "",
    loss_notes: str = "",
    closed_on: datetime.date | None = None,
    version: int | None = None,
) -> Opportunity:
    """Close an opportunity as won, or as lost with a reason from the list."""
    if outcome not in (Outcome.WON, Outcome.LOST):
        raise ValidationError({"outcome": _("Close it as won or as lost.")})
    updated = record_update(
        user=user,
        instance=opportunity,
        data={
            "outcome": outcome,
            "closed_on": closed_on or timezone.localdate(),
            "loss_reason": loss_reason if outcome == Outcome.LOST else "",
            "loss_notes": loss_notes if outcome == Outcome.LOST else opportunity.loss_notes,
        },
        version=version,
        reason=both(Outcome(outcome).label),
    )
    StageChange.objects.create(
        opportunity=updated, step=updated.step, outcome=outcome, moved_by=user
    )
    return updated


@transaction.atomic
def set_action_done(*, user: Any, opportunity: Opportunity, action: StepAction, done: bool) -> bool:
    """Tick or untick one action of the step checklist. Returns whether it is now done."""
    if not can(user, "change", opportunity):
        raise PermissionDenied
    existing = ActionDone.objects.filter(opportunity=opportunity, action=action).first()
    if done and existing is None:
        tick = ActionDone(opportunity=opportunity, action=action, done_by=user)
        tick._history_user = user  # type: ignore[attr-defined]
        tick.save()
    elif not done and existing is not None:
        existing._history_user = user  # type: ignore[attr-defined]
        existing.delete()
    return done


@dataclass(frozen=True)
class StagePeriod:
    """A stretch of time an opportunity spent in one step (or closed)."""

    step: MobilizationStep
    outcome: str
    started: datetime.datetime
    ended: datetime.datetime | None  # None: it is still there

    def duration(self, now: datetime.datetime | None = None) -> datetime.timedelta:
        return (self.ended or now or timezone.now()) - self.started


def stage_periods(changes: Iterable[StageChange]) -> list[StagePeriod]:
    """The periods between consecutive moves, oldest first (``changes`` in time order)."""
    ordered = sorted(changes, key=lambda c: (c.moved_at, c.pk))
    periods = []
    for index, change in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        periods.append(
            StagePeriod(
                step=change.step,
                outcome=change.outcome,
                started=change.moved_at,
                ended=following.moved_at if following else None,
            )
        )
    return periods


def time_in_steps(
    changes: Iterable[StageChange], now: datetime.datetime | None = None
) -> dict[int, datetime.timedelta]:
    """Total time spent in each open step, by step id (a step visited twice adds up).

    Time after the opportunity was closed counts for no step.
    """
    now = now or timezone.now()
    totals: dict[int, datetime.timedelta] = {}
    for period in stage_periods(changes):
        if period.outcome != Outcome.OPEN:
            continue
        totals[period.step.pk] = totals.get(period.step.pk, datetime.timedelta()) + (
            period.duration(now)
        )
    return totals
