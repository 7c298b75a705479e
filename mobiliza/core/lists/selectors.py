"""Reads of the lists' own records: the saved filters."""

from __future__ import annotations

from typing import Any

from mobiliza.core.lists.models import SavedFilter


def saved_filters_of(*, user: Any, list_name: str) -> list[SavedFilter]:
    """The filters ``user`` saved for the list named ``list_name`` (one query)."""
    if not getattr(user, "is_authenticated", False) or not list_name:
        return []
    return list(SavedFilter.objects.filter(user=user, list_name=list_name))
