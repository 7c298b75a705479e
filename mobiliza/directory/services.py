"""Writes on the directory. Generic create/update/delete go through mobiliza.core.services;
what is particular to partners and contacts lives here."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mobiliza.core.permissions import can
from mobiliza.core.services import record_update
from mobiliza.core.stored_messages import both, message
from mobiliza.directory.models import Contact, Partner


def normalise_phone(value: str, region: str | None = None) -> str:
    """An international phone number in E.164 form (+50222223333), or a ValidationError."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            {
                "phone": _(
                    "Write the number in international format, starting with + and the country code."
                )
            }
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {"phone": _("%(value)s is not a valid phone number.") % {"value": text}}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def contact_move(
    *, user: Any, contact: Contact, partner: Partner, version: int | None = None
) -> Contact:
    """Move a contact to another partner; the history keeps where they were."""
    if not can(user, "change", partner):
        raise PermissionDenied
    return record_update(
        user=user,
        instance=contact,
        data={"partner": partner},
        version=version,
        reason=message(
            gettext_noop("moved from {old} to {new}"), old=both(contact.partner), new=both(partner)
        ),
    )
