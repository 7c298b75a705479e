from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mobiliza.accounts.models import Membership, User
from mobiliza.coalition.models import MemberState
from mobiliza.core.forms import VersionedModelForm
from mobiliza.core.mail import recipient_of, send_message
from mobiliza.core.roles import Role
from mobiliza.directory.models import Partner


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset e-mail, sent by Mobiliza's one sender in the user's language.

    ``email_template_name`` names the one HTML template of the message (its title is the
    subject); the link in it is made absolute with ``SITE_URL``, not the request's host.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        send_message(recipient_of(context["user"]), email_template_name, context)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        # One spelling per account, so failed attempts in any capitalisation count together.
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = authenticate_by_email(self.request, username, password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def authenticate_by_email(request: Any, email: str, password: str) -> User | None:
    """Log-in check that django-axes can count.

    django-axes records a failed attempt under the credential named like the user
    model's ``USERNAME_FIELD`` ("email"); passed as ``username`` the failures were
    never counted and accounts were never locked. ``ModelBackend`` accepts either name.
    """
    credentials = {User.USERNAME_FIELD: email.strip().lower(), "password": password}
    return authenticate(request, **credentials)  # type: ignore[return-value]


class UserForm(VersionedModelForm):
    """The Technical Secretariat's form for a user and the role they hold."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    member_state = forms.ModelChoiceField(
        label=_("Member state"),
        queryset=MemberState.objects.all(),
        required=False,
        help_text=_("Required for a focal point: the country whose records they keep."),
    )

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.order_by("name_es"),
        required=False,
        help_text=_("Required for a partner viewer: the partner whose records they may read."),
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "language", "is_active"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("version", None)
        if self.instance.pk and not self.is_bound:
            membership = self.instance.memberships.first()
            if membership:
                self.initial["role"] = membership.role
                self.initial["member_state"] = membership.member_state_id
                self.initial["partner"] = membership.partner_id

    def clean_email(self) -> str:
        # The address is unique whatever its capitalisation: User.clean() says so.
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role"):
            # The role's rules are the membership's, which the services check too.
            role = Membership(
                role=data["role"],
                member_state=data.get("member_state"),
                partner=data.get("partner"),
            )
            try:
                role.clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
        return data
