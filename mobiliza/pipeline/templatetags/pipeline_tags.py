"""Template helpers of the pipeline pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from mobiliza.core.money import format_money

register = template.Library()


@register.simple_tag
def money(amount: Decimal | None, currency: str) -> str:
    """``{% money amount "USD" %}``: the amount in the reader's language, or a dash."""
    if amount is None or not currency:
        return "—" if amount is None else str(amount)
    return format_money(amount, currency)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping|get_item:key`` for dictionaries keyed by id."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
