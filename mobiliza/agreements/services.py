"""Writes of agreements, contributions and reporting obligations, and the reminder task."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mobiliza.accounts.choices import Role
from mobiliza.accounts.models import User
from mobiliza.agreements.choices import RECURRENCE_MONTHS, Recurrence
from mobiliza.agreements.models import (
    Agreement,
    Contribution,
    Deadline,
    ReminderSent,
    ReportingObligation,
)
from mobiliza.core.notifications import notify
from mobiliza.core.services import record_create, record_update

# With no end date, recurring obligations are scheduled this far ahead.
DEFAULT_HORIZON = relativedelta(years=2)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def managers() -> list[User]:
    """The Presidency and the Technical Secretariat: told of every new agreement."""
    return list(
        User.objects.filter(
            is_active=True, memberships__role__in=[Role.PRESIDENCY, Role.SECRETARIAT]
        ).distinct()
    )


@transaction.atomic
def create_agreement(*, user: Any, data: Mapping[str, Any]) -> Agreement:
    """Record an agreement and tell the Presidency and Secretariat, in the app and by e-mail."""
    agreement = record_create(user=user, model=Agreement, data=data)

    def url() -> str:
        return absolute_url(agreement.get_absolute_url())

    notify(
        managers(),
        message=lambda: (
            _("New agreement: %(title)s with %(partner)s")
            % {"title": agreement.title, "partner": agreement.partner}
        ),
        subject=lambda: _("[Mobiliza] New agreement: %(title)s") % {"title": agreement.title},
        body=lambda: render_to_string(
            "agreements/email/new_agreement.txt",
            {"agreement": agreement, "url": url(), "recorded_by": user},
        ),
        url=lambda: agreement.get_absolute_url(),
    )
    return agreement


def schedule(obligation: ReportingObligation) -> list[datetime.date]:
    """Every due date of an obligation: one, or each month, quarter, half-year or year.

    Recurring dates keep the day of the first one (31 January monthly gives 28 or 29
    February, then 31 March) and stop at ``repeat_until``, else at the end of the
    agreement, else two years after the first date.
    """
    first = obligation.first_due_on
    if obligation.recurrence == Recurrence.ONCE:
        return [first]
    months = RECURRENCE_MONTHS[Recurrence(obligation.recurrence)]
    until = obligation.repeat_until
    if until is None and obligation.agreement_id and obligation.agreement.ends_on:  # type: ignore[union-attr]
        until = obligation.agreement.ends_on  # type: ignore[union-attr]
    if until is None:
        until = first + DEFAULT_HORIZON
    dates = []
    n = 0
    while True:
        due = first + relativedelta(months=months * n)
        if due > until:
            break
        dates.append(due)
        n += 1
    return dates


def sync_deadlines(obligation: ReportingObligation) -> None:
    """Make the obligation's deadlines match its schedule; delivered ones are never removed."""
    wanted = set(schedule(obligation))
    existing = {d.due_on: d for d in obligation.deadlines.all()}
    for due_on, deadline in existing.items():
        if due_on not in wanted and not deadline.delivered_on:
            deadline.delete()
    Deadline.objects.bulk_create(
        [Deadline(obligation=obligation, due_on=d) for d in sorted(wanted - set(existing))]
    )


@transaction.atomic
def create_obligation(*, user: Any, data: Mapping[str, Any]) -> ReportingObligation:
    obligation = record_create(user=user, model=ReportingObligation, data=data)
    sync_deadlines(obligation)
    return obligation


@transaction.atomic
def update_obligation(
    *, user: Any, instance: ReportingObligation, data: Mapping[str, Any], version: int | None
) -> ReportingObligation:
    obligation = record_update(user=user, instance=instance, data=data, version=version)
    sync_deadlines(obligation)
    return obligation


@transaction.atomic
def deliver(
    *,
    user: Any,
    deadline: Deadline,
    delivered_on: datetime.date | None,
    document: Any = None,
    version: int | None = None,
) -> Deadline:
    """Record that the report was delivered (with its document), or undo it."""
    data: dict[str, Any] = {
        "delivered_on": delivered_on,
        "delivered_by": user if delivered_on else None,
    }
    if document is not None:
        data["document"] = document
    return record_update(user=user, instance=deadline, data=data, version=version)


def recompute_conversions(currency: str, since: datetime.date) -> int:
    """Convert again the contributions in ``currency`` valued on or after ``since``.

    Called after rates are imported: a contribution may now have a closer rate. Returns
    how many were converted again.
    """
    from mobiliza.core.money import MissingRate, convert

    changed = []
    for contribution in Contribution.objects.filter(currency=currency, value_date__gte=since):
        try:
            conversion = convert(
                contribution.amount, contribution.currency, contribution.value_date
            )
        except MissingRate:
            continue
        if (
            contribution.amount_reporting != conversion.rounded
            or contribution.rate != conversion.rate
            or contribution.reporting_currency != conversion.currency
        ):
            contribution.amount_reporting = conversion.rounded
            contribution.rate = conversion.rate
            contribution.rate_date = conversion.rate_date
            contribution.reporting_currency = conversion.currency
            changed.append(contribution)
    Contribution.objects.bulk_update(
        changed, ["amount_reporting", "rate", "rate_date", "reporting_currency"], batch_size=500
    )
    return len(changed)


def _recipients(deadline: Deadline) -> list[User]:
    obligation = deadline.obligation
    people = []
    if obligation.responsible and obligation.responsible.is_active:
        people.append(obligation.responsible)
    if not people:
        # Nobody named: the Technical Secretariat keeps track of reports (step 4).
        people = list(
            User.objects.filter(is_active=True, memberships__role=Role.SECRETARIAT).distinct()
        )
    return people


def send_reminders(today: datetime.date | None = None) -> int:
    """E-mail a reminder for every undelivered deadline within its reminder window, and
    once more when it becomes overdue. Each (deadline, person, kind) is sent once only:
    a row in :class:`ReminderSent` is written first, under a unique key, so running the
    task again (or twice at the same time) sends nothing more. Returns how many were sent.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=366)
    candidates = (
        Deadline.objects.filter(delivered_on__isnull=True, due_on__lte=horizon)
        .select_related("obligation", "obligation__responsible", "obligation__partner")
        .filter(Q(obligation__remind_days_before__gte=0))
    )
    sent = 0
    for deadline in candidates:
        days_left = (deadline.due_on - today).days
        if days_left < 0:
            kind = "overdue"
        elif days_left <= deadline.obligation.remind_days_before:
            kind = "before"
        else:
            continue
        for person in _recipients(deadline):
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(deadline=deadline, recipient=person, kind=kind)
                    _send_reminder(deadline, person, kind, days_left)
            except IntegrityError:
                continue  # already sent by an earlier run
            sent += 1
    return sent


def _send_reminder(deadline: Deadline, person: User, kind: str, days_left: int) -> None:
    with translation.override(person.language or settings.LANGUAGE_CODE):
        obligation = deadline.obligation
        context = {
            "deadline": deadline,
            "obligation": obligation,
            "person": person,
            "overdue": kind == "overdue",
            "days_left": days_left,
            "days_late": -days_left,
            "url": absolute_url(reverse("agreements:calendar")),
        }
        if kind == "overdue":
            subject = _("[Mobiliza] Overdue: %(title)s (due %(date)s)")
        else:
            subject = _("[Mobiliza] Due on %(date)s: %(title)s")
        send_mail(
            subject % {"title": obligation.title, "date": deadline.due_on.isoformat()},
            render_to_string("agreements/email/reminder.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
