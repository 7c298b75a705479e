"""Tell users about something: a line in their in-app inbox and an e-mail in their language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import translation

from mobiliza.core.mail import recipient_of, send_message
from mobiliza.core.models import Notification


def notify(
    users: Iterable[Any],
    *,
    message: Callable[[], str],
    url: Callable[[], str],
    template: str,
    context: Callable[[], Mapping[str, Any]],
) -> None:
    """Notify each user in the app and by e-mail, once the transaction has committed.

    ``message``, ``url`` and ``context`` are called once per user inside that user's
    language, so each reads the notification in the language they work in; the e-mail is
    ``template`` (an HTML message, see :mod:`mobiliza.core.mail`) rendered with ``context``.
    """
    recipients = [u for u in users if u.is_active]

    def deliver() -> None:
        for user in recipients:
            recipient = recipient_of(user)
            with translation.override(recipient.language):
                link = url()
                Notification.objects.create(user=user, message=message()[:500], url=link)
            if user.email:
                send_message(recipient, template, context)

    transaction.on_commit(deliver)
