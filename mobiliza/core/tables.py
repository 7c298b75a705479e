"""Table helpers shared by every app's lists (django-tables2)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

# The name of the column of ticks a list with bulk actions adds (``core.lists``).
SELECTION = "selected"


class LinkedTable(tables.Table):
    """The base of every list's table: the project's table markup and template.

    On a phone (``core/table.html``, the "hD1: lists" block of ``mobiliza.css``) a table
    scrolls sideways inside a frame a keyboard can scroll too, with a shadow at the cut
    edge; a table whose ``phone_cards`` is true shows each row as a card instead, each
    value under its column's title.
    """

    phone_cards = False

    class Meta:
        attrs = {"class": "table"}
        template_name = "core/table.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.phone_cards and kwargs.get("attrs") is None:
            attrs: dict[str, Any] = dict(self._meta.attrs)
            kwargs["attrs"] = {**attrs, "class": f"{attrs.get('class', '')} table-cards"}
        super().__init__(*args, **kwargs)


def _row_label(record: Any) -> str:
    return str(_("Select {name}")).format(name=record)


def with_selection(table_class: type[tables.Table]) -> dict[str, Any]:
    """The table's keyword arguments that add, first, a column of ticks to select rows
    (the record's id as the value; "select all on this page" in the header)."""
    column = tables.CheckBoxColumn(
        accessor="pk",
        verbose_name=_("Select"),
        exclude_from_export=True,
        attrs={
            "th__input": {
                "data-select-all": SELECTION,
                "aria-label": _("Select all on this page"),
                "title": _("Select all on this page"),
            },
            "td__input": {"aria-label": _row_label, "form": "bulk-form"},
            "th": {"class": "select-column"},
            "td": {"class": "select-column"},
        },
    )
    sequence = list(table_class._meta.sequence or ()) or ["..."]
    return {"extra_columns": [(SELECTION, column)], "sequence": [SELECTION, *sequence]}
