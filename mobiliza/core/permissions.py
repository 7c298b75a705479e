"""The one place that decides who may view, add, change and delete each kind of record.

Every model that users touch declares an :class:`Access` as ``access``. Views, the
API, exports and commands ask :func:`can` for one record and :func:`restrict` for
a queryset, so a list never shows what the record page would refuse.

Rules (DESIGN.md, "Who uses it"):

- Presidency and Technical Secretariat: everything.
- Focal point: reads what its ``readers`` allow; adds, changes and deletes only
  records that belong to its own member state (``country_path``); regional
  records (no country) are read-only to it.
- Evaluator and partner viewer: read only what ``readers`` names; never write here.
  A partner viewer reads only the records of its own partner (``partner_path``).
- Confidential fields (negotiation notes, personal data) are read only by the
  managers and by the focal point of the record's own country
  (:func:`can_read_confidential`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import models

from mobiliza.accounts.choices import Role

if TYPE_CHECKING:
    from mobiliza.accounts.models import User

Action = Literal["view", "add", "change", "delete"]
ACTIONS: tuple[Action, ...] = ("view", "add", "change", "delete")

INTERNAL = frozenset({Role.PRESIDENCY, Role.SECRETARIAT, Role.FOCAL_POINT, Role.EVALUATOR})
EVERYONE = INTERNAL | {Role.PARTNER_VIEWER}
MANAGERS = frozenset({Role.PRESIDENCY, Role.SECRETARIAT})


@dataclass(frozen=True)
class Access:
    """How a model is scoped.

    ``country_path`` is the lookup from the model to its ``coalition.MemberState``
    (``"member_state"``, ``"national_body__member_state"``); ``None`` makes it a
    regional record. ``readers`` are the roles that may view it.
    """

    country_path: str | None = None
    readers: frozenset[str] = field(default=INTERNAL)
    country_editors: bool = True
    # Lookup to the ``directory.Partner`` a record belongs to ("pk" for a partner itself):
    # a partner viewer reads only its own partner's records.
    partner_path: str | None = None


@dataclass(frozen=True)
class Actor:
    """What the permission rules need to know about a user, computed once per request."""

    authenticated: bool
    roles: frozenset[str]
    member_state_id: int | None
    superuser: bool = False
    partner_id: int | None = None

    @property
    def manages_everything(self) -> bool:
        return self.superuser or bool(self.roles & MANAGERS)

    @property
    def is_focal_point(self) -> bool:
        return Role.FOCAL_POINT in self.roles

    @property
    def only_partner_viewer(self) -> bool:
        """A partner's own staff, with no internal role: sees only its partner's records."""
        return not self.manages_everything and not (self.roles & INTERNAL)


ANONYMOUS = Actor(authenticated=False, roles=frozenset(), member_state_id=None)


def actor_for(user: User | Any) -> Actor:
    """The user's roles and country; cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_mobiliza_actor", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    member_state_id = None
    partner_id = None
    for role, state_id, partner in user.memberships.values_list(
        "role", "member_state_id", "partner_id"
    ):
        roles.add(role)
        if role == Role.FOCAL_POINT:
            member_state_id = state_id
        if role == Role.PARTNER_VIEWER:
            partner_id = partner
    actor = Actor(
        authenticated=True,
        roles=frozenset(roles),
        member_state_id=member_state_id,
        superuser=user.is_superuser,
        partner_id=partner_id,
    )
    user._mobiliza_actor = actor  # type: ignore[union-attr]
    return actor


def forget_actor(user: Any) -> None:
    """Drop the cached roles, after memberships change."""
    if hasattr(user, "_mobiliza_actor"):
        del user._mobiliza_actor


def access_of(model: type[models.Model] | models.Model) -> Access:
    access = getattr(model, "access", None)
    if not isinstance(access, Access):
        name = model.__name__ if isinstance(model, type) else type(model).__name__
        raise TypeError(f"{name} declares no Access: add `access = Access(...)`.")
    return access


def _id_along(obj: models.Model, path: str | None) -> int | None:
    """The primary key a lookup path such as ``"partner__member_state"`` ends at.

    ``None`` for no path or a missing link on the way; ``"pk"`` is the record itself.
    """
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    value: Any = obj
    parts = path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part, None)
        if value is None:
            return None
    return getattr(value, f"{parts[-1]}_id", None)


def country_id_of(obj: models.Model) -> int | None:
    """The primary key of the member state a record belongs to, following ``country_path``."""
    return _id_along(obj, access_of(obj).country_path)


def _may_read_kind(actor: Actor, access: Access) -> bool:
    return actor.manages_everything or bool(actor.roles & access.readers)


def partner_id_of(obj: models.Model) -> int | None:
    """The primary key of the partner a record belongs to, following ``partner_path``."""
    return _id_along(obj, access_of(obj).partner_path)


def _partner_limited(actor: Actor, access: Access) -> bool:
    return actor.only_partner_viewer and access.partner_path is not None


def can(
    user: Any,
    action: Action,
    obj: models.Model | None = None,
    *,
    model: type[models.Model] | None = None,
    country_id: int | None = None,
) -> bool:
    """May ``user`` do ``action`` on ``obj`` (or, with ``model``, on that kind of record)?

    For ``add`` without an object, ``country_id`` names the member state the new
    record would belong to; leave it out to ask "may this user add any at all".
    """
    if obj is None and model is None:
        raise ValueError("can() needs a record or a model")
    actor = actor_for(user)
    if not actor.authenticated:
        return False
    access = access_of(obj if obj is not None else model)  # type: ignore[arg-type]
    if actor.manages_everything:
        return True
    if action == "view":
        if not _may_read_kind(actor, access):
            return False
        if obj is not None and _partner_limited(actor, access):
            return actor.partner_id is not None and partner_id_of(obj) == actor.partner_id
        return True
    # Writing: only focal points, only their own country's records.
    if not actor.is_focal_point or access.country_path is None or not access.country_editors:
        return False
    if actor.member_state_id is None:
        return False
    if obj is not None:
        return country_id_of(obj) == actor.member_state_id
    return country_id is None or country_id == actor.member_state_id


def ensure(user: Any, action: Action, obj: models.Model) -> None:
    """Raise ``PermissionDenied`` unless :func:`can` allows it."""
    if not can(user, action, obj):
        raise PermissionDenied


def restrict(queryset: models.QuerySet, user: Any, action: Action = "view") -> models.QuerySet:
    """Only the rows of ``queryset`` that ``user`` may ``action``."""
    actor = actor_for(user)
    access = access_of(queryset.model)
    if not actor.authenticated:
        return queryset.none()
    if actor.manages_everything:
        return queryset
    if action == "view":
        if not _may_read_kind(actor, access):
            return queryset.none()
        if _partner_limited(actor, access):
            if actor.partner_id is None:
                return queryset.none()
            lookup = "pk" if access.partner_path == "pk" else f"{access.partner_path}_id"
            return queryset.filter(**{lookup: actor.partner_id})
        return queryset
    if (
        not actor.is_focal_point
        or access.country_path is None
        or not access.country_editors
        or actor.member_state_id is None
    ):
        return queryset.none()
    return queryset.filter(**{f"{access.country_path}_id": actor.member_state_id})


def can_read_confidential(user: Any, obj: models.Model) -> bool:
    """Confidential notes: the managers, and the focal point of the record's own country."""
    actor = actor_for(user)
    if not actor.authenticated:
        return False
    if actor.manages_everything:
        return True
    if not actor.is_focal_point or actor.member_state_id is None:
        return False
    return country_id_of(obj) == actor.member_state_id


def editable_member_states(user: Any) -> models.QuerySet:
    """The member states whose records ``user`` may create or change."""
    from mobiliza.coalition.models import MemberState

    actor = actor_for(user)
    if actor.manages_everything:
        return MemberState.objects.all()
    if actor.is_focal_point and actor.member_state_id:
        return MemberState.objects.filter(pk=actor.member_state_id)
    return MemberState.objects.none()
