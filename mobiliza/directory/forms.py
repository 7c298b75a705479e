from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from mobiliza.core.currencies import CurrencyField
from mobiliza.core.forms import ScopedForm, Section
from mobiliza.core.permissions import can_read_confidential, restrict
from mobiliza.core.roles import Role
from mobiliza.directory import models
from mobiliza.directory.choices import ProposalLanguage, TermKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _currency_field(label: Any) -> forms.ChoiceField:
    return CurrencyField(label=label, required=False)


class PartnerForm(ScopedForm):
    """Chart 2's donor form, then what section 3.3.1 asks to know."""

    sections = [
        Section(
            _("Identity"),
            (
                "name_es",
                "name_en",
                "acronym",
                "scope",
                "general_objective_es",
                "general_objective_en",
                "website",
            ),
            _(
                "Chart 2, the donor form: the donor or partner's name, its initials or acronym, "
                "whether it is regional or extra-regional, and its institutional objectives."
            ),
        ),
        Section(
            _("Classification"),
            ("source_type", "areas", "other_areas", "contribution_kinds", "axes"),
            _(
                "The common work areas of the donor or partner (Chart 2) and the kind of "
                "resources it may contribute (Chart 1: financial, human, goods and services)."
            ),
        ),
        Section(
            _("How it funds"),
            (
                "has_submission_requirements",
                "priority_areas",
                "policies",
                "budget_min",
                "budget_max",
                "budget_currency",
                "funding_cycle",
                "audit_rules",
                "accountability",
                "proposal_languages",
            ),
            _(
                "Step 1, Identify: resource mobilization requires detailed knowledge of its "
                "priority areas, policies, budgets, funding cycles, rules and procedures for "
                "audits, and accountability mechanisms."
            ),
        ),
        Section(_("Where it works"), ("countries",)),
        Section(
            _("Relationship with the coalition"),
            (
                "status",
                "owner",
                "member_state",
                "interests",
                "comparative_advantage",
                "track_record",
                "suitability_comments",
            ),
            _(
                "Step 1, Identify: define the interests, comparative advantage and track record "
                "of the prospective partner, and identify the coincidences in the work areas."
            ),
        ),
        Section(_("Confidential notes"), ("confidential_notes",)),
    ]

    proposal_languages = forms.MultipleChoiceField(
        label=_("languages it accepts proposals in"),
        choices=ProposalLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    budget_currency = _currency_field(_("budget currency"))

    class Meta:
        model = models.Partner
        fields = models.PARTNER_FIELDS.form_names()
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "contribution_kinds": forms.CheckboxSelectMultiple,
            "axes": forms.CheckboxSelectMultiple,
            "has_submission_requirements": forms.NullBooleanSelect,
            "general_objective_es": TEXT,
            "general_objective_en": TEXT,
            "suitability_comments": TEXT,
            "priority_areas": TEXT,
            "policies": TEXT,
            "audit_rules": TEXT,
            "accountability": TEXT,
            "interests": TEXT,
            "comparative_advantage": TEXT,
            "track_record": TEXT,
            "confidential_notes": TEXT,
        }
        # Chart 2's own instructions, under the fields they describe.
        help_texts = {
            "general_objective_es": _("Note the institutional objectives of the donor or partner."),
            "general_objective_en": _("Note the institutional objectives of the donor or partner."),
            "areas": _("Note the common work areas of the donor or partner."),
            "has_submission_requirements": _(
                "Does the donor or partner have forms and requirements for the submission of "
                "projects? Attach them to the partner as documents."
            ),
            "suitability_comments": _(
                "Include commentaries related to the suitability of the partner or donor."
            ),
            "countries": _("The member states of the coalition come first."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        terms = models.DirectoryTerm.objects.all()
        self.fields["areas"].queryset = terms.filter(kind=TermKind.AREA)  # type: ignore[attr-defined]
        self.fields["contribution_kinds"].queryset = terms.filter(  # type: ignore[attr-defined]
            kind=TermKind.CONTRIBUTION
        )
        staff = get_user_model().objects.filter(
            is_active=True, memberships__role__in=[Role.SECRETARIAT, Role.PRESIDENCY]
        )
        self.fields["owner"].queryset = staff.distinct()  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["proposal_languages"] = [
                c for c in self.instance.proposal_languages.split(",") if c
            ]
        if self.instance.pk and not can_read_confidential(user, self.instance):
            del self.fields["confidential_notes"]

    def clean_proposal_languages(self) -> str:
        return ",".join(self.cleaned_data.get("proposal_languages") or [])


class ContactForm(ScopedForm):
    class Meta:
        model = models.Contact
        fields = models.CONTACT_FIELDS.form_names()
        widgets = {"notes": TEXT}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["partner"].queryset = restrict(  # type: ignore[attr-defined]
            models.Partner.objects.all(), user, "change"
        )


class FundingCallForm(ScopedForm):
    currency = _currency_field(_("currency"))

    sections = [
        Section(_("The call"), ("partner", "title", "url", "requirements")),
        Section(_("What it funds"), ("areas", "eligible_countries")),
        Section(_("Amounts"), ("amount_min", "amount_max", "currency")),
        Section(_("Dates"), ("opens_on", "closes_on")),
    ]

    class Meta:
        model = models.FundingCall
        fields = models.FUNDING_CALL_FIELDS.form_names()
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "eligible_countries": forms.CheckboxSelectMultiple,
            "opens_on": DATE,
            "closes_on": DATE,
            "requirements": TEXT,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["partner"].queryset = restrict(  # type: ignore[attr-defined]
            models.Partner.objects.all(), user, "change"
        )
        self.fields["areas"].queryset = models.DirectoryTerm.objects.filter(  # type: ignore[attr-defined]
            kind=TermKind.AREA
        )


class AttachmentForm(ScopedForm):
    class Meta:
        model = models.Attachment
        fields = models.ATTACHMENT_FIELDS.form_names()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["partner"].queryset = restrict(  # type: ignore[attr-defined]
            models.Partner.objects.all(), user, "change"
        )

    def model_data(self) -> dict[str, Any]:
        data = super().model_data()
        data["uploaded_by"] = self.user
        return data
