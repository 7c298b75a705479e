"""The consultancy calls' forms: the call, an applicant with documents, the first filter,
the scores of a member state, the joint selection and the second call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobiliza.core.forms import ScopedForm, Section
from mobiliza.core.permissions import restrict
from mobiliza.core.uploads import DOCUMENT_HELP
from mobiliza.portfolio.consultancies.models import (
    Applicant,
    ConsultancyCall,
    DocumentKind,
    FilterDecision,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 6})


class ConsultancyCallForm(ScopedForm):
    sections = [
        Section(_("The call"), ("project", "title", "opens_on", "closes_on")),
        Section(
            _("Terms of reference"),
            ("terms_es", "terms_en", "terms_file"),
            help=_("What the consultancy is to do, the profile sought and how to apply."),
        ),
        Section(
            _("Evaluation"),
            ("evaluating_states",),
            help=_(
                "The Presidency and the Technical Secretariat are the first filter; the "
                "documents are then sent to the countries for their evaluation and "
                "assessment and joint selection."
            ),
        ),
    ]

    class Meta:
        model = ConsultancyCall
        fields = [
            "project",
            "title",
            "opens_on",
            "closes_on",
            "terms_es",
            "terms_en",
            "terms_file",
            "evaluating_states",
        ]
        widgets = {"opens_on": DATE, "closes_on": DATE, "terms_es": TEXT, "terms_en": TEXT}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        project = self.fields["project"]
        project.queryset = restrict(project.queryset, user, "view")  # type: ignore[attr-defined]


class ApplicantForm(ScopedForm):
    """An applicant and the documents it sent (more may be added when editing it)."""

    cv = forms.FileField(label=_("Curriculum vitae"), required=False, help_text=DOCUMENT_HELP)
    offer = forms.FileField(label=_("Offer"), required=False, help_text=DOCUMENT_HELP)
    other = forms.FileField(label=_("Other document"), required=False, help_text=DOCUMENT_HELP)

    sections = [
        Section(_("The applicant"), ("call", "full_name", "nationality", "email", "phone")),
        Section(
            _("Documents"),
            ("cv", "offer", "other"),
            help=_("Read only by the Presidency, the Secretariat and the evaluating states."),
        ),
        Section(_("Notes and retention"), ("notes", "retention_until")),
    ]

    class Meta:
        model = Applicant
        fields = [
            "call",
            "full_name",
            "nationality",
            "email",
            "phone",
            "notes",
            "retention_until",
        ]
        widgets = {"retention_until": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in ("cv", "offer", "other"):
            self.fields[name].allow_empty_file = True  # type: ignore[attr-defined]
        call = self.fields["call"]
        call.queryset = restrict(ConsultancyCall.objects.all(), user, "change")  # type: ignore[attr-defined]
        if self.instance.pk:
            call.disabled = True

    def documents(self) -> list[tuple[str, Any]]:
        return [
            (kind, self.cleaned_data.get(name))
            for name, kind in (
                ("cv", DocumentKind.CV),
                ("offer", DocumentKind.OFFER),
                ("other", DocumentKind.OTHER),
            )
            if self.cleaned_data.get(name)
        ]

    def model_data(self) -> dict[str, Any]:
        data = super().model_data()
        for name in ("cv", "offer", "other"):
            data.pop(name, None)
        if self.instance.pk:
            data.pop("call", None)
        return data


class FirstFilterForm(forms.Form):
    passed_first_filter = forms.ChoiceField(label=_("First filter"), choices=FilterDecision.choices)
    filter_comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoresForm(forms.Form):
    """One member state's scores of the applicants who passed the first filter."""

    def __init__(self, *args: Any, applicants: list[Applicant], scores: dict, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.applicants = applicants
        for applicant in applicants:
            given = scores.get(applicant.pk)
            self.fields[f"score_{applicant.pk}"] = forms.DecimalField(
                label=_("Score of %(name)s") % {"name": applicant.full_name},
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
                initial=given.score if given else None,
                help_text=_("From 0 to 100."),
            )
            self.fields[f"comment_{applicant.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": applicant.full_name},
                required=False,
                initial=given.comment if given else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Applicant, Any, Any]]:
        return [(a, self[f"score_{a.pk}"], self[f"comment_{a.pk}"]) for a in self.applicants]


class SelectionForm(forms.Form):
    applicant = forms.ModelChoiceField(
        label=_("Applicant selected"), queryset=Applicant.objects.none()
    )
    without_every_score = forms.BooleanField(
        label=_("Decide with the scores there"),
        required=False,
        help_text=_(
            "The Presidency and the Secretariat select without waiting for the states that "
            "have not scored."
        ),
    )
    notes = forms.CharField(
        label=_("Notes on the joint selection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, call: ConsultancyCall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = call.applicants.filter(  # type: ignore[attr-defined]
            passed_first_filter=FilterDecision.YES
        )


class SecondCallForm(forms.Form):
    opens_on = forms.DateField(label=_("opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("closes on"), widget=DATE)
