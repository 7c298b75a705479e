"""Suspensions: the Presidency, with the plenary's agreement, suspends a project, an agreement
or an arrangement (a partner's contribution) because of risk or damage to the target
beneficiary population, and resumes it with another agreement of the plenary.

The strategy's resource-management rules: "The Presidency with the common agreement of the
Plenary of the Regional Coalition may request the partner or donor to suspend the project,
agreement or arrangement when there is any risk or damage to the target beneficiary
population." The plenary is a meeting of no committee whose kind is an ordinary or an
extraordinary plenary meeting (``coalition.Meeting``: ``committee`` empty, ``kind`` one of
:data:`PLENARY_KINDS`); a technical or committee meeting cannot agree a suspension.

Writes go through ``services.suspend`` and ``services.resume``; ``Access.editors`` keeps
them to the Presidency (the Secretariat, which manages everything else, may not).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobiliza.coalition.choices import MeetingKind
from mobiliza.core.models import BusinessModel, Translated
from mobiliza.core.permissions import INTERNAL, Access, country_id_of
from mobiliza.core.roles import Role
from mobiliza.portfolio.suspensions.choices import SUSPENDABLE, NoticeEvent, SuspensionGrounds

__all__ = ["PLENARY_KINDS", "Suspension", "SuspensionNotice", "is_plenary"]

# The kinds of meeting of the plenary (a meeting of no committee).
PLENARY_KINDS = (MeetingKind.ORDINARY, MeetingKind.EXTRAORDINARY)
PRESIDENCY = frozenset({Role.PRESIDENCY})


def suspendable_types() -> Q:
    """The content types of the records that may be suspended."""
    found = Q(pk__in=[])
    for label in SUSPENDABLE:
        app_label, model = label.split(".")
        found |= Q(app_label=app_label, model=model)
    return found


def is_plenary(meeting_agreement: Any) -> bool:
    """Whether a meeting agreement was reached by the plenary."""
    meeting = meeting_agreement.meeting
    return meeting.committee_id is None and meeting.kind in PLENARY_KINDS


def _refuse_not_plenary(meeting_agreement: Any) -> Any:
    if not is_plenary(meeting_agreement):
        return _(
            "“%(agreement)s” was reached at %(meeting)s, which is not a plenary meeting: "
            "choose an agreement of an ordinary or extraordinary plenary meeting."
        ) % {"agreement": meeting_agreement, "meeting": meeting_agreement.meeting}
    if meeting_agreement.meeting.date > timezone.localdate():
        return _(
            "The meeting of “%(agreement)s” is on %(date)s, after today: record the suspension "
            "once the plenary has agreed it."
        ) % {"agreement": meeting_agreement, "date": meeting_agreement.meeting.date}
    return None


class Suspension(BusinessModel):
    """One suspension of a record: the plenary's agreement, the grounds, and its end."""

    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        limit_choices_to=suspendable_types,
        related_name="+",
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    # The suspended record's member state, copied by ``compute_derived``.
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="suspensions",
        verbose_name=_("member state"),
    )
    meeting_agreement = models.ForeignKey(
        "coalition.MeetingAgreement",
        on_delete=models.PROTECT,
        related_name="suspensions",
        verbose_name=_("agreement of the plenary"),
        help_text=_("The plenary's agreement to suspend, as recorded in the coalition's registry."),
    )
    grounds = models.CharField(_("grounds"), max_length=20, choices=SuspensionGrounds.choices)
    reason_es = models.TextField(_("reason (Spanish)"), blank=True)
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason = Translated("reason", _("reason"))
    suspended_on = models.DateField(_("suspended on"), default=timezone.localdate)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("suspended by"),
    )
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resumed by"),
    )
    resume_meeting_agreement = models.ForeignKey(
        "coalition.MeetingAgreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resumptions",
        verbose_name=_("agreement of the plenary to resume"),
    )
    resume_reason_es = models.TextField(_("reason to resume (Spanish)"), blank=True)
    resume_reason_en = models.TextField(_("reason to resume (English)"), blank=True)
    resume_reason = Translated("resume_reason", _("reason to resume"))

    access = Access(country_path="member_state", readers=INTERNAL, editors=PRESIDENCY)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-suspended_on", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="suspension_record_idx"),
        ]

    def __str__(self) -> str:
        return str(
            _("Suspension of %(record)s (%(date)s)")
            % {"record": self.record, "date": self.suspended_on}
        )

    @property
    def is_open(self) -> bool:
        return self.resumed_on is None

    @property
    def record_label(self) -> str:
        """``agreements.agreement:12``: how the pages name the record in their address."""
        return f"{self.content_type.app_label}.{self.content_type.model}:{self.object_id}"

    def compute_derived(self) -> None:
        record = self.record if self.content_type_id and self.object_id else None
        self.member_state_id = country_id_of(record) if record is not None else None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.content_type_id and self.object_id and self.record is None:
            errors["object_id"] = _("The record to suspend does not exist.")
        if self.content_type_id and (
            f"{self.content_type.app_label}.{self.content_type.model}" not in SUSPENDABLE
        ):
            errors["content_type"] = _(
                "Only a project, an agreement or a partner's contribution can be suspended."
            )
        if self.meeting_agreement_id:
            refused = _refuse_not_plenary(self.meeting_agreement)
            if refused:
                errors["meeting_agreement"] = refused
        if not (self.reason_es.strip() or self.reason_en.strip()):
            errors["reason_es"] = _(
                "Say why the population is at risk or harmed, in Spanish, in English or in both."
            )
        if self.resumed_on is not None:
            if not self.resume_meeting_agreement_id:
                errors["resume_meeting_agreement"] = _(
                    "Choose the plenary's agreement to resume, as recorded in the registry."
                )
            else:
                refused = _refuse_not_plenary(self.resume_meeting_agreement)
                if refused:
                    errors["resume_meeting_agreement"] = refused
                elif self.resume_meeting_agreement_id == self.meeting_agreement_id:
                    errors["resume_meeting_agreement"] = _(
                        "This is the agreement that suspended it: choose the plenary's "
                        "agreement to resume."
                    )
            if not (self.resume_reason_es.strip() or self.resume_reason_en.strip()):
                errors["resume_reason_es"] = _(
                    "Say why it may resume, in Spanish, in English or in both."
                )
            if self.resumed_on < self.suspended_on:
                errors["resumed_on"] = _("A suspension cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class SuspensionNotice(BusinessModel):
    """A contact of the partner told of a suspension or of its end, by e-mail, and when."""

    suspension = models.ForeignKey(
        Suspension, on_delete=models.CASCADE, related_name="notices", verbose_name=_("suspension")
    )
    event = models.CharField(_("about"), max_length=20, choices=NoticeEvent.choices)
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suspension_notices",
        verbose_name=_("contact"),
    )
    # Kept as written to, should the contact change or be deleted.
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10)
    partner_name = models.CharField(_("partner"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("e-mailed on"), default=timezone.now)

    access = Access(
        country_path="suspension__member_state",
        readers=INTERNAL,
        parents=("suspension",),
        editors=PRESIDENCY,
    )

    class Meta:
        verbose_name = _("notice of a suspension")
        verbose_name_plural = _("notices of suspensions")
        ordering = ["suspension", "sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
