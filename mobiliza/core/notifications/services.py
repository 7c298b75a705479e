"""Tell users about something: a line in their in-app inbox and an e-mail in their language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from mobiliza.core.models import Notification


def notify(
    users: Iterable[Any],
    *,
    message: Callable[[], str],
    subject: Callable[[], str],
    body: Callable[[], str],
    url: Callable[[], str],
) -> None:
    """Notify each user in the app and by e-mail, once the transaction has committed.

    ``message``, ``subject``, ``body`` and ``url`` are called once per user inside that
    user's language, so each reads the notification in the language they work in.
    """
    recipients = [u for u in users if u.is_active]

    def deliver() -> None:
        for user in recipients:
            with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
                link = url()
                Notification.objects.create(user=user, message=message()[:500], url=link)
                if user.email:
                    send_mail(
                        subject(),
                        body(),
                        settings.DEFAULT_FROM_EMAIL,
                        [user.email],
                        fail_silently=False,
                    )

    transaction.on_commit(deliver)
