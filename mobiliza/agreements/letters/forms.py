"""The form that records an acknowledgement letter as sent: when, to whom, in which language."""

from __future__ import annotations

from typing import Any

from django import forms

from mobiliza.agreements.models import Acknowledgement, Contribution
from mobiliza.core.forms import VersionedModelForm
from mobiliza.directory.models import Contact

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AcknowledgementForm(VersionedModelForm):
    """The contribution and the sender are not typed: the page and the user give them."""

    class Meta:
        model = Acknowledgement
        fields = ["sent_on", "city", "recipient", "recipient_email", "contact", "language"]
        widgets = {"sent_on": DATE}

    def __init__(self, *args: Any, user: Any, contribution: Contribution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.contribution = contribution
        contacts = Contact.objects.none()
        if contribution.partner_id:
            contacts = Contact.objects.filter(partner_id=contribution.partner_id).order_by(
                "-is_active", "full_name", "pk"
            )
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["recipient"].widget.attrs.setdefault("autocomplete", "name")
        self.fields["recipient_email"].widget.attrs.setdefault("autocomplete", "email")
