"""The task form of the "my tasks" pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from mobiliza.core.forms import VersionedModelForm
from mobiliza.core.permissions import actor_for
from mobiliza.core.work.models import Task
from mobiliza.core.work.services import task_owners


class TaskForm(VersionedModelForm):
    """Title, details, owner and dates. Only the managers give a task to someone else;
    anyone else's tasks are their own."""

    class Meta:
        model = Task
        fields = ["title", "description", "owner", "due_on", "remind_on"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "remind_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        if actor_for(user).manages_everything:
            owner.queryset = task_owners()  # type: ignore[attr-defined]
        else:
            owner.queryset = get_user_model().objects.filter(pk=user.pk)  # type: ignore[attr-defined]
            owner.initial = user.pk
        owner.label_from_instance = lambda u: u.get_full_name() or u.email  # type: ignore[attr-defined]
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("owner", user.pk)
