"""The strategy in the admin site, read-only: the configuration file is where it changes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from mobiliza.plan import models


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Shows the loaded configuration and its history; changes go through the file."""

    search_fields = ("code",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _register(model: type, text: str, *extra: str) -> None:
    admin_class = type(
        f"{model.__name__}Admin",
        (ReadOnlyAdmin,),
        {
            "list_display": ("code", *extra, text),
            "search_fields": ("code", text),
            "list_select_related": tuple(
                name
                for name in extra
                if model._meta.get_field(name).is_relation  # type: ignore[attr-defined]
            ),
        },
    )
    admin.site.register(model, admin_class)


_register(models.Approach, "name_es")
_register(models.ProgrammaticDocument, "name_es", "period")
_register(models.StrategicAxis, "name_es")
_register(models.ResourceKind, "name_es")
_register(models.ResourceCategory, "name_es", "kind")
_register(models.SourceType, "name_es", "section")
_register(models.MobilizationStep, "name_es", "number")
_register(models.StepAction, "text_es", "step")
_register(models.OperationalObjective, "text_es", "axis")
_register(models.Activity, "text_es", "objective")
_register(models.Goal, "text_es", "objective")
_register(models.Indicator, "text_es", "objective")
_register(models.MonitoringEvidence, "text_es", "objective")
_register(models.FollowUpQuestion, "text_es")
_register(models.EvaluationArea, "name_es")
_register(models.EvaluationQuestion, "text_es", "area")
_register(models.ChecklistItem, "text_es", "number")
