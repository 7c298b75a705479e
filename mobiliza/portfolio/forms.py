"""The forms of the portfolio's pages: a project, in the sections of the 8.3 sheets, and
its financing lines."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobiliza.coalition.models import MemberState, NationalBody
from mobiliza.core.currencies import CurrencyField
from mobiliza.core.forms import ScopedForm, SearchableCheckboxSelectMultiple, Section
from mobiliza.core.models import translated_field_names
from mobiliza.core.permissions import actor_for, editable_member_states, restrict
from mobiliza.directory.models import DirectoryTerm, Partner
from mobiliza.plan.models import Activity, Approach, Goal, OperationalObjective, StrategicAxis
from mobiliza.portfolio import models
from mobiliza.portfolio.initiatives.forms import SimilarityCheckMixin
from mobiliza.portfolio.sdgs import goal_choices, target_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
LONG_TEXT = forms.Textarea(attrs={"rows": 8})

# The narrative texts, each written in Spanish and English side by side.
NARRATIVE = (
    "beneficiaries",
    "description",
    "expected_outcome",
    "location",
    "justification",
    "general_objective",
    "specific_objectives",
    "expected_products",
    "sustainability",
    "financial_resources",
    "material_resources",
    "human_resources",
)

# The sections of the form, and of the project's page: the sheet of initiatives and
# projects (A–H), then what the CORETT technical sheet adds (appendix 8.3).
SHEET_SECTIONS = [
    Section(_("A. Name of the project or initiative"), ("kind", "name_es", "name_en")),
    Section(
        _("B. Strategic axis"),
        ("axes",),
        help=_("The axis or axes of the strategic plan the project is aligned with."),
    ),
    Section(
        _("C. Geographic scope"),
        ("scope", "member_state", "member_states"),
        help=_(
            "National: one member state, whose focal point keeps it. Regional: the member "
            "states it runs in, which co-own it."
        ),
    ),
    Section(
        _("D. Executing institution"),
        ("executing_partner", "executing_body", "executing_institution", "partners"),
        help=_("The partner or national institution in charge of carrying it out."),
    ),
    Section(_("E. Beneficiaries and target population"), ("beneficiaries_es", "beneficiaries_en")),
    Section(
        _("F. Amount of the project"),
        ("amount", "currency"),
        help=_(
            "The total sought, in its currency; the contributions of each donor are the "
            "financing lines, added on the project's page."
        ),
    ),
    Section(_("G. Timeframe and duration"), ("start_on", "end_on", "duration_months")),
    Section(
        _("H. Description and expected outcome"),
        translated_field_names("description", "expected_outcome"),
        help=_(
            "Three paragraphs at least: the problem and its causes and consequences, the "
            "corrective measures, and how the project solves it."
        ),
    ),
    Section(
        _("Proposing institution"),
        (
            "proposer_name",
            "proposer_legal_id",
            "proposer_constituted_on",
            "proposer_address",
            "proposer_phone",
            "proposer_email",
            "legal_representative",
            "project_responsible",
        ),
        help=_("The identity of the institution or organization that proposes the project."),
    ),
    Section(_("Location"), translated_field_names("location")),
    Section(
        _("Linkage with the strategic plan"),
        ("objective", "activity", "goal", "approaches"),
        help=_("The objective, activity and goal of the plan of action it serves."),
    ),
    Section(
        _("Justification and objectives"),
        translated_field_names(
            "justification", "general_objective", "specific_objectives", "expected_products"
        ),
    ),
    Section(
        _("Resources and sustainability"),
        translated_field_names(
            "sustainability", "financial_resources", "material_resources", "human_resources"
        ),
    ),
    Section(_("Associated projects"), ("associated_projects",)),
    Section(_("Financing"), ("overall_cost",)),
    Section(
        _("Sustainable Development Goals"),
        ("sdg_goals", "sdg_targets"),
        help=_("Checklist item 4: the goals and targets of the 2030 Agenda the project serves."),
    ),
    Section(
        _("Work areas and contributions sought"),
        ("areas", "kinds_sought"),
        help=_("The areas and kinds of contribution of Chart 2, as the directory names them."),
    ),
    Section(_("Review"), ("needs_review",)),
]


def _own_country_by_default(form: ScopedForm, user: Any) -> None:
    """A focal point writes for its own country: it is chosen on a new national project."""
    if actor_for(user).manages_everything:
        return
    states = list(editable_member_states(user))
    if len(states) == 1 and not form.instance.pk and not form.is_bound:
        form.initial.setdefault("member_state", states[0].pk)


class ProjectForm(SimilarityCheckMixin, ScopedForm):
    # Shown above the fields (``core/_form.html``): the similar projects found on saving.
    notice_template = "portfolio/_project_form_notice.html"
    currency = CurrencyField(label=_("currency"), required=False)
    sdg_goals = forms.TypedMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        coerce=int,
        required=False,
        widget=SearchableCheckboxSelectMultiple,
    )
    sdg_targets = forms.MultipleChoiceField(
        label=_("Sustainable Development Goal targets"),
        required=False,
        widget=SearchableCheckboxSelectMultiple,
        help_text=_("Choosing a target also counts its goal."),
    )

    sections = SHEET_SECTIONS

    class Meta:
        model = models.Project
        fields = models.PROJECT_FIELDS.form_names()
        widgets = {
            "start_on": DATE,
            "end_on": DATE,
            "proposer_constituted_on": DATE,
            "proposer_address": forms.TextInput,
            **dict.fromkeys(translated_field_names(*NARRATIVE), TEXT),
            **dict.fromkeys(translated_field_names("description"), LONG_TEXT),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields = self.fields
        fields["sdg_goals"].choices = goal_choices()  # type: ignore[attr-defined]
        fields["sdg_targets"].choices = target_choices()  # type: ignore[attr-defined]
        partners = restrict(Partner.objects.all(), user, "view")
        fields["executing_partner"].queryset = partners  # type: ignore[attr-defined]
        fields["executing_body"].queryset = restrict(  # type: ignore[attr-defined]
            NationalBody.objects.select_related("member_state"), user, "view"
        )
        fields["member_states"].queryset = MemberState.objects.all()  # type: ignore[attr-defined]
        fields["axes"].queryset = StrategicAxis.objects.all()  # type: ignore[attr-defined]
        fields["approaches"].queryset = Approach.objects.all()  # type: ignore[attr-defined]
        fields["objective"].queryset = OperationalObjective.objects.all()  # type: ignore[attr-defined]
        fields["activity"].queryset = Activity.objects.select_related("objective")  # type: ignore[attr-defined]
        fields["goal"].queryset = Goal.objects.select_related("objective")  # type: ignore[attr-defined]
        fields["areas"].queryset = DirectoryTerm.objects.filter(kind="area")  # type: ignore[attr-defined]
        fields["kinds_sought"].queryset = DirectoryTerm.objects.filter(  # type: ignore[attr-defined]
            kind="contribution"
        )
        associated = restrict(models.Project.objects.all(), user, "view")
        if self.instance.pk:
            associated = associated.exclude(pk=self.instance.pk)
        fields["associated_projects"].queryset = associated  # type: ignore[attr-defined]
        # A regional project has no member state of its own: the field may stay empty.
        fields["member_state"].required = False
        _own_country_by_default(self, user)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or self.cleaned_data
        self.check_similar(cleaned_data)
        return cleaned_data


class ProjectFinancingForm(ScopedForm):
    currency = CurrencyField(label=_("currency"), required=False)

    class Meta:
        model = models.ProjectFinancing
        fields = ["project", "source", "partner", "amount", "currency", "confirmed", "notes"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["project"].queryset = restrict(  # type: ignore[attr-defined]
            models.Project.objects.all(), user, "change"
        )
        self.fields["partner"].queryset = restrict(  # type: ignore[attr-defined]
            Partner.objects.all(), user, "view"
        )
