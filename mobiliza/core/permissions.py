"""The one place that decides who may do what with each kind of record.

Every model that users touch declares an :class:`Access` as ``access``. Views, the
API, exports and commands ask :func:`can` for one record and :func:`restrict` for a
queryset, :func:`hidden_fields` for what a reader may not see of a record, and
:func:`transitions_for` for the named steps (``suspend``, ``approve`` ...) a user may
take; so a list never shows what the record page would refuse, and the API refuses
what the page refuses. ``docs/permissions.md`` is generated from these declarations
(``manage.py permissions_doc``).

Rules (DESIGN.md, "Who uses it"):

- Presidency and Technical Secretariat: view, add, change and delete everything.
  Named transitions say themselves which roles take them (only the Presidency
  suspends with a plenary agreement).
- Focal point: reads what its ``readers`` allow; adds, changes and deletes only
  records that belong to its own member state (``country_path``), or that its state
  co-owns (``co_owners_path``: the signatory states of an agreement). Regional
  records (no country) are read-only to it. A record under a parent (a contribution
  under an agreement, a contact under a partner, an instalment under a contribution)
  is written by whoever may change that parent (``parents``): naming another
  country's parent is refused, whatever the record's own country field says.
- A user a record is assigned to (``assignees_path``: an evaluation to its
  evaluators, a report owed to its responsible) may change it.
- Evaluator and partner viewer: read only what ``readers`` names. A partner viewer
  reads only the records of its own partner (``partner_path``).
- Fields: ``confidential`` ones (notes about a person or a negotiation) are read
  only by the managers and the focal point of the record's own country; ``internal``
  ones (the coalition's own assessment of a partner) never reach a partner viewer,
  nor do the names of the staff in a change history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from mobiliza.core.roles import Role

if TYPE_CHECKING:
    from mobiliza.accounts.models import User

Action = Literal["view", "add", "change", "delete"]
ACTIONS: tuple[Action, ...] = ("view", "add", "change", "delete")

INTERNAL = frozenset({Role.PRESIDENCY, Role.SECRETARIAT, Role.FOCAL_POINT, Role.EVALUATOR})
EVERYONE = INTERNAL | {Role.PARTNER_VIEWER}
MANAGERS = frozenset({Role.PRESIDENCY, Role.SECRETARIAT})
# Roles that may take a transition declared for the "owners" of a record: the managers,
# and the focal point of a member state that owns it.
OWNERS = MANAGERS | {Role.FOCAL_POINT}


@dataclass(frozen=True)
class Transition:
    """A named step of a record's life (``suspend``, ``approve``), beside view/add/change/delete.

    ``sources`` are the states (values of ``field``) it goes from, ``target`` the state it
    goes to. ``roles`` may take it; a focal point among them takes it only on the records
    it may change (its country's, co-owned or assigned), an evaluator only on records
    assigned to it. The managers take only the transitions that name their role.
    """

    name: str
    label: Any
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str] = OWNERS
    field: str = "status"
    # Shown before the step is taken, for steps that are hard to undo.
    confirm: Any = ""
    # A date field set to the day the step is taken, when still empty (``signed_on``).
    date_field: str | None = None
    # The URL name of the page that takes the step with what it needs besides the state
    # (a suspension: the plenary's agreement). The record's page links to it, with
    # ``?record=<app_label.model>:<pk>``, instead of posting the step; the generic step
    # page and API action, which pass nothing else, are refused by the model.
    page: str = ""


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
    # Many-to-many lookup to further member states that own the record with its
    # country (an agreement's signatory states): their focal points may change it too.
    co_owners_path: str | None = None
    # Foreign keys to the records this one lives under. When one is set, writing this
    # record needs the right to change that parent, and this record's own country
    # field does not widen it.
    parents: tuple[str, ...] = ()
    # Lookup to the users the record is assigned to (a foreign key or many-to-many to
    # users): they may change it.
    assignees_path: str | None = None
    # Read only by the managers and the focal point of the record's own country.
    confidential: tuple[str, ...] = ()
    # Never shown to a partner viewer.
    internal: tuple[str, ...] = ()
    transitions: tuple[Transition, ...] = ()
    # Read, besides the managers, only by the focal point of the record's own country and
    # the users it is assigned to (a task: by its owner), not by every reader role.
    private: bool = False
    # The only roles that add, change and delete it, when fewer than the managers and the
    # owners (a suspension: the Presidency alone, with the plenary's agreement). ``None``:
    # the usual rules.
    editors: frozenset[str] | None = None
    # For a private kind: a many-to-many lookup to further member states whose focal points
    # read it too (an applicant: the states its call was sent to for evaluation), limited to
    # the rows matching ``readers_filter`` (lookups and values: only the documents of the
    # applicants who passed the first filter). They read it; they do not write it.
    readers_path: str | None = None
    readers_filter: tuple[tuple[str, Any], ...] = ()

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def step_fields(self) -> dict[str, list[Transition]]:
        """The fields that change only through transitions, each with its transitions.

        A new record may be given any state (an agreement signed before it was entered);
        afterwards the state moves only by a step, which checks who takes it and from
        which state, and which the history names.
        """
        fields: dict[str, list[Transition]] = {}
        for transition in self.transitions:
            fields.setdefault(transition.field, []).append(transition)
        return fields


@dataclass(frozen=True)
class Actor:
    """What the permission rules need to know about a user, computed once per request."""

    authenticated: bool
    roles: frozenset[str]
    member_state_id: int | None
    superuser: bool = False
    partner_id: int | None = None
    user_id: int | None = None

    @property
    def manages_everything(self) -> bool:
        return self.superuser or bool(self.roles & MANAGERS)

    @property
    def is_focal_point(self) -> bool:
        return Role.FOCAL_POINT in self.roles and self.member_state_id is not None

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
        user_id=user.pk,
    )
    user._mobiliza_actor = actor  # type: ignore[union-attr]
    return actor


def scope_key(user: Any) -> str:
    """What decides which records ``user`` may see, as a short text for cache keys.

    Two users with the same scope key see the same rows of every model, so a figure
    computed for one may be shown to the other. Keep it in step with :func:`restrict`.
    """
    actor = actor_for(user)
    if not actor.authenticated:
        return "anonymous"
    if actor.manages_everything:
        return "managers"
    return "roles={roles};country={country};partner={partner};user={user}".format(
        roles=",".join(sorted(actor.roles)),
        country=actor.member_state_id or "",
        partner=actor.partner_id or "",
        # Records assigned to a user (an evaluation to its evaluators) are theirs alone.
        user=actor.user_id or "",
    )


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


# --- following lookups on one record ------------------------------------------------------


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


def _ids_along_many(obj: models.Model, path: str) -> set[int]:
    """The primary keys a lookup ending in a many-to-many (or a foreign key) reaches."""
    *head, last = path.split("__")
    value: Any = obj
    for part in head:
        value = getattr(value, part, None)
        if value is None:
            return set()
    if value.pk is None:
        # Not saved yet: its many-to-many links do not exist.
        return set()
    related = value._meta.get_field(last)
    if related.many_to_many:
        return set(getattr(value, last).values_list("pk", flat=True))
    found = getattr(value, f"{last}_id", None)
    return {found} if found is not None else set()


def country_id_of(obj: models.Model) -> int | None:
    """The primary key of the member state a record belongs to, following ``country_path``."""
    return _id_along(obj, access_of(obj).country_path)


def country_ids_of(obj: models.Model) -> set[int]:
    """Every member state that owns the record: its country and its co-owners."""
    access = access_of(obj)
    owners = set(_ids_along_many(obj, access.co_owners_path)) if access.co_owners_path else set()
    own = country_id_of(obj)
    if own is not None:
        owners.add(own)
    return owners


def partner_id_of(obj: models.Model) -> int | None:
    """The primary key of the partner a record belongs to, following ``partner_path``."""
    return _id_along(obj, access_of(obj).partner_path)


def parents_of(obj: models.Model) -> list[models.Model]:
    """The parent records that are set on ``obj`` (see ``Access.parents``)."""
    found = []
    for name in access_of(obj).parents:
        if getattr(obj, f"{name}_id", None) is not None:
            parent = getattr(obj, name)
            if parent is not None:
                found.append(parent)
    return found


def _may_read_kind(actor: Actor, access: Access) -> bool:
    return actor.manages_everything or bool(actor.roles & access.readers)


def _partner_limited(actor: Actor, access: Access) -> bool:
    return actor.only_partner_viewer and access.partner_path is not None


def _assigned(actor: Actor, obj: models.Model, access: Access) -> bool:
    if access.assignees_path is None or actor.user_id is None:
        return False
    return actor.user_id in _ids_along_many(obj, access.assignees_path)


def _reads_along(actor: Actor, obj: models.Model, access: Access) -> bool:
    """Whether a focal point reads a private record through ``Access.readers_path``."""
    if access.readers_path is None or not actor.is_focal_point or obj.pk is None:
        return False
    if actor.member_state_id not in _ids_along_many(obj, access.readers_path):
        return False
    if not access.readers_filter:
        return True
    rows = type(obj)._default_manager.filter(pk=obj.pk, **dict(access.readers_filter))
    return rows.exists()


def _owns(actor: Actor, obj: models.Model, access: Access) -> bool:
    """Whether a focal point's member state owns ``obj`` (for writing it)."""
    parents = parents_of(obj)
    if parents:
        # Under a parent: writing it is changing the parent's record.
        return all(can_actor(actor, "change", parent) for parent in parents)
    if not actor.is_focal_point or access.country_path is None or not access.country_editors:
        return False
    return actor.member_state_id in country_ids_of(obj)


# --- one record -------------------------------------------------------------------------


def can(
    user: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    model: type[models.Model] | None = None,
    country_id: int | None = None,
) -> bool:
    """May ``user`` do ``action`` on ``obj`` (or, with ``model``, on that kind of record)?

    ``action`` is view, add, change, delete or the name of one of the model's
    transitions. For ``add`` without an object, ``country_id`` names the member state the
    new record would belong to; leave it out to ask "may this user add any at all".
    """
    if obj is None and model is None:
        raise ValueError("can() needs a record or a model")
    return can_actor(actor_for(user), action, obj, model=model, country_id=country_id)


def can_actor(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    model: type[models.Model] | None = None,
    country_id: int | None = None,
) -> bool:
    """:func:`can` for an :class:`Actor` already worked out."""
    if not actor.authenticated:
        return False
    access = access_of(obj if obj is not None else model)  # type: ignore[arg-type]
    if action not in ACTIONS:
        return _may_transition(actor, action, obj, access)
    if action == "view":
        if actor.manages_everything:
            return True
        if not _may_read_kind(actor, access):
            return False
        if obj is not None and _partner_limited(actor, access):
            return actor.partner_id is not None and partner_id_of(obj) == actor.partner_id
        if obj is not None and access.private:
            return (
                _assigned(actor, obj, access)
                or (actor.is_focal_point and actor.member_state_id in country_ids_of(obj))
                or _reads_along(actor, obj, access)
            )
        return True
    if access.editors is not None:
        return actor.superuser or bool(actor.roles & access.editors)
    if actor.manages_everything:
        return True
    if obj is None:
        # "May this user add (change) records of this kind at all?"
        if not actor.is_focal_point or access.country_path is None or not access.country_editors:
            return bool(access.assignees_path) and action == "change"
        return country_id is None or country_id == actor.member_state_id
    if action == "change" and _assigned(actor, obj, access):
        return True
    return _owns(actor, obj, access)


def _may_transition(actor: Actor, name: str, obj: models.Model | None, access: Access) -> bool:
    transition = access.transition(name)
    if transition is None:
        return False
    if obj is not None and getattr(obj, transition.field) not in transition.sources:
        return False
    if actor.superuser:
        return True
    if actor.roles & MANAGERS & transition.roles:
        return True
    if obj is None:
        return bool(actor.roles & transition.roles)
    if Role.FOCAL_POINT in transition.roles and actor.is_focal_point:
        if _owns(actor, obj, access):
            return True
    if Role.EVALUATOR in transition.roles or Role.FOCAL_POINT in transition.roles:
        # An assigned user takes the steps its role may take on what it is assigned.
        if actor.roles & transition.roles and _assigned(actor, obj, access):
            return True
    return False


def can_role_take(user: Any, transition: Transition) -> bool:
    """Whether ``user`` holds a role that may take ``transition`` on some record."""
    actor = actor_for(user)
    return actor.superuser or bool(actor.roles & transition.roles)


def ensure(user: Any, action: str, obj: models.Model) -> None:
    """Raise ``PermissionDenied`` unless :func:`can` allows it."""
    if not can(user, action, obj):
        raise PermissionDenied


def transitions_for(user: Any, obj: models.Model) -> list[Transition]:
    """The transitions ``user`` may take on ``obj`` now, in declaration order."""
    actor = actor_for(user)
    return [t for t in access_of(obj).transitions if can_actor(actor, t.name, obj)]


# --- querysets --------------------------------------------------------------------------


def restrict(queryset: models.QuerySet, user: Any, action: str = "view") -> models.QuerySet:
    """Only the rows of ``queryset`` that ``user`` may ``action``."""
    actor = actor_for(user)
    if not actor.authenticated:
        return queryset.none()
    if action == "view":
        access = access_of(queryset.model)
        if actor.manages_everything:
            return queryset
        if not _may_read_kind(actor, access):
            return queryset.none()
        if _partner_limited(actor, access):
            if actor.partner_id is None:
                return queryset.none()
            lookup = "pk" if access.partner_path == "pk" else f"{access.partner_path}_id"
            return queryset.filter(**{lookup: actor.partner_id})
        if access.private:
            return queryset.filter(_private_readable_q(access, actor))
        return queryset
    if action not in ACTIONS:
        # A transition: the rows in one of its source states that the user may write.
        transition = access_of(queryset.model).transition(action)
        if transition is None:
            return queryset.none()
        in_source = queryset.filter(**{f"{transition.field}__in": transition.sources})
        if actor.superuser or actor.roles & MANAGERS & transition.roles:
            return in_source
        if not actor.roles & transition.roles:
            return queryset.none()
        return in_source.filter(writable_q(queryset.model, actor))
    editors = access_of(queryset.model).editors
    if editors is not None:
        return queryset if actor.superuser or actor.roles & editors else queryset.none()
    if actor.manages_everything:
        return queryset
    return queryset.filter(writable_q(queryset.model, actor, action))


def _private_readable_q(access: Access, actor: Actor) -> Q:
    """The rows of a private kind a reader who is not a manager sees: its country's and
    those assigned to it."""
    readable = Q(pk__in=[])
    if access.assignees_path and actor.user_id is not None:
        readable |= Q(**{access.assignees_path: actor.user_id})
    if actor.is_focal_point and access.country_path is not None:
        readable |= Q(**{f"{access.country_path}_id": actor.member_state_id})
    if actor.is_focal_point and access.readers_path is not None:
        readable |= Q(**{access.readers_path: actor.member_state_id, **dict(access.readers_filter)})
    return readable


def writable_q(model: type[models.Model], actor: Actor, action: str = "change") -> Q:
    """A filter for the rows of ``model`` that ``actor`` (not a manager) may write."""
    access = access_of(model)
    nothing = Q(pk__in=[])
    assigned = nothing
    if access.assignees_path and actor.user_id is not None and action == "change":
        assigned = Q(**{access.assignees_path: actor.user_id})
    # Rows under a parent follow the parent (every parent that is set must be writable);
    # rows under none follow their own country.
    under_parent = nothing
    no_parent = Q()
    if access.parents:
        set_parents_writable = Q()
        some_parent = nothing
        for name in access.parents:
            parent_model: Any = model._meta.get_field(name).related_model
            writable = parent_model._default_manager.filter(writable_q(parent_model, actor))
            set_parents_writable &= Q(**{f"{name}__isnull": True}) | Q(
                **{f"{name}__in": writable.values("pk")}
            )
            some_parent |= Q(**{f"{name}__isnull": False})
            no_parent &= Q(**{f"{name}__isnull": True})
        under_parent = some_parent & set_parents_writable
    own = nothing
    if actor.is_focal_point and access.country_path is not None and access.country_editors:
        own = Q(**{f"{access.country_path}_id": actor.member_state_id})
        if access.co_owners_path:
            own |= Q(
                pk__in=model._default_manager.filter(
                    **{access.co_owners_path: actor.member_state_id}
                ).values("pk")
            )
    if access.parents:
        own = no_parent & own
    return under_parent | own | assigned


# --- fields -----------------------------------------------------------------------------


def can_read_confidential(user: Any, obj: models.Model) -> bool:
    """Confidential notes: the managers, and the focal point of the record's own country."""
    actor = actor_for(user)
    if not actor.authenticated:
        return False
    if actor.manages_everything:
        return True
    if not actor.is_focal_point:
        return False
    return actor.member_state_id in country_ids_of(obj)


def hidden_fields(user: Any, obj: models.Model | type[models.Model]) -> frozenset[str]:
    """The fields of ``obj`` that ``user`` may not read.

    With a model instead of a record, the fields hidden from ``user`` on some record of
    that kind (for column headers of an export: each row is then asked on its own).
    """
    actor = actor_for(user)
    access = access_of(obj)
    hidden: set[str] = set()
    if actor.only_partner_viewer or not actor.authenticated:
        hidden.update(access.internal)
    if access.confidential and not actor.manages_everything:
        if isinstance(obj, type) or not can_read_confidential(user, obj):
            hidden.update(access.confidential)
    return frozenset(hidden)


def shows_history_authors(user: Any) -> bool:
    """Staff names in a change history are for the coalition, not for a partner viewer."""
    actor = actor_for(user)
    return actor.authenticated and not actor.only_partner_viewer


def editable_member_states(user: Any) -> models.QuerySet:
    """The member states whose records ``user`` may create or change."""
    member_state = apps.get_model("coalition", "MemberState")
    actor = actor_for(user)
    if actor.manages_everything:
        return member_state._default_manager.all()
    if actor.is_focal_point:
        return member_state._default_manager.filter(pk=actor.member_state_id or 0)
    return member_state._default_manager.none()


def writable_parents(queryset: models.QuerySet, user: Any) -> models.QuerySet:
    """The records of ``queryset`` that ``user`` may add children under (forms' choices)."""
    return restrict(queryset, user, "change")


def declared_models() -> Iterable[type[models.Model]]:
    """Every installed model that declares an :class:`Access`, in app order."""
    for model in apps.get_models():
        if isinstance(getattr(model, "access", None), Access):
            yield model


# --- the role x action table (docs/permissions.md) --------------------------------------

ROLE_ORDER = (
    Role.PRESIDENCY,
    Role.SECRETARIAT,
    Role.FOCAL_POINT,
    Role.EVALUATOR,
    Role.PARTNER_VIEWER,
)


def rule_for(model: type[models.Model], role: str, action: str) -> str:
    """In words, what a holder of ``role`` may do with ``action`` on ``model``.

    Read off the model's :class:`Access` by the same rules :func:`can` applies; the
    permissions document is generated from it, so it cannot drift from the code.
    """
    access = access_of(model)
    if action not in ACTIONS:
        transition = access.transition(action)
        assert transition is not None
        if role not in transition.roles:
            return "—"
        if role in MANAGERS:
            return "all"
        if role == Role.FOCAL_POINT:
            return _writable_words(access)
        return "assigned" if access.assignees_path else "—"
    if action != "view" and access.editors is not None:
        return "all" if role in access.editors else "—"
    if role in MANAGERS:
        return "all"
    if action == "view":
        if role not in access.readers:
            return "—"
        if role == Role.PARTNER_VIEWER and access.partner_path is not None:
            return "own partner"
        if access.private:
            words = []
            if role == Role.FOCAL_POINT and access.country_path is not None:
                words.append("own country")
            if role == Role.FOCAL_POINT and access.readers_path is not None:
                words.append("reading states")
            if access.assignees_path:
                words.append("assigned")
            return ", ".join(words) or "—"
        return "all"
    words = []
    if role == Role.FOCAL_POINT and access.country_path is not None and access.country_editors:
        words.append(_writable_words(access))
    if action == "change" and access.assignees_path:
        words.append("assigned")
    return ", ".join(words) or "—"


def _writable_words(access: Access) -> str:
    words = []
    if access.parents:
        words.append("under a parent it may change ({})".format(", ".join(access.parents)))
    if access.country_path is not None and access.country_editors:
        words.append("co-owned or own country" if access.co_owners_path else "own country")
    return "; else ".join(words) if access.parents else (words[0] if words else "—")


def permissions_markdown() -> str:
    """``docs/permissions.md``: every model's rules, one role x action table each."""
    from django.utils import translation

    with translation.override("en"):
        return _permissions_markdown()


def _permissions_markdown() -> str:
    lines = [
        "# Who may do what",
        "",
        "Generated from the `access = Access(...)` declarations by "
        "`manage.py permissions_doc`; a test fails when this file and the code disagree.",
        "The rules themselves are in `mobiliza/core/permissions.py`.",
        "",
        "- **all**: every record of the kind.",
        "- **own country**: records of the focal point's member state; **co-owned**: also "
        "records its state co-owns (an agreement it signed).",
        "- **under a parent it may change**: a record that hangs under another one (a "
        "contribution under an agreement) is written by whoever may change that parent.",
        "- **own partner**: a partner viewer reads only its own partner's records.",
        "- **assigned**: the users a record is assigned to.",
        "- **reading states**: a private record is read by the focal points of further "
        "member states it names (an applicant: the states its call was sent to).",
        "- Superusers may do everything.",
        "",
    ]
    by_app: dict[str, list[type[models.Model]]] = {}
    for model in declared_models():
        by_app.setdefault(model._meta.app_label, []).append(model)
    for app_label in sorted(by_app):
        lines += [f"## {apps.get_app_config(app_label).verbose_name} (`{app_label}`)", ""]
        for model in sorted(by_app[app_label], key=lambda m: m._meta.model_name or ""):
            access = access_of(model)
            actions = [*ACTIONS, *(t.name for t in access.transitions)]
            lines += [f"### {str(model._meta.verbose_name).capitalize()} (`{model.__name__}`)", ""]
            facts = []
            if access.country_path:
                facts.append(f"country: `{access.country_path}`")
            if access.co_owners_path:
                facts.append(f"co-owners: `{access.co_owners_path}`")
            if access.parents:
                facts.append("parents: " + ", ".join(f"`{p}`" for p in access.parents))
            if access.assignees_path:
                facts.append(f"assigned to: `{access.assignees_path}`")
            if access.private:
                facts.append("private (managers, own country and assigned only)")
            if access.editors is not None:
                facts.append(
                    "added, changed and deleted only by: "
                    + ", ".join(f"`{role}`" for role in sorted(access.editors))
                )
            if access.readers_path:
                condition = ", ".join(f"`{k}={v}`" for k, v in access.readers_filter)
                facts.append(
                    f"also read by the focal points of the states in `{access.readers_path}`"
                    + (f" (rows with {condition})" if condition else "")
                )
            if access.confidential:
                facts.append(
                    "confidential (managers and own country): "
                    + ", ".join(f"`{f}`" for f in access.confidential)
                )
            if access.internal:
                facts.append(
                    "never to a partner viewer: " + ", ".join(f"`{f}`" for f in access.internal)
                )
            if facts:
                lines += ["; ".join(facts) + ".", ""]
            for transition in access.transitions:
                lines.append(
                    "- `{name}`: {sources} → `{target}` ({field}){page}".format(
                        name=transition.name,
                        sources=", ".join(f"`{s}`" for s in transition.sources),
                        target=transition.target,
                        field=transition.field,
                        page=f", taken on the page `{transition.page}`" if transition.page else "",
                    )
                )
            if access.transitions:
                lines.append("")
            lines.append("| role | " + " | ".join(actions) + " |")
            lines.append("|---|" + "---|" * len(actions))
            for role in ROLE_ORDER:
                cells = [rule_for(model, role, action) for action in actions]
                lines.append(f"| {role} | " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)
