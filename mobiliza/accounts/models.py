"""People who log in, and the roles they hold (one row per role)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mobiliza.core.permissions import MANAGERS, Access
from mobiliza.core.roles import Role


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Log-in by e-mail address, whatever its capitalisation.
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("es", _("Spanish")), ("en", _("English"))],
        default="es",
    )
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[assignment]
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    access = Access(country_path=None, readers=frozenset(MANAGERS))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        # One account per address, whatever its capitalisation (log-in ignores it too).
        self.email = (self.email or "").strip().lower()
        if (
            self.email
            and type(self)
            ._default_manager.filter(email__iexact=self.email)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"email": _("Another user already has this e-mail address.")})

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A role a user holds; a focal point's role names its member state."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("member state"),
    )

    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="viewer_memberships",
        verbose_name=_("partner"),
        help_text=_("For a partner viewer: the partner whose records they may read."),
    )

    history = HistoricalRecords()

    access = Access(country_path=None, readers=frozenset(MANAGERS))

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="membership_one_role_each"),
            models.CheckConstraint(
                condition=~models.Q(role=Role.FOCAL_POINT) | models.Q(member_state__isnull=False),
                name="membership_focal_point_has_country",
            ),
        ]

    def __str__(self) -> str:
        if self.member_state_id:
            return f"{self.get_role_display()} ({self.member_state})"
        return str(self.get_role_display())

    def clean(self) -> None:
        if self.role == Role.FOCAL_POINT and not self.member_state_id:
            raise ValidationError(
                {"member_state": _("A focal point belongs to exactly one member state.")}
            )
        if self.role == Role.PARTNER_VIEWER and not self.partner_id:
            raise ValidationError(
                {"partner": _("A partner viewer reads the records of one partner: choose it.")}
            )
        if self.role != Role.FOCAL_POINT:
            self.member_state = None
