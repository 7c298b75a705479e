"""The forms of the lists' pages: what a bulk change sets, and a saved filter's name."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobiliza.core.lists.services import BulkChange
from mobiliza.core.permissions import access_of, can_role_take

LEAVE = _("Leave as it is")


class BulkChangeForm(forms.Form):
    """A field for each of the list's ``bulk_fields`` (its choices those of the model's
    edit form, built for the reader: the owners a partner may have...) and, when the list
    allows it, one of the model's declared steps the reader's role may take."""

    def __init__(self, *args: Any, list_class: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model = list_class.model
        if list_class.bulk_fields:
            source = list_class.bulk_form_class(user=user)
            for name in list_class.bulk_fields:
                field = copy.deepcopy(source.fields[name])
                field.required = False
                field.help_text = ""
                if isinstance(field, forms.ModelChoiceField):
                    field.empty_label = LEAVE
                elif isinstance(field, forms.ChoiceField):
                    offered: list[Any] = list(field.choices)  # type: ignore[arg-type]
                    field.choices = [("", LEAVE), *[c for c in offered if c[0] != ""]]
                self.fields[name] = field
        self.transitions = {
            t.name: t
            for t in access_of(self.model).transitions
            if list_class.bulk_transitions and can_role_take(user, t) and not t.page
        }
        if self.transitions:
            self.fields["take_step"] = forms.ChoiceField(
                label=_("Step to take"),
                required=False,
                choices=[("", LEAVE), *[(n, t.label) for n, t in self.transitions.items()]],
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.change()  # the service's BulkChange refuses an empty or a double change
        return cleaned

    def values(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            name: data[name]
            for name in self.fields
            if name != "take_step" and data.get(name) not in (None, "")
        }

    def change(self) -> BulkChange:
        step = self.cleaned_data.get("take_step")
        return BulkChange(transition=self.transitions[step] if step else None, values=self.values())

    def described(self) -> list[tuple[Any, Any]]:
        """What will change, in words: (the field's label, its new value)."""
        step = self.cleaned_data.get("take_step")
        if step:
            return [(self.fields["take_step"].label, self.transitions[step].label)]
        described = []
        for name, value in self.values().items():
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                shown: Any = value
            else:
                shown = dict(field.choices).get(value, value)  # type: ignore[attr-defined]
            described.append((field.label, shown))
        return described
