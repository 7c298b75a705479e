"""The checklist's page: one small form per item (three radio buttons and a comment)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobiliza.portfolio.checklist.models import Answer


class ItemAnswerForm(forms.Form):
    """The answer to one item; both fields may be left empty (the item stays unanswered)."""

    answer = forms.ChoiceField(
        label=_("answer"), choices=Answer.choices, required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, item: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"item-{item.number}")
        super().__init__(*args, **kwargs)
        self.item = item

    def clean(self) -> dict[str, Any]:
        from mobiliza.portfolio.checklist.services import Given, given_problems

        data = super().clean() or {}
        entry = Given(
            item=self.item, answer=data.get("answer") or "", comment=data.get("comment") or ""
        )
        for field, problem in given_problems(entry).items():
            self.add_error(field, problem)
        return data


def item_forms(
    items: list[Any], *, data: Any = None, initial: dict[int, dict] | None = None
) -> list[ItemAnswerForm]:
    initial = initial or {}
    return [ItemAnswerForm(data, item=item, initial=initial.get(item.pk)) for item in items]
