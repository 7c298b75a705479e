"""The suspension of a project, agreement or arrangement, and its end: one transaction each.

Only the Presidency takes them, and only with an agreement of the plenary recorded in the
coalition's registry (``coalition.MeetingAgreement`` of a plenary meeting). Each takes
the record's ``suspend`` or ``resume`` step through ``core.services.record_transition``,
passing the agreement in its context (the records' ``before_transition`` refuse the steps
without it, so the generic step page and API action cannot take them), keeps the
:class:`~mobiliza.portfolio.suspensions.models.Suspension` with its history, and, once
the transaction has committed, e-mails the partner's contacts in their language and tells
the record's focal points and the Technical Secretariat in the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from mobiliza.core.mail import Recipient, recipient_language, send_message
from mobiliza.core.notifications.services import notify
from mobiliza.core.permissions import access_of, can, country_ids_of
from mobiliza.core.roles import Role
from mobiliza.core.services import record_create, record_transition, record_update
from mobiliza.core.stored_messages import both, message
from mobiliza.portfolio.suspensions.choices import SUSPENDABLE, NoticeEvent
from mobiliza.portfolio.suspensions.models import Suspension, SuspensionNotice

EMAIL_TEMPLATE = "portfolio/suspensions/email/suspension.html"


# --- refusals ------------------------------------------------------------------------------


def refuse_unless_presidency(user: Any) -> None:
    """Only the Presidency suspends and resumes (``Suspension.access.editors``)."""
    if not can(user, "add", model=Suspension):
        raise PermissionDenied(
            gettext(
                "Only the Presidency, with the plenary's agreement, may suspend a project, "
                "agreement or arrangement, or resume it."
            )
        )


def _refuse_without_agreement(meeting_agreement: Any, field: str) -> None:
    if meeting_agreement is None:
        raise ValidationError(
            {
                field: _(
                    "Choose the plenary's agreement, as recorded in the coalition's registry: "
                    "without it nothing is suspended or resumed."
                )
            }
        )


def label_of(record: models.Model) -> str:
    return record._meta.label_lower


def refuse_unsuspendable(record: models.Model) -> None:
    """A kind of record that is not suspended, one in a state the step does not leave, or
    one already suspended."""
    if label_of(record) not in SUSPENDABLE:
        raise ValidationError(
            _("Only a project, an agreement or a partner's contribution can be suspended.")
        )
    if open_suspension(record) is not None:
        raise ValidationError(
            _("%(record)s is already suspended; resume it before suspending it again.")
            % {"record": record}
        )
    step = access_of(record).transition("suspend")
    assert step is not None
    state = getattr(record, step.field)
    if state not in step.sources:
        field: Any = record._meta.get_field(step.field)
        names = dict(field.choices or [])
        raise ValidationError(
            _("%(record)s cannot be suspended while it is “%(state)s”: only when it is %(states)s.")
            % {
                "record": record,
                "state": names.get(state, state),
                "states": ", ".join(f"“{names.get(s, s)}”" for s in step.sources),
            }
        )


# --- reading -------------------------------------------------------------------------------


def open_suspension(record: models.Model) -> Suspension | None:
    """The record's current suspension, if it is suspended."""
    return (
        Suspension.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            resumed_on__isnull=True,
        )
        .order_by("-pk")
        .first()
    )


def partners_to_inform(record: models.Model) -> list[Any]:
    """The partners asked to suspend: a project's executing partner and the partners of
    its confirmed financing; an agreement's partner and co-signers; a contribution's
    partner."""
    label = label_of(record)
    found: list[Any] = []
    if label == "portfolio.project":
        if getattr(record, "executing_partner_id", None):
            found.append(record.executing_partner)  # type: ignore[attr-defined]
        for line in record.financing.filter(  # type: ignore[attr-defined]
            confirmed=True, partner__isnull=False
        ).select_related("partner"):
            found.append(line.partner)
    elif label == "agreements.agreement":
        found.append(record.partner)  # type: ignore[attr-defined]
        found.extend(record.other_partners.all())  # type: ignore[attr-defined]
    elif getattr(record, "partner_id", None):
        found.append(record.partner)  # type: ignore[attr-defined]
    unique: dict[int, Any] = {}
    for partner in found:
        unique.setdefault(partner.pk, partner)
    return list(unique.values())


@dataclass(frozen=True)
class ToInform:
    """The contacts the suspension is e-mailed to, and those it cannot be (no address)."""

    emailed: list[Any]
    without_email: list[Any]


def contacts_to_inform(record: models.Model) -> ToInform:
    """The partners' active contacts: those with an e-mail address are written to."""
    from mobiliza.directory.models import Contact

    partners = partners_to_inform(record)
    contacts = list(
        Contact.objects.filter(partner__in=[p.pk for p in partners], is_active=True)
        .select_related("partner")
        .order_by("partner__name_es", "full_name", "pk")
    )
    return ToInform(
        emailed=[c for c in contacts if c.email],
        without_email=[c for c in contacts if not c.email],
    )


def users_to_tell(record: models.Model) -> list[Any]:
    """The focal points of the record's member states and the Technical Secretariat."""
    users = get_user_model().objects.filter(is_active=True)
    states = country_ids_of(record)
    focal = models.Q(
        memberships__role=Role.FOCAL_POINT, memberships__member_state_id__in=states or [0]
    )
    return list(users.filter(focal | models.Q(memberships__role=Role.SECRETARIAT)).distinct())


def record_url(record: models.Model) -> str:
    """The record's page, or an empty text while its app has none."""
    try:
        return record.get_absolute_url()  # type: ignore[attr-defined]
    except NoReverseMatch:
        return ""


# --- writing -------------------------------------------------------------------------------


def _agreement_reason(msgid: str, meeting_agreement: Any) -> dict[str, Any]:
    return message(
        msgid,
        agreement=both(meeting_agreement),
        meeting=both(meeting_agreement.meeting),
        date=meeting_agreement.meeting.date,
    )


@transaction.atomic
def suspend(
    *,
    user: Any,
    record: models.Model,
    meeting_agreement: Any,
    grounds: str,
    reason_es: str = "",
    reason_en: str = "",
) -> Suspension:
    """Suspend ``record`` with the plenary's ``meeting_agreement``, on ``grounds``."""
    refuse_unless_presidency(user)
    _refuse_without_agreement(meeting_agreement, "meeting_agreement")
    refuse_unsuspendable(record)
    data = {
        "content_type": ContentType.objects.get_for_model(record),
        "object_id": record.pk,
        "meeting_agreement": meeting_agreement,
        "grounds": grounds,
        "reason_es": reason_es or "",
        "reason_en": reason_en or "",
        "suspended_on": timezone.localdate(),
        "suspended_by": user,
    }
    draft = Suspension(**data)
    draft.compute_derived()
    draft.full_clean()  # the plenary, the grounds, the reasons: before anything moves
    reason = _agreement_reason(
        gettext_noop("Suspended with the plenary's agreement “{agreement}” ({meeting}, {date})"),
        meeting_agreement,
    )
    record_transition(
        user=user,
        instance=record,
        name="suspend",
        reason=reason,
        context={"plenary_agreement": meeting_agreement},
    )
    suspension = record_create(user=user, model=Suspension, data=data, reason=reason)
    _inform(user, suspension, record, NoticeEvent.SUSPENDED)
    return suspension


@transaction.atomic
def resume(
    *,
    user: Any,
    suspension: Suspension,
    meeting_agreement: Any,
    reason_es: str = "",
    reason_en: str = "",
) -> Suspension:
    """End ``suspension`` with the plenary's ``meeting_agreement``: the record goes back
    to the state it was suspended from."""
    refuse_unless_presidency(user)
    _refuse_without_agreement(meeting_agreement, "resume_meeting_agreement")
    current = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if not current.is_open:
        raise ValidationError(
            _("This suspension already ended on %(date)s.") % {"date": current.resumed_on}
        )
    record: Any = current.record
    data = {
        "resumed_on": timezone.localdate(),
        "resumed_by": user,
        "resume_meeting_agreement": meeting_agreement,
        "resume_reason_es": reason_es or "",
        "resume_reason_en": reason_en or "",
    }
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()  # the plenary, the reasons: before the record moves
    reason = _agreement_reason(
        gettext_noop("Resumed with the plenary's agreement “{agreement}” ({meeting}, {date})"),
        meeting_agreement,
    )
    record_transition(
        user=user,
        instance=record,
        name="resume",
        reason=reason,
        context={"plenary_agreement": meeting_agreement},
    )
    current = record_update(
        user=user, instance=current, data=data, version=current.version, reason=reason
    )
    _inform(user, current, record, NoticeEvent.RESUMED)
    return current


def _inform(user: Any, suspension: Suspension, record: models.Model, event: str) -> None:
    """Keep who is e-mailed, e-mail them after the commit, and tell the staff in the app."""
    to_inform = contacts_to_inform(record)
    now = timezone.now()
    for contact in to_inform.emailed:
        record_create(
            user=user,
            model=SuspensionNotice,
            data={
                "suspension": suspension,
                "event": event,
                "contact": contact,
                "name": contact.full_name,
                "email": contact.email,
                "language": recipient_language(contact),
                "partner_name": str(contact.partner),
                "sent_at": now,
            },
        )
    recipients = [Recipient(c.email, recipient_language(c)) for c in to_inform.emailed]
    suspension_pk = suspension.pk
    record_pk = record.pk

    def send() -> None:
        fresh = Suspension.objects.select_related(
            "meeting_agreement__meeting", "resume_meeting_agreement__meeting"
        ).get(pk=suspension_pk)
        model = type(record)
        current = model._default_manager.get(pk=record_pk)
        for recipient, contact in zip(recipients, to_inform.emailed, strict=True):

            def values(contact: Any = contact) -> dict[str, Any]:
                return email_context(fresh, current, contact, event)

            send_message(recipient, EMAIL_TEMPLATE, values)

    transaction.on_commit(send)
    msgid = (
        gettext_noop("Suspended by the Presidency: {record}")
        if event == NoticeEvent.SUSPENDED
        else gettext_noop("Resumed by the Presidency: {record}")
    )
    notify(
        users_to_tell(record),
        message=message(msgid, record=both(record), kind=both(record._meta.verbose_name)),
        url=lambda: reverse("portfolio:suspension_detail", args=[suspension_pk]),
    )


def email_context(
    suspension: Suspension, record: models.Model, contact: Any, event: str
) -> dict[str, Any]:
    """What the message says, in the contact's language (called inside it)."""
    resumed = event == NoticeEvent.RESUMED
    agreement = suspension.resume_meeting_agreement if resumed else suspension.meeting_agreement
    assert agreement is not None
    return {
        "contact": contact,
        "partner": contact.partner,
        "record": record,
        "kind": record._meta.verbose_name,
        "resumed": resumed,
        "suspension": suspension,
        "grounds": suspension.get_grounds_display(),
        # Plain texts: a letter to a partner shows no "translation missing" marker.
        "reason": str.__str__(suspension.resume_reason if resumed else suspension.reason),
        "meeting_agreement": agreement,
        "agreement_text": str.__str__(agreement.text),
        "meeting": agreement.meeting,
        "meeting_date": agreement.meeting.date,
        "suspended_on": suspension.suspended_on,
        "language": translation.get_language(),
    }


def plenary_agreements() -> models.QuerySet:
    """The agreements of plenary meetings held so far, latest meeting first (the choices
    of the forms)."""
    from mobiliza.coalition.models import MeetingAgreement
    from mobiliza.portfolio.suspensions.models import PLENARY_KINDS

    return (
        MeetingAgreement.objects.filter(
            meeting__committee__isnull=True,
            meeting__kind__in=PLENARY_KINDS,
            meeting__date__lte=timezone.localdate(),
        )
        .select_related("meeting")
        .order_by("-meeting__date", "pk")
    )
