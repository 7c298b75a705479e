from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from mobiliza.accounts import services
from mobiliza.accounts.forms import LoginForm, PasswordResetForm, UserForm
from mobiliza.accounts.models import User
from mobiliza.accounts.selectors import user_history_list
from mobiliza.core.permissions import can, restrict


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class UserListView(LoginRequiredMixin, ListView):
    template_name = "accounts/user_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        qs = restrict(User.objects.all(), self.request.user, "view")
        return qs.prefetch_related("memberships__member_state")

    @classmethod
    def allows(cls, user: Any) -> bool:
        """The page's check, which the header asks too (``core.pages``)."""
        return can(user, "view", model=User)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not self.allows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a user and their role; new users get an invitation e-mail."""

    def _get(self, request: HttpRequest, pk: int | None) -> User | None:
        if pk is None:
            if not can(request.user, "add", model=User):
                raise PermissionDenied
            return None
        user = get_object_or_404(restrict(User.objects.all(), request.user, "view"), pk=pk)
        if not can(request.user, "change", user):
            raise PermissionDenied
        return user

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        target = self._get(request, pk)
        form = UserForm(instance=target)
        return self._render(request, form, target)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        target = self._get(request, pk)
        form = UserForm(request.POST, instance=target)
        if not form.is_valid():
            return self._render(request, form, target)
        data = form.model_data()
        data["role"] = form.cleaned_data["role"]
        data["member_state"] = form.cleaned_data.get("member_state")
        data["partner"] = form.cleaned_data.get("partner")
        if target is None:
            target = services.user_create(actor=request.user, **data)
            services.user_send_invitation(user=target, request=request)
            messages.success(
                request,
                _("User %(email)s created; an e-mail invites them to choose a password.")
                % {"email": target.email},
            )
        else:
            services.user_update(actor=request.user, user=target, data=data)
            messages.success(request, _("Saved: %(name)s.") % {"name": target})
        return redirect(reverse("accounts:user_list"))

    def _render(self, request: HttpRequest, form: UserForm, target: User | None) -> HttpResponse:
        return render(
            request,
            "accounts/user_form.html",
            {
                "form": form,
                "target": target,
                "history": user_history_list(user=target) if target else [],
            },
        )
