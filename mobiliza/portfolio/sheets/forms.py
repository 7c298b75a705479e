"""The form that records a technical sheet presented to a partner."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobiliza.core.forms import Section, VersionedModelForm
from mobiliza.core.permissions import restrict
from mobiliza.portfolio.sheets.models import SheetPresentation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _partner_of(form: forms.BaseForm, instance: Any) -> str:
    """The partner the form is about: the one posted, else the initial one, else the saved."""
    if form.is_bound:
        return str(form.data.get(form.add_prefix("partner")) or "")
    initial = form.initial.get("partner")
    if initial:
        return str(getattr(initial, "pk", initial))
    return str(instance.partner_id or "")


class PresentationForm(VersionedModelForm):
    """Which sheet was presented, to whom and when; the document is generated on saving."""

    sections = [
        Section(
            _("The sheet presented"),
            ("project", "template", "language"),
            help=_("The project's current version of the sheet is kept with the record, as a PDF."),
        ),
        Section(
            _("To whom and when"),
            ("partner", "contacts", "presented_on", "interaction", "opportunity", "notes"),
        ),
    ]

    class Meta:
        model = SheetPresentation
        fields = [
            "project",
            "template",
            "language",
            "partner",
            "contacts",
            "presented_on",
            "interaction",
            "opportunity",
            "notes",
        ]
        widgets = {"presented_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mobiliza.directory.models import Contact, Partner
        from mobiliza.pipeline.models import Interaction, Opportunity
        from mobiliza.portfolio.models import Project

        self.user = user
        if "project" in self.fields:
            writable = restrict(Project.objects.all(), user, "change")
            self.fields["project"].queryset = writable  # type: ignore[attr-defined]
        self.fields["partner"].queryset = restrict(Partner.objects.all(), user)  # type: ignore[attr-defined]
        partner = _partner_of(self, self.instance)
        if partner.isdigit():
            contacts = Contact.objects.filter(partner_id=partner).order_by(
                "-is_active", "full_name", "pk"
            )
            interactions = Interaction.objects.filter(partner_id=partner)
            opportunities = Opportunity.objects.filter(partner_id=partner)
        else:
            contacts = Contact.objects.none()
            interactions = Interaction.objects.all()
            opportunities = Opportunity.objects.all()
        self.fields["contacts"].queryset = restrict(contacts, user)  # type: ignore[attr-defined]
        self.fields["contacts"].help_text = _(
            "Offered once the presentation is saved with its partner, or when it is recorded "
            "from an interaction."
        )
        self.fields["interaction"].queryset = restrict(  # type: ignore[attr-defined]
            interactions.select_related("partner").order_by("-occurred_on", "-pk"), user
        )
        self.fields["opportunity"].queryset = restrict(  # type: ignore[attr-defined]
            opportunities.order_by("title", "pk"), user
        )


class PresentationChangeForm(PresentationForm):
    """A recorded presentation: the sheet presented (project, template, language) stays."""

    sections = [PresentationForm.sections[1]]

    class Meta(PresentationForm.Meta):
        fields = ["partner", "contacts", "presented_on", "interaction", "opportunity", "notes"]
