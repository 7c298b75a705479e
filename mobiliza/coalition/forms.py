from __future__ import annotations

from typing import Any

from django import forms

from mobiliza.coalition import models
from mobiliza.core.forms import ScopedForm as BaseScopedForm
from mobiliza.core.models import translated_field_names
from mobiliza.core.permissions import restrict

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopedForm(BaseScopedForm):
    """Also offers only the national bodies the user may write for."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if "national_body" in self.fields:
            self.fields["national_body"].queryset = restrict(  # type: ignore[attr-defined]
                models.NationalBody.objects.select_related("member_state"), user, "change"
            )


class NationalBodyForm(ScopedForm):
    class Meta:
        model = models.NationalBody
        fields = [
            "member_state",
            "name_es",
            "name_en",
            "acronym",
            "legal_basis_es",
            "legal_basis_en",
            "year_established",
            "chair_es",
            "chair_en",
            "member_institutions",
            "description_es",
            "description_en",
            "website",
            "email",
        ]
        widgets = {
            "legal_basis_es": forms.Textarea(attrs={"rows": 3}),
            "legal_basis_en": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }


class RepresentativeForm(ScopedForm):
    class Meta:
        model = models.Representative
        fields = [
            "national_body",
            "full_name",
            "position_title",
            "institution",
            "role",
            "email",
            "phone",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}


class MemberStateForm(ScopedForm):
    class Meta:
        model = models.MemberState
        fields = ["code", "name_es", "name_en", "position"]


class PresidencyTermForm(ScopedForm):
    class Meta:
        model = models.PresidencyTerm
        fields = ["member_state", "start_date", "end_date", "notes"]
        widgets = {"start_date": DATE, "end_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class CommitteeForm(ScopedForm):
    class Meta:
        model = models.Committee
        fields = [
            "name_es",
            "name_en",
            "purpose_es",
            "purpose_en",
            "coordinator",
            "members",
            "is_active",
        ]
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "purpose_es": forms.Textarea(attrs={"rows": 3}),
            "purpose_en": forms.Textarea(attrs={"rows": 3}),
        }


class MeetingForm(ScopedForm):
    class Meta:
        model = models.Meeting
        fields = [
            "title",
            "kind",
            "committee",
            "date",
            "place",
            "host",
            *translated_field_names("summary"),
            "minutes",
        ]
        widgets = {
            "date": DATE,
            **dict.fromkeys(translated_field_names("summary"), forms.Textarea(attrs={"rows": 4})),
        }


class MeetingAgreementForm(ScopedForm):
    class Meta:
        model = models.MeetingAgreement
        fields = [
            "meeting",
            *translated_field_names("text"),
            "responsible",
            "deadline",
            "status",
            "compliance_notes",
        ]
        widgets = {
            "deadline": DATE,
            **dict.fromkeys(translated_field_names("text"), forms.Textarea(attrs={"rows": 3})),
            "compliance_notes": forms.Textarea(attrs={"rows": 3}),
        }
