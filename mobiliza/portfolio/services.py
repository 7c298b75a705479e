"""Writes of the portfolio's projects, each in one transaction with its history.

A regional project is co-owned by the member states taking part in it (``member_states``),
so a focal point may create one its own state takes part in: the core service asks the
permission before the many-to-many links exist, so :func:`create_project` asks it with the
links given. No focal point may take its own state out of a project it co-owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mobiliza.core import services as core_services
from mobiliza.core.permissions import actor_for, can
from mobiliza.portfolio.choices import Scope
from mobiliza.portfolio.models import Project


def _taking_part(data: Mapping[str, Any]) -> set[int]:
    return {state.pk for state in data.get("member_states") or []}


def _co_owns(user: Any, scope: str, data: Mapping[str, Any]) -> bool:
    """Whether ``user`` is a focal point whose state takes part in the regional project."""
    actor = actor_for(user)
    return (
        actor.is_focal_point
        and scope == Scope.REGIONAL
        and actor.member_state_id in _taking_part(data)
    )


@transaction.atomic
def create_project(*, user: Any, data: Mapping[str, Any]) -> Project:
    """Record a project on behalf of ``user`` (a focal point: of its own member state, or a
    regional one its state takes part in)."""
    plain = {k: v for k, v in data.items() if k not in _many_to_many()}
    links = {k: v for k, v in data.items() if k in _many_to_many()}
    project = Project(**plain)
    project.compute_derived()
    if not can(user, "add", project) and not _co_owns(user, project.scope, links):
        raise PermissionDenied
    reason = core_services.many_to_many_changes(project, links)
    core_services.validate(project, links)
    project._history_user = user  # type: ignore[attr-defined]
    project._change_reason = reason or None  # type: ignore[attr-defined]
    project.save()
    for name, values in links.items():
        getattr(project, name).set(values)
    return project


def refuse_leaving_scope(user: Any, project: Project, data: Mapping[str, Any]) -> None:
    """A focal point that co-owns a regional project may not take its state out of it."""
    actor = actor_for(user)
    if actor.manages_everything or not actor.is_focal_point or "member_states" not in data:
        return
    scope = data.get("scope", project.scope)
    member_state = data.get("member_state", project.member_state)
    if scope == Scope.NATIONAL:
        return  # the core service checks the member state itself
    if member_state is None and actor.member_state_id not in _taking_part(data):
        raise PermissionDenied


@transaction.atomic
def update_project(
    *, user: Any, project: Project, data: Mapping[str, Any], version: int | None
) -> Project:
    refuse_leaving_scope(user, project, data)
    return core_services.record_update(user=user, instance=project, data=data, version=version)


def _many_to_many() -> set[str]:
    return {field.name for field in Project._meta.many_to_many}
