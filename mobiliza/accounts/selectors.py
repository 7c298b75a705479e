"""Reads about users and their roles (keyword-only functions named ``<entity>_<verb>``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

from mobiliza.accounts.models import Membership, User
from mobiliza.core.history import FieldChange, HistoryEntry, _display, _who, history_of
from mobiliza.core.stored_messages import display_reason

ROLE_EVENT_LABELS = {
    "+": pgettext_lazy("history event", "Role given"),
    "~": pgettext_lazy("history event", "Role changed"),
    "-": pgettext_lazy("history event", "Role taken"),
}

_SHOWN_FIELDS = ("role", "member_state", "partner")


def membership_history_list(*, user: User, limit: int = 200) -> list[HistoryEntry]:
    """Newest first: each role the user was given, changed or had taken away, by whom and when.

    Read from the memberships' own history, so a role that was taken away (its row
    deleted) is still listed. Three queries at most: the history, then the names of
    the member states and partners it mentions.
    """
    records = list(
        Membership.history.filter(user_id=user.pk)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date", "history_id")[:limit]
    )
    fields = [Membership._meta.get_field(name) for name in _SHOWN_FIELDS]
    related: dict[str, dict[Any, str]] = {}
    for field in fields:
        if not field.is_relation:
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}  # type: ignore[union-attr]
        if ids:
            target = field.related_model._default_manager  # type: ignore[union-attr]
            related[field.name] = {o.pk: str(o) for o in target.filter(pk__in=ids)}
    entries: list[HistoryEntry] = []
    previous_of: dict[int, Any] = {}
    for record in records:
        previous = previous_of.get(record.id)
        changes = []
        for field in fields:
            attname = field.attname  # type: ignore[union-attr]
            after = getattr(record, attname)
            before = getattr(previous, attname) if previous is not None else None
            if record.history_type == "-":
                # A role taken away: what it was, and nothing after.
                before, after = after, None
            elif before == after:
                continue
            if before is None and after is None:
                continue
            changes.append(
                FieldChange(
                    label=str(field.verbose_name),  # type: ignore[union-attr]
                    before=_display(field, before, related),  # type: ignore[arg-type]
                    after=_display(field, after, related),  # type: ignore[arg-type]
                )
            )
        previous_of[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(record.history_user),
                kind=str(ROLE_EVENT_LABELS.get(record.history_type, record.history_type)),
                reason=display_reason(record.history_change_reason),
                changes=changes,
            )
        )
    entries.reverse()
    return entries


def user_history_list(*, user: User) -> list[HistoryEntry]:
    """Newest first: the changes to the user's own fields and to the roles they hold."""
    entries = history_of(user) + membership_history_list(user=user)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
