"""Writes of the 8.4 checklist, each in one transaction with its history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mobiliza.core.permissions import can
from mobiliza.core.services import record_create, record_delete, record_update
from mobiliza.portfolio.checklist.models import ChecklistAnswer
from mobiliza.portfolio.checklist.selectors import answers_of, previous_answers


@dataclass(frozen=True)
class Given:
    """One item's answer as entered: ``answer`` empty leaves (or makes) it unanswered."""

    item: Any
    answer: str
    comment: str = ""


def given_problems(entry: Given) -> dict[str, str]:
    """What is wrong with one item's answer as entered, by field: a comment needs an answer
    (an item without one is left unanswered, and its comment would be lost)."""
    if (entry.comment or "").strip() and not entry.answer:
        return {"answer": _("Answer Yes, No or N/A before commenting.")}
    return {}


@transaction.atomic
def checklist_answer(*, user: Any, project: Any, given: Iterable[Given]) -> int:
    """Write the answers of the project's current sheet version; return how many changed.

    An answer equal to the previous version's is kept marked as carried over from it
    ("from version N"); one that differs is the user's own.
    """
    if not can(user, "change", project):
        raise PermissionDenied
    given = list(given)
    refused = [
        _("Item %(number)s: %(problem)s") % {"number": entry.item.number, "problem": problem}
        for entry in given
        for problem in given_problems(entry).values()
    ]
    if refused:
        raise ValidationError(refused)
    version = project.sheet_version
    current = answers_of(project, version)
    earlier_version, earlier = previous_answers(project)
    changed = 0
    for entry in given:
        row = current.get(entry.item.pk)
        comment = (entry.comment or "").strip()
        if not entry.answer:
            if row is not None:
                record_delete(user=user, instance=row)
                changed += 1
            continue
        old = earlier.get(entry.item.pk)
        carried = (
            earlier_version
            if old is not None and old.answer == entry.answer and old.comment == comment
            else None
        )
        if row is None:
            record_create(
                user=user,
                model=ChecklistAnswer,
                data={
                    "project": project,
                    "sheet_version": version,
                    "item": entry.item,
                    "answer": entry.answer,
                    "comment": comment,
                    "answered_by": user,
                    "copied_from_version": carried,
                },
            )
            changed += 1
        elif row.answer != entry.answer or row.comment != comment:
            record_update(
                user=user,
                instance=row,
                data={
                    "answer": entry.answer,
                    "comment": comment,
                    "answered_by": user,
                    "copied_from_version": carried,
                },
                version=row.version,
            )
            changed += 1
    return changed


@transaction.atomic
def checklist_carry_over(*, user: Any, project: Any) -> int:
    """Start the current version's checklist from the previous version's answers.

    Items already answered for the current version are left as they are; the others get
    the earlier answer, marked as carried over. Returns how many were copied.
    """
    if not can(user, "change", project):
        raise PermissionDenied
    earlier_version, earlier = previous_answers(project)
    if earlier_version is None:
        return 0
    current = answers_of(project)
    copied = 0
    for item_id, old in earlier.items():
        if item_id in current:
            continue
        record_create(
            user=user,
            model=ChecklistAnswer,
            data={
                "project": project,
                "sheet_version": project.sheet_version,
                "item_id": item_id,
                "answer": old.answer,
                "comment": old.comment,
                "answered_by": old.answered_by,
                "copied_from_version": earlier_version,
            },
        )
        copied += 1
    return copied
