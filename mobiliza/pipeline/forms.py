from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mobiliza.core.currencies import CurrencyField
from mobiliza.core.forms import ScopedForm, Section
from mobiliza.core.models import translated_field_names
from mobiliza.core.permissions import actor_for, can_read_confidential, restrict
from mobiliza.directory.models import Contact, FundingCall, Partner
from mobiliza.pipeline import models
from mobiliza.pipeline.choices import LossReason, Outcome
from mobiliza.pipeline.filters import staff_users
from mobiliza.pipeline.selectors import visible_projects
from mobiliza.plan.models import MobilizationStep

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def may_see_confidential(user: Any, opportunity: models.Opportunity) -> bool:
    """A saved opportunity: as the permission module says. A new one: whoever may add one for
    a country of their own (managers, focal points), since it will belong to that country."""
    if opportunity.pk:
        return can_read_confidential(user, opportunity)
    probe = models.Opportunity(member_state_id=actor_for(user).member_state_id)
    return can_read_confidential(user, probe)


class OpportunityForm(ScopedForm):
    currency = CurrencyField(label=_("currency"), required=False)

    sections = [
        Section(
            _("The opportunity"),
            ("title", "partner", "project", "funding_call", "member_state", "step"),
        ),
        Section(
            _("What it would bring"),
            ("axis", "resource_kind", "expected_amount", "currency", "probability"),
            _(
                "The kind of resources (Chart 1: financial, human, goods and services) and the "
                "strategic axis it would support."
            ),
        ),
        Section(
            _("Follow-up"),
            ("owner", "expected_decision_on", "next_action", "next_action_on"),
        ),
        Section(
            _("Negotiation"),
            (*translated_field_names("negotiated_terms"), "confidential_notes"),
        ),
    ]

    class Meta:
        model = models.Opportunity
        fields = models.OPPORTUNITY_FIELDS.form_names()
        widgets = {
            "expected_decision_on": DATE,
            "next_action_on": DATE,
            **dict.fromkeys(translated_field_names("negotiated_terms"), TEXT),
            "confidential_notes": TEXT,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["partner"].queryset = restrict(Partner.objects.all(), user, "view")  # type: ignore[attr-defined]
        self.fields["funding_call"].queryset = restrict(  # type: ignore[attr-defined]
            FundingCall.objects.select_related("partner"), user, "view"
        )
        self.fields["project"].queryset = visible_projects(user)  # type: ignore[attr-defined]
        self.fields["owner"].queryset = staff_users()  # type: ignore[attr-defined]
        if self.instance.pk:
            # A saved opportunity changes step only through a move, which is recorded.
            del self.fields["step"]
        else:
            self.fields["step"].queryset = MobilizationStep.objects.order_by("position")  # type: ignore[attr-defined]
            self.fields["step"].required = False
            self.fields["step"].help_text = _("Empty: the first step.")
        if not may_see_confidential(user, self.instance):
            del self.fields["confidential_notes"]

    def model_data(self) -> dict[str, Any]:
        data = super().model_data()
        if "step" in data and data["step"] is None:
            del data["step"]  # the service puts it in the first step
        return data


class MoveForm(forms.Form):
    step = forms.ModelChoiceField(
        label=_("Move to"), queryset=MobilizationStep.objects.order_by("position")
    )
    # Sent by the confirmation page (or the board, once the user confirmed) of a move that
    # skips steps; the service refuses such a move without it.
    confirm_skip = forms.BooleanField(required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(Outcome.WON.value, Outcome.WON.label), (Outcome.LOST.value, Outcome.LOST.label)],
        widget=forms.RadioSelect,
        # Nothing is chosen beforehand: the user says which.
        error_messages={"required": _("Choose whether it was won or lost.")},
    )
    loss_reason = forms.ChoiceField(
        label=_("Reason for losing"),
        choices=[("", "—"), *LossReason.choices],
        required=False,
    )
    loss_notes = forms.CharField(label=_("About the loss"), required=False, widget=TEXT)
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DATE)
    # Sent by the confirmation page: without it the page asks before closing.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # A lost opportunity without a reason is refused by Opportunity.clean() through close().


class InteractionForm(ScopedForm):
    sections = [
        Section(_("The interaction"), ("kind", "occurred_on", "subject")),
        Section(_("With whom"), ("opportunity", "partner", "member_state", "contacts", "users")),
        Section(_("Notes"), ("notes",)),
    ]

    class Meta:
        model = models.Interaction
        fields = models.INTERACTION_FIELDS.form_names()
        widgets = {
            "occurred_on": DATE,
            "follow_up_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 6}),
            "users": forms.CheckboxSelectMultiple,
            "contacts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["partner"].queryset = restrict(Partner.objects.all(), user, "view")  # type: ignore[attr-defined]
        self.fields["opportunity"].queryset = restrict(  # type: ignore[attr-defined]
            models.Opportunity.objects.select_related("partner"), user, "change"
        )
        self.fields["opportunity"].help_text = _(
            "The partner and member state are then those of the opportunity."
        )
        self.fields["partner"].required = False  # or taken from the opportunity
        self.fields["users"].queryset = staff_users()  # type: ignore[attr-defined]
        contacts = restrict(Contact.objects.select_related("partner"), user, "view").filter(
            is_active=True
        )
        partner_id = self._partner_id()
        # Only the chosen partner's people are offered (none before a partner is chosen).
        offered = Q(partner_id=partner_id) if partner_id else Q(pk__in=[])
        if self.is_bound and hasattr(self.data, "getlist"):
            # Contacts posted from another partner stay choosable, so that the rule of
            # Interaction.clean_links() names them on the field, as the API does.
            posted = [v for v in self.data.getlist("contacts") if str(v).isdigit()]
            offered |= Q(pk__in=posted)
        self.fields["contacts"].queryset = contacts.filter(offered)  # type: ignore[attr-defined]
        self.fields["contacts"].label_from_instance = _contact_label  # type: ignore[attr-defined]
        self.fields["contacts"].help_text = (
            _("People of the partner who took part.")
            if partner_id
            else _("Choose the partner or the opportunity first: its people are listed here.")
        )
        # With htmx, choosing another partner or opportunity lists that partner's people.
        reload = {
            "hx-get": reverse("pipeline:interaction_contacts"),
            "hx-trigger": "change",
            "hx-target": "#id_contacts_field",
            "hx-swap": "outerHTML",
            "hx-include": "[name=partner], [name=opportunity], [name=contacts]",
        }
        for name in ("partner", "opportunity"):
            self.fields[name].widget.attrs.update(reload)

    def _partner_id(self) -> int | None:
        """The partner the form is about: the one typed, the pre-filled one or the saved one."""
        for source in (self.data if self.is_bound else {}, self.initial):
            for key in ("opportunity", "partner"):
                value: Any = source.get(key) if hasattr(source, "get") else None
                if value is None or value == "":
                    continue
                try:
                    pk = int(getattr(value, "pk", value))
                except (TypeError, ValueError):
                    continue
                if key == "partner":
                    return pk
                partner_id = (
                    models.Opportunity.objects.filter(pk=pk)
                    .values_list("partner_id", flat=True)
                    .first()
                )
                if partner_id:
                    return partner_id
        return self.instance.partner_id if self.instance.pk else None

    # The partner, its opportunity and the contacts are checked by Interaction.clean() and
    # clean_links(); an empty partner is the opportunity's (compute_derived).


def _contact_label(contact: Contact) -> str:
    return f"{contact.full_name} · {contact.partner}"


class InteractionAttachmentForm(ScopedForm):
    class Meta:
        model = models.InteractionAttachment
        fields = ["interaction", "title", "file"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["interaction"].queryset = restrict(  # type: ignore[attr-defined]
            models.Interaction.objects.all(), user, "change"
        )
