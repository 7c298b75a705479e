"""Who may open a page: one check per page, asked by the page itself and by the header.

A page states the check it makes before answering as ``allows(user) -> bool``: a class
view as a class method, which its ``dispatch`` calls (the generic list has one), a
function view through :func:`page_requires`, which also refuses the others with a 403. The
header (``core.context_processors.navigation``) asks :func:`page_allows` for each link,
so it never offers a page that would refuse the reader, and there is no second list of
who sees what to keep in step with the pages.

The checks themselves ask the permission module (:func:`~mobiliza.core.permissions.can`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from mobiliza.core.permissions import can

Check = Callable[[Any], bool]


def may(action: str, model: type[models.Model]) -> Check:
    """A page's check: ``user`` may ``action`` some record of ``model``."""

    def check(user: Any) -> bool:
        return can(user, action, model=model)

    check.__doc__ = f"may {action} {model.__name__}"
    return check


def page_requires(check: Check) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A function view answered only to users ``check`` allows (others get a 403).

    Put it under ``@login_required``, which copies the ``allows`` it sets.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allows = check  # type: ignore[attr-defined]
        return wrapped

    return decorate


def check_of(view: Callable[..., Any]) -> Check | None:
    """The check a resolved view makes, or ``None`` if it declares none."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "allows", None)
    return getattr(view, "allows", None)


def page_allows(view: Callable[..., Any], user: Any) -> bool:
    """Whether the page ``view`` answers ``user`` (a page that declares no check: yes)."""
    check = check_of(view)
    return True if check is None else bool(check(user))
