"""What the record forms' template needs beyond a form's own fields: the error summary
at the top (each problem naming its field and linking to it) and the form's sections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()


@dataclass(frozen=True)
class Problem:
    """One error of a form: the field's label and the address of its input (none for an
    error about the whole record)."""

    message: str
    label: Any = ""
    href: str = ""


@register.simple_tag
def error_summary(form: Any) -> list[Problem]:
    """The form's errors in the order of its fields, the record's own ones first."""
    if form is None or not form.errors:
        return []
    problems = [Problem(str(message)) for message in form.non_field_errors()]
    for bound in form:
        if not bound.errors:
            continue
        for message in bound.errors:
            if bound.is_hidden:
                problems.append(Problem(str(message)))
            else:
                href = f"#{bound.auto_id}" if bound.auto_id else ""
                problems.append(Problem(str(message), bound.label, href))
    return problems


@register.simple_tag
def form_fieldsets(form: Any) -> list[Any]:
    """The form's sections (``core.forms.Section``), or none for a form without them."""
    from mobiliza.core.forms import form_sections

    return form_sections(form) if form is not None else []
