"""Forms of reporting obligations and of the delivery recorded for one deadline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements.models import OBLIGATION_FIELDS, Agreement, ReportingObligation
from mobiliza.core.forms import ScopedForm, Section, validate_document
from mobiliza.core.permissions import restrict
from mobiliza.core.roles import Role
from mobiliza.pipeline.models import Opportunity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

RESPONSIBLE_ROLES = (Role.PRESIDENCY, Role.SECRETARIAT, Role.FOCAL_POINT)


class ObligationForm(ScopedForm):
    sections = [
        Section(_("What is owed"), ("kind", "title", "agreement", "opportunity")),
        Section(_("When"), ("first_due_on", "recurrence", "repeat_until")),
        Section(_("Who and reminders"), ("responsible", "remind_days_before", "notes")),
    ]

    class Meta:
        model = ReportingObligation
        fields = OBLIGATION_FIELDS.form_names()
        widgets = {
            "first_due_on": DATE,
            "repeat_until": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "agreement": _("For a narrative, financial or progress report."),
            "opportunity": _("For a letter of intent or an application to the partner's call."),
            "responsible": _("Receives the reminders; without one, the Technical Secretariat."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Only records the user may change: a focal point links its own country's.
        self.fields["agreement"].queryset = restrict(  # type: ignore[attr-defined]
            Agreement.objects.select_related("partner"), user, "change"
        )
        self.fields["opportunity"].queryset = restrict(  # type: ignore[attr-defined]
            Opportunity.objects.select_related("partner"), user, "change"
        )
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(is_active=True, memberships__role__in=RESPONSIBLE_ROLES)
            .distinct()
            .order_by("full_name", "email")
        )


class DeliveryForm(forms.Form):
    """The date a report was delivered and, if there is one, the document sent."""

    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
    document = forms.FileField(
        label=_("Document delivered"),
        required=False,
        allow_empty_file=True,  # refused by validate_document, as the API refuses it
        validators=[validate_document],
        help_text=_("PDF, Word, Excel or OpenDocument file (optional)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, prefix_id: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_%s{prefix_id}")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("delivered_on", timezone.localdate())
