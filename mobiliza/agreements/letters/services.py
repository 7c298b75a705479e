"""The writes of step 4's letters: recording that a letter was sent gives it its number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from mobiliza.agreements.models import Acknowledgement
from mobiliza.core.services import record_create

# The Technical Secretariat's letters: CORETT/ST/2026/0012, numbered from 1 each year.
REFERENCE_FORMAT = "{acronym}/ST/{year}/{number:04d}"


def _reference_prefix(year: int) -> str:
    from mobiliza.coalition.models import Coalition

    coalition = Coalition.objects.select_for_update().order_by("pk").first()
    acronym = coalition.acronym if coalition is not None else "MOBILIZA"
    return REFERENCE_FORMAT.format(acronym=acronym, year=year, number=0)[:-4]


def acknowledgement_next_reference(*, year: int) -> str:
    """The next free reference number of ``year``. Call it inside the transaction that
    stores it: the coalition's row is locked until then, so two senders never draw the same
    number (and the column is unique besides)."""
    prefix = _reference_prefix(year)
    taken = Acknowledgement.objects.filter(reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    tails = [(ref or "")[len(prefix) :] for ref in taken]
    numbers = [int(tail) for tail in tails if tail.isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def acknowledgement_create(*, user: Any, data: Mapping[str, Any]) -> Acknowledgement:
    """Record that a contribution's letter was sent, numbered in the year it was sent."""
    sent_on = data.get("sent_on") or Acknowledgement._meta.get_field("sent_on").get_default()
    values = dict(data)
    values["reference"] = acknowledgement_next_reference(year=sent_on.year)
    return record_create(user=user, model=Acknowledgement, data=values)
