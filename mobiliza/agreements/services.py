"""Writes of agreements, contributions and reporting obligations, and the reminder task."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from mobiliza.agreements.choices import RECURRENCE_MONTHS, Recurrence
from mobiliza.agreements.models import (
    Agreement,
    Contribution,
    Deadline,
    Instalment,
    ReminderSent,
    ReportingObligation,
)
from mobiliza.core.mail import absolute_url, recipient_of, send_message
from mobiliza.core.notifications.services import notify, notify_in_app
from mobiliza.core.roles import Role
from mobiliza.core.services import record_create, record_update
from mobiliza.core.stored_messages import both, encode_reason, message

if TYPE_CHECKING:
    from mobiliza.accounts.models import User

logger = logging.getLogger(__name__)

# With no end date, recurring obligations are scheduled this far ahead.
DEFAULT_HORIZON = relativedelta(years=2)


def managers() -> list[User]:
    """The Presidency and the Technical Secretariat: told of every new agreement."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=[Role.PRESIDENCY, Role.SECRETARIAT])
        .distinct()
    )


@transaction.atomic
def create_agreement(*, user: Any, data: Mapping[str, Any]) -> Agreement:
    """Record an agreement and tell the Presidency and Secretariat, in the app and by e-mail."""
    agreement = record_create(user=user, model=Agreement, data=data)

    notify(
        managers(),
        message=message(
            gettext_noop("New agreement: {title} with {partner}"),
            title=agreement.title,
            partner=both(agreement.partner),
        ),
        url=lambda: agreement.get_absolute_url(),
        template="agreements/email/new_agreement.html",
        context=lambda: {
            "agreement": agreement,
            "url": absolute_url(agreement.get_absolute_url()),
            "recorded_by": user,
        },
    )
    return agreement


def schedule(obligation: ReportingObligation) -> list[datetime.date]:
    """Every due date of an obligation: one, or each month, quarter, half-year or year.

    Recurring dates keep the day of the first one (31 January monthly gives 28 or 29
    February, then 31 March) and stop at ``repeat_until``, else at the end of the
    agreement, else two years after the first date. The first date is always due, even
    when the agreement ends before it.
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
    dates = [first]
    n = 1
    while True:
        # Always counted from the first date, so a short month does not shorten the rest.
        due = first + relativedelta(months=months * n)
        if due > until:
            break
        dates.append(due)
        n += 1
    return dates


def sync_deadlines(obligation: ReportingObligation, *, user: Any = None) -> None:
    """Make the obligation's deadlines match its schedule; delivered ones are never removed.

    Deadlines no longer in the schedule are deleted unless something was delivered for
    them; the new ones are created with their history (who added them).
    """
    wanted = set(schedule(obligation))
    existing = {d.due_on: d for d in obligation.deadlines.all()}
    for due_on, deadline in existing.items():
        if due_on not in wanted and not deadline.delivered_on:
            deadline._history_user = user  # type: ignore[attr-defined]
            deadline.delete()
    new = [Deadline(obligation=obligation, due_on=d) for d in sorted(wanted - set(existing))]
    if new:
        bulk_create_with_history(new, Deadline, default_user=user)


@transaction.atomic
def create_obligation(*, user: Any, data: Mapping[str, Any]) -> ReportingObligation:
    """Record a report, letter or application owed, and create its deadlines."""
    obligation = record_create(user=user, model=ReportingObligation, data=data)
    sync_deadlines(obligation, user=user)
    return obligation


@transaction.atomic
def update_obligation(
    *, user: Any, instance: ReportingObligation, data: Mapping[str, Any], version: int | None
) -> ReportingObligation:
    """Change an obligation; its deadlines follow the new schedule (deliveries are kept)."""
    obligation = record_update(user=user, instance=instance, data=data, version=version)
    sync_deadlines(obligation, user=user)
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
    """Record that the report was delivered (with its document), or undo it.

    Undoing (``delivered_on=None``) also takes the document off the deadline: it belonged
    to the mistaken delivery. The history keeps both.
    """
    if delivered_on is not None and delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("The delivery date cannot be in the future.")})
    data: dict[str, Any] = {
        "delivered_on": delivered_on,
        "delivered_by": user if delivered_on else None,
    }
    if delivered_on is None:
        data["document"] = ""
    elif document is not None:
        data["document"] = document
    return record_update(user=user, instance=deadline, data=data, version=version)


def follow_source(source: Agreement | Any, user: Any) -> None:
    """After an agreement or opportunity changed, bring its reporting obligations up to date.

    They keep its partner and member state (for who may see and change them) and their
    deadlines follow its end date. An agreement calls it from ``after_change``; the
    pipeline calls it through the registry of ``pipeline.services.follow_opportunities``
    (registered in this app's ``ready()``), since the pipeline imports no app above it.
    """
    for obligation in source.obligations.all():
        before = (obligation.partner_id, obligation.member_state_id)
        obligation.compute_derived()
        if (obligation.partner_id, obligation.member_state_id) != before:
            reason = message(
                gettext_noop("Follows its {source}"), source=both(source._meta.verbose_name)
            )
            obligation._history_user = user  # type: ignore[union-attr]
            obligation._change_reason = encode_reason(reason)  # type: ignore[union-attr]
            obligation.version += 1
            obligation.save()
        sync_deadlines(obligation, user=user)


def recompute_conversions(currency: str, since: datetime.date, *, user: Any = None) -> int:
    """Convert again what is valued in ``currency``: contributions valued on or after
    ``since``, and open opportunities (converted at the latest rate).

    Called after rates are imported or edited: a contribution may now have a closer rate,
    and an opportunity that had no rate may now have one. The rates are read once; the
    changed records are written in bulk, each with a history entry. Returns how many
    records were converted again.
    """
    from simple_history.utils import bulk_update_with_history

    from mobiliza.core.money import MissingRate, RateTable
    from mobiliza.pipeline.choices import Outcome
    from mobiliza.pipeline.models import Opportunity

    table = RateTable(currency)
    reason = encode_reason(
        message(
            gettext_noop("Converted again after the exchange rates of {currency} changed"),
            currency=currency,
        )
    )
    changed: list[Contribution] = []
    for contribution in Contribution.objects.filter(currency=currency, value_date__gte=since):
        try:
            conversion = table.convert(contribution.amount, contribution.value_date)
        except MissingRate:
            continue
        if (
            contribution.amount_reporting != conversion.rounded
            or contribution.rate != conversion.rate
            or contribution.rate_date != conversion.rate_date
            or contribution.reporting_currency != conversion.currency
        ):
            contribution.amount_reporting = conversion.rounded
            contribution.rate = conversion.rate
            contribution.rate_date = conversion.rate_date
            contribution.reporting_currency = conversion.currency
            contribution.version += 1
            changed.append(contribution)
    if changed:
        bulk_update_with_history(
            changed,
            Contribution,
            ["amount_reporting", "rate", "rate_date", "reporting_currency", "version"],
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
        convert_instalments(Contribution.objects.filter(pk__in=[c.pk for c in changed]), user=user)
    today = timezone.localdate()
    opportunities: list[Opportunity] = []
    for opportunity in Opportunity.objects.filter(
        currency=currency, outcome=Outcome.OPEN, expected_amount__isnull=False
    ):
        try:
            rounded = table.convert(opportunity.expected_amount or Decimal(0), today).rounded
        except MissingRate:
            continue
        if opportunity.expected_amount_reporting != rounded:
            opportunity.expected_amount_reporting = rounded
            opportunity.version += 1
            opportunities.append(opportunity)
    if opportunities:
        bulk_update_with_history(
            opportunities,
            Opportunity,
            ["expected_amount_reporting", "version"],
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
    return len(changed) + len(opportunities)


def convert_instalments(contributions: Any, *, user: Any = None) -> int:
    """Convert again the instalments of ``contributions`` at their contribution's rate.

    An instalment keeps its amount in the reporting currency so the totals add up in SQL
    what has been received; when its contribution's rate changes (an edit, new rates),
    this brings it up to date. Returns how many instalments changed.
    """
    from simple_history.utils import bulk_update_with_history

    from mobiliza.agreements.models import instalment_in_reporting

    changed: list[Instalment] = []
    for instalment in Instalment.objects.filter(contribution__in=contributions).select_related(
        "contribution"
    ):
        converted = instalment_in_reporting(instalment.amount, instalment.contribution)
        if instalment.amount_reporting != converted:
            instalment.amount_reporting = converted
            changed.append(instalment)
    if changed:
        bulk_update_with_history(
            changed,
            Instalment,
            ["amount_reporting"],
            batch_size=500,
            default_user=user,
            default_change_reason=_("Converted again at its contribution's rate"),
        )
    return len(changed)


def _recipients(deadline: Deadline, secretariat: Callable[[], list[User]]) -> list[User]:
    """Who is reminded: the responsible person, else the Technical Secretariat."""
    responsible = deadline.obligation.responsible
    if responsible is not None and responsible.is_active:
        return [responsible]
    # Nobody named (or no longer active): the Technical Secretariat keeps track of reports.
    return secretariat()


# Overdue reminders go out only for deadlines that became overdue recently: reports of an
# old agreement entered afterwards (never recorded as delivered) do not flood anyone.
OVERDUE_REMINDER_WINDOW = datetime.timedelta(days=30)


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind (a line in the inbox and an e-mail) of every undelivered deadline within its
    reminder window, and once more when it becomes overdue (the tasks' reminders are sent by
    ``manage.py send_task_reminders``). Each (deadline, person, kind) is sent
    once only: a row in :class:`ReminderSent` is written first, under a unique key, so
    running the task again (or twice at the same time) sends nothing more. Returns how
    many were sent.
    """
    today = today or timezone.localdate()
    longest = ReportingObligation.objects.aggregate(days=Max("remind_days_before"))["days"] or 0
    window = Q(
        delivered_on__isnull=True,
        due_on__gte=today - OVERDUE_REMINDER_WINDOW,
        due_on__lte=today + datetime.timedelta(days=longest),
    )
    candidates = Deadline.objects.filter(window).select_related(
        "obligation",
        "obligation__responsible",
        "obligation__partner",
        "obligation__agreement",
        "obligation__opportunity",
    )
    # What earlier runs sent, read once, so old reminders cost no query each day.
    already = set(
        ReminderSent.objects.filter(
            deadline__in=Deadline.objects.filter(window).values("pk")
        ).values_list("deadline_id", "recipient_id", "kind")
    )
    staff: list[User] | None = None

    def secretariat() -> list[User]:
        nonlocal staff
        if staff is None:
            staff = list(
                get_user_model()
                .objects.filter(is_active=True, memberships__role=Role.SECRETARIAT)
                .distinct()
            )
        return staff

    sent = 0
    for deadline in candidates:
        days_left = (deadline.due_on - today).days
        if days_left < 0:
            kind = "overdue"
        elif days_left <= deadline.obligation.remind_days_before:
            kind = "before"
        else:
            continue
        for person in _recipients(deadline, secretariat):
            if (deadline.pk, person.pk, kind) in already:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(deadline=deadline, recipient=person, kind=kind)
                    _send_reminder(deadline, person, kind, days_left)
            except IntegrityError:
                continue  # sent by another run at the same time
            except Exception:
                # The row was rolled back with the failed e-mail: the next run tries again.
                # One bad address or a mail server hiccup must not stop the others.
                logger.exception("Reminder for deadline %s to %s failed", deadline.pk, person.pk)
                continue
            sent += 1
    return sent


def _send_reminder(deadline: Deadline, person: User, kind: str, days_left: int) -> None:
    obligation = deadline.obligation

    def context() -> dict[str, Any]:  # called in the person's language
        return {
            "deadline": deadline,
            "due_on": date_format(deadline.due_on, "DATE_FORMAT"),
            "obligation": obligation,
            "person": person,
            "overdue": kind == "overdue",
            "days_left": days_left,
            "days_late": -days_left,
            # The obligation's page, where the delivery is recorded (in the person's language).
            "url": absolute_url(obligation.get_absolute_url()),
        }

    recipient = recipient_of(person)
    with translation.override(recipient.language):
        link = obligation.get_absolute_url()
    if kind == "overdue":
        line = message(
            gettext_noop("Report overdue: {title} (was due {due_on})"),
            title=both(obligation),
            due_on=deadline.due_on,
        )
    else:
        line = message(
            gettext_noop("Report due {due_on}: {title}"),
            title=both(obligation),
            due_on=deadline.due_on,
        )
    notify_in_app(person, message=line, url=link)
    send_message(recipient, "agreements/email/reminder.html", context)
