"""``?status=`` and ``?due=`` filters of the "my tasks" page."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mobiliza.core.filters import FilterSet
from mobiliza.core.work.models import Task, TaskStatus
from mobiliza.core.work.selectors import RECENT_DAYS


class TaskFilter(FilterSet):
    # Empty: the open tasks and those done or cancelled recently.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=TaskStatus.choices,
        empty_label=pgettext_lazy("tasks filter", "Open and recently closed"),
        method="filter_status",
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"),
        choices=[
            ("overdue", _("Overdue")),
            ("week", _("This week")),
            ("later", _("Later")),
        ],
        empty_label=pgettext_lazy("tasks filter", "All"),
        method="filter_due",
    )

    class Meta:
        model = Task
        fields = ["status", "due"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.cleaned_data.get("status"):
            since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
            queryset = queryset.filter(Q(status=TaskStatus.OPEN) | Q(closed_at__gte=since))
        return super().filter_queryset(queryset)

    def filter_status(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(status=value) if value else queryset

    def filter_due(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        today = timezone.localdate()
        end = today + datetime.timedelta(days=6 - today.weekday())
        if value == "overdue":
            return queryset.filter(status=TaskStatus.OPEN, due_on__lt=today)
        if value == "week":
            return queryset.filter(due_on__gte=today, due_on__lte=end)
        if value == "later":
            return queryset.filter(due_on__gt=end)
        return queryset
