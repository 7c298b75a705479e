from typing import Any

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def path_in(context: dict[str, Any], language: str) -> str:
    """This page's address in another language."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def field_value(value: Any) -> Any:
    """Blank values shown as a dash, booleans as words."""
    from django.utils.translation import gettext as _

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


@register.filter
def minutes(duration: Any) -> int:
    """A timedelta as whole minutes (at least 1)."""
    try:
        return max(1, int(duration.total_seconds() // 60))
    except AttributeError:
        return 0


@register.simple_tag
def money(amount: Any, currency: str) -> str:
    """``{% money amount "USD" %}``: the amount as every page writes it, or a dash."""
    from mobiliza.core.money import format_money

    if amount is None or not currency:
        return "—" if amount is None else str(amount)
    return format_money(amount, currency)


@register.filter
def counted_name(opts: Any, count: Any) -> Any:
    """A model's name for ``count`` records (a number or the records themselves; ``opts``
    is the model's ``_meta``): the singular for one, the plural otherwise, so a counted
    sentence has one placeholder for it."""
    try:
        one = (len(count) if hasattr(count, "__len__") else int(count)) == 1
    except (TypeError, ValueError):
        one = False
    return opts.verbose_name if one else opts.verbose_name_plural
