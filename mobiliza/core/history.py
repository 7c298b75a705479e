"""The change history of a record, field by field, in a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mobiliza.core.stored_messages import display_reason

IGNORED_FIELDS = {"version", "created_at", "updated_at", "id"}

KIND_LABELS = {
    "+": pgettext_lazy("history event", "Created"),
    "~": pgettext_lazy("history event", "Changed"),
    "-": pgettext_lazy("history event", "Deleted"),
}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange]


def _display(field: models.Field, value: Any, related: dict[str, dict[Any, str]]) -> str:
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return related.get(field.name, {}).get(value, str(value))
    choices = field.flatchoices if field.choices else None
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, Decimal):
        # Amounts are kept to four places; show "100000.00", not "100000.0000".
        text = f"{value:f}"
        if "." in text:
            whole, places = text.split(".")
            places = places.rstrip("0").ljust(2, "0")
            text = f"{whole}.{places}"
        return text
    return str(value)


def _who(user: Any) -> str:
    return (user.get_full_name() or user.email) if user else str(_("system"))


def history_of(
    obj: models.Model, limit: int = 200, hidden: Iterable[str] = (), authors: bool = True
) -> list[HistoryEntry]:
    """Newest first: who changed what, with each field's value before and after.

    ``hidden`` names fields the reader may not see (confidential notes; a bilingual
    field by its name without ``_es``/``_en``): their changes are left out. Without
    ``authors`` the staff's names are not shown (for a partner viewer).
    """
    hidden = set(hidden)
    history_manager = getattr(obj, "history", None)
    if history_manager is None:
        return []
    records = list(history_manager.select_related("history_user").order_by("history_id")[:limit])
    fields = [
        f
        for f in type(obj)._meta.concrete_fields
        if f.name not in IGNORED_FIELDS
        and f.name not in hidden
        and not (f.name[-3:] in ("_es", "_en") and f.name[:-3] in hidden)
        and f.editable
        and not f.name.endswith("_ptr")
    ]
    # One query per foreign key to show names instead of numbers.
    related: dict[str, dict[Any, str]] = {}
    for field in fields:
        if not field.is_relation:
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}
        if ids:
            target = field.related_model._default_manager  # type: ignore[union-attr]
            related[field.name] = {o.pk: str(o) for o in target.filter(pk__in=ids)}
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes = []
        for field in fields:
            after = getattr(record, field.attname, None)
            before = getattr(previous, field.attname, None) if previous is not None else None
            if previous is None and record.history_type == "+":
                if after in (None, ""):
                    continue
            elif before == after:
                continue
            changes.append(
                FieldChange(
                    label=str(field.verbose_name),
                    before=_display(field, before, related) if previous is not None else "—",
                    after=_display(field, after, related),
                )
            )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(user) if authors else str(_("the coalition")),
                kind=str(KIND_LABELS.get(record.history_type, record.history_type)),
                reason=display_reason(record.history_change_reason),
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries
