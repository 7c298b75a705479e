"""DRF glue: the API asks the same permission module as the web pages."""

from typing import Any

from rest_framework.permissions import BasePermission

from mobiliza.core.permissions import Action, can

_ACTIONS: dict[str, Action] = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class PolicyPermission(BasePermission):
    """Allow a request when ``mobiliza.core.permissions.can`` does."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return True
        action = _ACTIONS.get(request.method, "change")
        if getattr(view, "action", None) == "transition":
            return True  # decided per record by the transition service
        if action == "add":
            return can(request.user, "add", model=model)
        if action == "view":
            return can(request.user, "view", model=model)
        return True  # change/delete are decided per record below

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if getattr(view, "action", None) == "transition":
            return can(request.user, "view", obj)
        return can(request.user, _ACTIONS.get(request.method, "change"), obj)
