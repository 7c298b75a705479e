"""Writes shared by every app: create, update with a version check, delete.

Each runs in one transaction, validates with ``full_clean()``, records who made
the change (simple-history), and checks permission again *after* the write so that
nobody can move a record out of their own scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mobiliza.core.permissions import access_of, can, can_role_take
from mobiliza.core.stored_messages import Reason, both, encode_reason, in_both

M = TypeVar("M", bound=models.Model)


class ConflictError(Exception):
    """The record changed since the user opened it; their copy is stale."""

    message = _(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved; they are still in the form below. Compare them with the current version, "
        "then save again."
    )

    def __init__(self, current: models.Model) -> None:
        super().__init__(str(self.message))
        self.current = current


@dataclass(frozen=True)
class Referrers:
    """The records of one kind that still refer to a record being deleted."""

    model: type[models.Model]
    count: int
    names: tuple[str, ...]  # a few of those the user may see, to find them

    @property
    def label(self) -> str:
        """``1 national body``, ``3 agreements``, in the reader's language."""
        options = self.model._meta
        kind = options.verbose_name if self.count == 1 else options.verbose_name_plural
        text = gettext("%(count)s %(kind)s") % {"count": self.count, "kind": kind}
        if self.names:
            text = "{text} ({names})".format(text=text, names=", ".join(self.names))
        return text


class ReferencedError(Exception):
    """The record cannot be deleted while other records refer to it (the page explains it,
    the API answers 409); ``referrers`` names their kinds and counts."""

    def __init__(self, instance: models.Model, referrers: list[Referrers]) -> None:
        self.instance = instance
        self.referrers = referrers
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return gettext(
            "%(name)s cannot be deleted while other records refer to it: %(records)s."
        ) % {
            "name": str(self.instance),
            "records": ", ".join(r.label for r in self.referrers),
        }


# How many of the referring records of one kind are named; the count says the rest.
NAMED_REFERRERS = 3


def _referrers(user: Any, records: Iterable[models.Model]) -> list[Referrers]:
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    found = []
    for model, items in by_model.items():
        # Only the records the user may read are named: the others are only counted.
        readable = getattr(model, "access", None) is not None
        names = sorted(str(o) for o in items if readable and can(user, "view", o))
        found.append(Referrers(model, len(items), tuple(names[:NAMED_REFERRERS])))
    return sorted(found, key=lambda r: str(r.model._meta.verbose_name))


def _split_many_to_many(model: type[models.Model], data: Mapping[str, Any]) -> tuple[dict, dict]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    m2m = {k: v for k, v in data.items() if k in m2m_names}
    return plain, m2m


def many_to_many_changes(instance: models.Model, m2m: Mapping[str, Any]) -> str:
    """Changes to many-to-many fields, as text for the history's change reason.

    The history tables keep a record's own columns; what it is linked to (areas,
    member states of a committee...) is written here so the history shows it too, in
    both languages (the reader's is shown: ``core.stored_messages``).
    """
    changed = []
    for name, values in m2m.items():
        field = instance._meta.get_field(name)
        before = list(getattr(instance, name).all()) if instance.pk else []
        after = list(values)
        if {str(o) for o in before} != {str(o) for o in after}:
            changed.append((field, before, after))
    if not changed:
        return ""

    def written() -> str:
        return "; ".join(
            "{label}: {before} → {after}".format(
                label=str(getattr(field, "verbose_name", field.name)).capitalize(),
                before=", ".join(sorted(str(o) for o in before)) or "—",
                after=", ".join(sorted(str(o) for o in after)) or "—",
            )
            for field, before, after in changed
        )

    return encode_reason(in_both(written))


def _with(reason: Any, more: Any) -> str:
    """Two parts of a change reason, plain texts or stored messages, as one."""
    return encode_reason(reason, more)


def _derive(instance: models.Model) -> None:
    # Values derived from the record's own fields (a search text, an amount converted to
    # the reporting currency, the country copied from a parent) are set here, by the
    # service, rather than in save(); before the permission check, which may depend on them.
    compute = getattr(instance, "compute_derived", None)
    if callable(compute):
        compute()


def links_after(instance: models.Model, given: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The record's many-to-many values once the write is done: those ``given``, else the
    ones it has now (none for a new record)."""
    links: dict[str, list[Any]] = {}
    for field in instance._meta.many_to_many:
        if field.name in given:
            links[field.name] = list(given[field.name] or [])
        elif instance.pk:
            links[field.name] = list(getattr(instance, field.name).all())
        else:
            links[field.name] = []
    return links


def clean_links(instance: models.Model, given: Mapping[str, Any]) -> None:
    """The model's rules about what it is linked to (co-signers, contacts...).

    ``clean()`` cannot see many-to-many values, which are set after the row is saved; a
    model with such rules declares ``clean_links(self, links)``, which raises
    ``ValidationError({field: message})``. The services call it before saving, and the
    base form (``core.forms.VersionedModelForm``) with the form's values, so the page and
    the API refuse the same links with the same message.
    """
    hook = getattr(instance, "clean_links", None)
    if callable(hook):
        hook(links_after(instance, given))


def validate(instance: models.Model, m2m: Mapping[str, Any] | None = None) -> None:
    """``full_clean()`` and the many-to-many rules, their errors reported together."""
    errors: dict[str, Any] = {}
    try:
        instance.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        clean_links(instance, m2m or {})
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save(
    instance: models.Model, user: Any, reason: Reason, m2m: Mapping[str, Any] | None = None
) -> None:
    _derive(instance)
    validate(instance, m2m)
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = encode_reason(reason) or None  # type: ignore[attr-defined]
    instance.save()


@transaction.atomic
def record_create(*, user: Any, model: type[M], data: Mapping[str, Any], reason: Reason = "") -> M:
    """Create a record of ``model`` from ``data`` on behalf of ``user``."""
    plain, m2m = _split_many_to_many(model, data)
    instance = model(**plain)
    _derive(instance)
    if not can(user, "add", instance):
        raise PermissionDenied
    _save(instance, user, _with(reason, many_to_many_changes(instance, m2m)), m2m)
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    # Records the new one brings about (an interaction's follow-up task) are kept by the
    # model's own app services.
    follow = getattr(instance, "after_create", None)
    if callable(follow):
        follow(user)
    return instance


@transaction.atomic
def record_update(
    *,
    user: Any,
    instance: M,
    data: Mapping[str, Any],
    version: int | None,
    reason: Reason = "",
) -> M:
    """Apply ``data`` to ``instance``.

    ``version`` is the version the user's copy was made from; when the stored record
    has moved on, :class:`ConflictError` is raised and nothing is written.
    """
    model = type(instance)
    if not can(user, "change", instance):
        raise PermissionDenied
    # Lock the row (PostgreSQL) so two saves cannot both pass the version check.
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if version is not None and getattr(current, "version", None) != version:
        raise ConflictError(current)
    plain, m2m = _split_many_to_many(model, data)
    _refuse_step_changes(current, plain)
    for name, value in plain.items():
        setattr(current, name, value)
    if hasattr(current, "version"):
        current.version += 1  # type: ignore[attr-defined]
    _derive(current)
    if not can(user, "change", current):
        # Checked again after the change: a focal point cannot move a record to another country.
        raise PermissionDenied
    _save(current, user, _with(reason, many_to_many_changes(current, m2m)), m2m)
    for name, values in m2m.items():
        getattr(current, name).set(values)
    # Records that copy values from this one (an obligation keeps its agreement's
    # partner and country) are brought up to date by the model's own app services.
    follow = getattr(current, "after_change", None)
    if callable(follow):
        follow(user)
    return current


@transaction.atomic
def record_delete(*, user: Any, instance: models.Model, reason: Reason = "") -> None:
    """Delete ``instance``; its history keeps the last state and who deleted it.

    While other records refer to it (protected or restricted foreign keys), nothing is
    deleted and :class:`ReferencedError` names their kinds and counts.
    """
    if not can(user, "delete", instance):
        raise PermissionDenied
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = encode_reason(reason) or None  # type: ignore[attr-defined]
    try:
        instance.delete()
    except models.ProtectedError as error:
        raise ReferencedError(instance, _referrers(user, error.protected_objects)) from None
    except models.RestrictedError as error:
        raise ReferencedError(instance, _referrers(user, error.restricted_objects)) from None


@transaction.atomic
def record_transition(
    *,
    user: Any,
    instance: M,
    name: str,
    version: int | None = None,
    reason: Reason = "",
    context: Mapping[str, Any] | None = None,
) -> M:
    """Take the named transition (``sign``, ``suspend``, ``approve``...) on ``instance``.

    The model's ``Access`` declares each transition with the states it goes from and to
    and the roles that may take it (``mobiliza/core/permissions.py``). The history keeps
    who took it and when, with the transition's name as the reason. A record no longer in
    a state the transition goes from (someone else moved it meanwhile) is a conflict.

    A model may refuse a step for reasons beyond its state in ``before_transition(user,
    transition, context)`` (a project is not presented before its checklist is complete; a
    suspension needs the plenary's agreement, which its service passes in ``context``), and
    choose the state a step leads to in ``transition_target(transition)`` (a suspended
    project resumes where it was).
    """
    model = type(instance)
    transition = access_of(model).transition(name)
    if transition is None:
        raise ValidationError(_("This record has no step called “%(name)s”.") % {"name": name})
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if version is not None and getattr(current, "version", None) != version:
        raise ConflictError(current)
    if getattr(current, transition.field) not in transition.sources:
        if can_role_take(user, transition):
            raise ValidationError(
                _("“%(step)s” cannot be taken from the state this record is in (%(state)s).")
                % {"step": transition.label, "state": _state_label(current, transition.field)}
            )
        raise PermissionDenied
    if not can(user, name, current):
        raise PermissionDenied
    check = getattr(current, "before_transition", None)
    if callable(check):
        check(user, transition, dict(context or {}))
    target = getattr(current, "transition_target", None)
    setattr(
        current, transition.field, target(transition) if callable(target) else transition.target
    )
    if transition.date_field and not getattr(current, transition.date_field):
        setattr(current, transition.date_field, timezone.localdate())
    if hasattr(current, "version"):
        current.version += 1  # type: ignore[attr-defined]
    _save(current, user, _with(both(transition.label), reason))
    follow = getattr(current, "after_change", None)
    if callable(follow):
        follow(user)
    return current


def _refuse_step_changes(current: models.Model, plain: Mapping[str, Any]) -> None:
    """A state that moves through declared steps is not changed by an edit."""
    errors = {}
    for name, transitions in access_of(type(current)).step_fields().items():
        if name in plain and plain[name] != getattr(current, name):
            errors[name] = _(
                "This changes only through the steps on the record's page (%(steps)s), "
                "which keep who took them and when."
            ) % {"steps": ", ".join(str(t.label) for t in transitions)}
    if errors:
        raise ValidationError(errors)


def _state_label(instance: models.Model, field: str) -> str:
    display = getattr(instance, f"get_{field}_display", None)
    return str(display()) if callable(display) else str(getattr(instance, field))
