"""The forms of a suspension and of its end; the rules are the model's and the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobiliza.core.forms import Section, VersionedModelForm
from mobiliza.portfolio.suspensions.models import Suspension
from mobiliza.portfolio.suspensions.services import plenary_agreements


class PlenaryAgreementChoice(forms.ModelChoiceField):
    """An agreement of the plenary, named with its meeting and date."""

    def label_from_instance(self, obj: Any) -> str:
        return _("%(meeting)s — %(agreement)s") % {
            "meeting": obj.meeting,
            "agreement": str.__str__(obj.text)[:120],
        }


class SuspensionForm(VersionedModelForm):
    sections = [
        Section(
            _("The plenary's agreement"),
            ("meeting_agreement",),
            help=_(
                "The Presidency suspends with the common agreement of the Plenary of the "
                "Regional Coalition: choose the agreement as recorded in the registry of "
                "meetings."
            ),
        ),
        Section(
            _("Grounds"),
            ("grounds", "reason_es", "reason_en"),
            help=_(
                "When there is any risk or damage to the target beneficiary population "
                "(resource-management rules of the strategy)."
            ),
        ),
    ]

    meeting_agreement = PlenaryAgreementChoice(
        queryset=plenary_agreements(), label=_("Agreement of the plenary")
    )

    class Meta:
        model = Suspension
        fields = ["meeting_agreement", "grounds", "reason_es", "reason_en"]
        widgets = {
            "grounds": forms.RadioSelect,
            "reason_es": forms.Textarea(attrs={"rows": 4}),
            "reason_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting_agreement"].queryset = plenary_agreements()  # type: ignore[attr-defined]
        # Radio buttons: no empty choice.
        grounds: Any = self.fields["grounds"]
        grounds.choices = [c for c in grounds.choices if c[0]]


class ResumeForm(VersionedModelForm):
    sections = [
        Section(
            _("The plenary's agreement to resume"),
            ("resume_meeting_agreement",),
            help=_("The plenary agrees that the risk or damage is over; choose its agreement."),
        ),
        Section(_("Why it may resume"), ("resume_reason_es", "resume_reason_en")),
    ]

    resume_meeting_agreement = PlenaryAgreementChoice(
        queryset=plenary_agreements(), label=_("Agreement of the plenary to resume")
    )

    class Meta:
        model = Suspension
        fields = ["resume_meeting_agreement", "resume_reason_es", "resume_reason_en"]
        widgets = {
            "resume_reason_es": forms.Textarea(attrs={"rows": 4}),
            "resume_reason_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resume_meeting_agreement"].queryset = plenary_agreements()  # type: ignore[attr-defined]
        # The model's rules of an ended suspension apply to what the form is given.
        self.instance.resumed_on = timezone.localdate()
