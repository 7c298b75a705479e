"""Writes of the consultancy calls, each in one transaction with its history.

The call's steps are its declared transitions (``record_transition``); the services here
are those that need more than a step: the second call, the applicants with their
documents, the first filter's decisions, the states' scores, the joint selection and the
purge of applicants' files once their retention date has passed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from mobiliza.core.permissions import can
from mobiliza.core.services import record_create, record_transition, record_update
from mobiliza.core.stored_messages import encode_reason, message
from mobiliza.portfolio.consultancies.models import (
    Applicant,
    ApplicantDocument,
    ApplicantScore,
    CallState,
    ConsultancyCall,
    FilterDecision,
)


@transaction.atomic
def create_call(*, user: Any, data: Mapping[str, Any]) -> ConsultancyCall:
    """A first call; its evaluating states are the project's unless others are named."""
    data = dict(data)
    call = record_create(user=user, model=ConsultancyCall, data=data)
    if not call.evaluating_states.exists():
        call.evaluating_states.set(call.default_evaluating_states())
    return call


@transaction.atomic
def open_second_call(
    *, user: Any, call: ConsultancyCall, opens_on: datetime.date, closes_on: datetime.date
) -> ConsultancyCall:
    """The second call of a first one that received no offers, with the same terms."""
    first = ConsultancyCall.objects.select_for_update().get(pk=call.pk)
    if not can(user, "change", first):
        raise PermissionDenied
    if first.call_number != 1:
        raise ValidationError(_("A second call is held only once, after the first."))
    if first.applicants.exists() or first.state != CallState.DESERTED:
        raise ValidationError(
            _("A second call is held only when the first call closed without offers.")
        )
    if ConsultancyCall.objects.filter(first_call=first).exists():
        raise ValidationError(_("This call already has its second call."))
    second = record_create(
        user=user,
        model=ConsultancyCall,
        data={
            "project": first.project,
            "title": first.title,
            "terms_es": first.terms_es,
            "terms_en": first.terms_en,
            "terms_file": first.terms_file.name if first.terms_file else "",
            "call_number": 2,
            "first_call": first,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "evaluating_states": list(first.evaluating_states.all()),
        },
        reason=message(gettext_noop("Second call of a call that received no offers")),
    )
    return second


@transaction.atomic
def add_applicant(
    *,
    user: Any,
    call: ConsultancyCall,
    data: Mapping[str, Any],
    documents: Iterable[tuple[str, Any]] = (),
) -> Applicant:
    """An applicant of ``call`` with its documents (kind, uploaded file)."""
    applicant = record_create(user=user, model=Applicant, data={**data, "call": call})
    for kind, upload in documents:
        if upload:
            record_create(
                user=user,
                model=ApplicantDocument,
                data={"applicant": applicant, "kind": kind, "file": upload},
            )
    return applicant


@transaction.atomic
def update_applicant(
    *,
    user: Any,
    applicant: Applicant,
    data: Mapping[str, Any],
    version: int | None,
    documents: Iterable[tuple[str, Any]] = (),
) -> Applicant:
    """An applicant's details changed, and further documents added."""
    applicant = record_update(user=user, instance=applicant, data=data, version=version)
    for kind, upload in documents:
        if upload:
            record_create(
                user=user,
                model=ApplicantDocument,
                data={"applicant": applicant, "kind": kind, "file": upload},
            )
    return applicant


def decide_first_filter(
    *, user: Any, applicant: Applicant, decision: str, comment: str = ""
) -> Applicant:
    """The Presidency's and the Secretariat's first filter for one applicant."""
    if decision not in FilterDecision.values:
        raise ValidationError({"passed_first_filter": _("Choose yes, no or pending.")})
    return record_update(
        user=user,
        instance=applicant,
        data={"passed_first_filter": decision, "filter_comment": comment},
        version=None,
    )


@transaction.atomic
def score_applicant(
    *,
    user: Any,
    applicant: Applicant,
    member_state: Any,
    score: Decimal,
    comment: str = "",
) -> ApplicantScore:
    """A member state's score of an applicant: the first one, or a new value for it."""
    existing = ApplicantScore.objects.filter(applicant=applicant, member_state=member_state).first()
    data = {"score": score, "comment": comment, "scored_by": user}
    if existing is not None:
        return record_update(user=user, instance=existing, data=data, version=None)
    return record_create(
        user=user,
        model=ApplicantScore,
        data={**data, "applicant": applicant, "member_state": member_state},
    )


def select_applicant(
    *,
    user: Any,
    call: ConsultancyCall,
    applicant: Applicant,
    without_every_score: bool = False,
    notes: str = "",
    version: int | None = None,
) -> ConsultancyCall:
    """The joint selection: the applicant chosen, with the scores of the evaluating states."""
    return record_transition(
        user=user,
        instance=call,
        name="select",
        version=version,
        context={
            "applicant": applicant,
            "without_every_score": without_every_score,
            "notes": notes,
        },
    )


@dataclass
class Purge:
    applicants: int = 0
    files: int = 0


@transaction.atomic
def purge_applicant_files(*, today: datetime.date | None = None, dry_run: bool = False) -> Purge:
    """Delete the stored files of the applicants whose retention date has passed.

    The rows stay, the documents without their file, and each applicant records the day
    (``files_deleted_on``) in its history. An applicant already purged is left alone, so
    a second run deletes nothing.
    """
    today = today or timezone.localdate()
    due = Applicant.objects.filter(
        retention_until__lt=today, files_deleted_on__isnull=True
    ).prefetch_related("documents")
    done = Purge()
    reason = encode_reason(message(gettext_noop("Files deleted on their retention date")))
    for applicant in due:
        done.applicants += 1
        for document in applicant.documents.all():
            if not document.file:
                continue
            done.files += 1
            if dry_run:
                continue
            document.file.delete(save=False)
            document.file = ""
            document.version += 1
            document._change_reason = reason  # type: ignore[attr-defined]
            document.save()
        if dry_run:
            continue
        applicant.files_deleted_on = today
        applicant.version += 1
        applicant._change_reason = reason  # type: ignore[attr-defined]
        applicant.save()
    return done
