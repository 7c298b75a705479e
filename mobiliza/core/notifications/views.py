"""The in-app inbox: a user's notifications, newest first, and marking them read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from mobiliza.core.models import Notification

PAGE_SIZE = 50


def _user(request: HttpRequest) -> Any:
    return request.user  # logged in: the views are login_required


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=_user(request)).order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=_user(request), read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications:inbox")


def _in_language(url: str, language: str) -> str:
    """``url`` (``/es/...``) in ``language`` (``/en/...``), or as it is if it names no page."""
    written_in = translation.get_language_from_path(url)
    if not written_in or written_in == language:
        return url
    # The address resolves only in the language it is written in.
    with translation.override(written_in):
        return translate_url(url, language)


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link (only to this site).

    A plain link (GET): marking one's own notification read is harmless and idempotent.
    """
    notification = get_object_or_404(Notification, pk=pk, user=_user(request))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # Written in the recipient's language when sent; opened in the one read now.
        return redirect(_in_language(notification.url, get_language() or ""))
    return redirect("notifications:inbox")
