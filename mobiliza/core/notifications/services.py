"""Tell users about something: a line in their in-app inbox and an e-mail in their language.

The inbox line is kept as a msgid and its parameters (:func:`mobiliza.core.stored_messages.message`)
and read in the language of whoever opens the inbox; the e-mail is written once, in the
recipient's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import translation

from mobiliza.core.mail import recipient_of, send_message
from mobiliza.core.models import Notification
from mobiliza.core.stored_messages import StoredMessage, render


def notify(
    users: Iterable[Any],
    *,
    message: StoredMessage,
    url: Callable[[], str],
    template: str = "",
    context: Callable[[], Mapping[str, Any]] | None = None,
) -> None:
    """Notify each user in the app and (with ``template``) by e-mail, once the transaction
    has committed.

    ``message`` is stored as its msgid and parameters and translated when it is read.
    ``url`` and ``context`` are called once per user inside that user's language; the
    e-mail is ``template`` (an HTML message, see :mod:`mobiliza.core.mail`) rendered with
    ``context``.
    """
    recipients = [u for u in users if u.is_active]

    def deliver() -> None:
        for user in recipients:
            recipient = recipient_of(user)
            with translation.override(recipient.language):
                notify_in_app(user, message=message, url=url())
            if template and user.email:
                send_message(recipient, template, context or dict)

    transaction.on_commit(deliver)


def notify_in_app(user: Any, *, message: StoredMessage, url: str = "") -> Notification:
    """A line in ``user``'s inbox, written now (within the caller's transaction).

    The rendered text (``message``, the fallback) is written in the recipient's language.
    """
    params = {k: v for k, v in message.items() if k != "msgid"}
    with translation.override(recipient_of(user).language):
        text = render(message)[:500]
    return Notification.objects.create(
        user=user,
        message=text,
        message_id=message["msgid"][:500],
        message_params=params,
        url=url,
    )
