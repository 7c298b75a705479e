"""Writes on users and their roles: each in one transaction, by a named actor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from mobiliza.accounts.forms import PasswordResetForm
from mobiliza.accounts.models import Membership, User
from mobiliza.core.permissions import can, forget_actor
from mobiliza.core.roles import Role


def _set_role(*, user: User, role: str, member_state: Any, actor: Any, partner: Any = None) -> None:
    """One role per user: a focal point's member state, a partner viewer's partner.

    Each role given, changed or taken away is saved one by one with the actor named,
    so the memberships' history says who did it and when (a queryset ``delete()`` or
    ``update()`` would leave it without an author, or out of the history).
    """
    for old in Membership.objects.filter(user=user).exclude(role=role):
        old._history_user = actor  # type: ignore[attr-defined]
        old.delete()
    wanted = {
        "member_state": member_state if role == Role.FOCAL_POINT else None,
        "partner": partner if role == Role.PARTNER_VIEWER else None,
    }
    membership = Membership.objects.filter(user=user, role=role).first()
    if membership is None:
        membership = Membership(user=user, role=role, **wanted)
    elif all(getattr(membership, name) == value for name, value in wanted.items()):
        forget_actor(user)
        return
    for name, value in wanted.items():
        setattr(membership, name, value)
    membership._history_user = actor  # type: ignore[attr-defined]
    membership.full_clean()
    membership.save()
    forget_actor(user)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    email: str,
    full_name: str = "",
    language: str = "es",
    role: str,
    member_state: Any = None,
    partner: Any = None,
    is_active: bool = True,
    password: str | None = None,
) -> User:
    if not can(actor, "add", model=User):
        raise PermissionDenied
    user = User(email=email, full_name=full_name, language=language, is_active=is_active)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user._history_user = actor  # type: ignore[attr-defined]
    user.full_clean(exclude=["password"])
    user.save()
    _set_role(user=user, role=role, member_state=member_state, actor=actor, partner=partner)
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, data: dict[str, Any]) -> User:
    if not can(actor, "change", user):
        raise PermissionDenied
    role = data.pop("role")
    member_state = data.pop("member_state", None)
    partner = data.pop("partner", None)
    for name, value in data.items():
        setattr(user, name, value)
    user._history_user = actor  # type: ignore[attr-defined]
    user.full_clean(exclude=["password"])
    user.save()
    _set_role(user=user, role=role, member_state=member_state, actor=actor, partner=partner)
    return user


class _InvitationForm(PasswordResetForm):
    """Django's reset e-mail, addressed to one new user.

    The stock form skips users without a usable password, which is exactly what a
    newly invited user has; so it would never send the invitation.
    """

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invited = user

    def get_users(self, email: str) -> list[User]:
        return [self.invited] if self.invited.is_active else []


def user_send_invitation(*, user: User, request: HttpRequest) -> None:
    """E-mail the user a link to choose their password (Django's reset mechanism)."""
    form = _InvitationForm({"email": user.email}, user=user)
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name="registration/invitation_email.html",
        )
