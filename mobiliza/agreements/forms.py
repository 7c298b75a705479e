"""Forms of agreements, their documents, contributions and instalments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements import models
from mobiliza.agreements.models import GOODS_SERVICES, HUMAN, KIND_FIELDS, OWN_FIELDS
from mobiliza.coalition.models import MemberState
from mobiliza.core.currencies import CurrencyField
from mobiliza.core.forms import ScopedForm, Section
from mobiliza.core.models import translated_field_names
from mobiliza.core.money import MissingRate, convert
from mobiliza.core.permissions import actor_for, editable_member_states, restrict
from mobiliza.directory.models import Partner
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.selectors import visible_projects
from mobiliza.plan.models import ResourceCategory, ResourceKind, StrategicAxis

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def currency_field(label: Any, *, required: bool) -> forms.ChoiceField:
    return CurrencyField(label=label, required=required)


def _own_country_by_default(form: ScopedForm, user: Any) -> None:
    """A focal point writes only for its own country: offer it, chosen and required."""
    if "member_state" not in form.fields or actor_for(user).manages_everything:
        return
    states = list(editable_member_states(user))
    if len(states) == 1:
        form.fields["member_state"].required = True
        if not form.instance.pk and not form.is_bound:
            form.initial.setdefault("member_state", states[0].pk)


class AgreementForm(ScopedForm):
    currency = currency_field(_("currency"), required=False)

    sections = [
        Section(
            _("The agreement"),
            ("kind", "title", "reference", "status", "opportunity", "project"),
        ),
        Section(
            _("Parties"),
            ("partner", "other_partners", "coalition_is_party", "member_states", "member_state"),
        ),
        Section(_("Dates"), ("signed_on", "starts_on", "ends_on")),
        Section(
            _("Objectives and obligations"),
            translated_field_names(
                "objectives",
                "coalition_obligations",
                "partner_obligations",
                "member_state_obligations",
            ),
        ),
        Section(
            _("Financing"),
            (
                "committed_amount",
                "currency",
                *translated_field_names("financing_terms"),
                "resources_managed_by",
                "axes",
            ),
        ),
    ]

    class Meta:
        model = models.Agreement
        fields = models.AGREEMENT_FIELDS.form_names()
        widgets = {
            "member_states": forms.CheckboxSelectMultiple,
            "axes": forms.CheckboxSelectMultiple,
            "signed_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            **dict.fromkeys(
                translated_field_names(
                    "objectives",
                    "coalition_obligations",
                    "partner_obligations",
                    "member_state_obligations",
                    "financing_terms",
                ),
                TEXT,
            ),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        partners = restrict(Partner.objects.all(), user, "view")
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["other_partners"].queryset = partners  # type: ignore[attr-defined]
        self.fields["opportunity"].queryset = restrict(  # type: ignore[attr-defined]
            Opportunity.objects.select_related("partner"), user, "view"
        )
        self.fields["project"].queryset = visible_projects(user)  # type: ignore[attr-defined]
        self.fields["member_states"].queryset = MemberState.objects.all()  # type: ignore[attr-defined]
        self.fields["axes"].queryset = StrategicAxis.objects.all()  # type: ignore[attr-defined]
        _own_country_by_default(self, user)


class AgreementDocumentForm(ScopedForm):
    class Meta:
        model = models.AgreementDocument
        fields = ["agreement", "title", "file"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["agreement"].queryset = restrict(  # type: ignore[attr-defined]
            models.Agreement.objects.all(), user, "change"
        )


class KindSelect(forms.Select):
    """Each option of the kind of resource carries its code, for the form's script."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-code"] = instance.code
        return option


class CategorySelect(forms.Select):
    """Each category says which kind of resource it belongs to."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind.code
        return option


class ContributionForm(ScopedForm):
    """One form for the three kinds: the fields of the other kinds are refused, not kept
    (``Contribution.clean()`` says so on the field).

    The fieldsets (see ``contribution_form.html``) carry ``data-kind``; a small script
    hides those of the other kinds. Without it every field shows and this form decides.
    """

    currency = currency_field(_("currency"), required=True)

    class Meta:
        model = models.Contribution
        fields = models.CONTRIBUTION_FIELDS.form_names()
        widgets = {
            "kind": KindSelect,
            "category": CategorySelect,
            "value_date": DATE,
            "pledged_on": DATE,
            "committed_on": DATE,
            "received_on": DATE,
            **dict.fromkeys(translated_field_names("notes"), TEXT),
        }

    fieldsets: list[tuple[Any, str, tuple[str, ...]]] = [
        # (legend, data-kind ("" for every kind, "own" for own contributions), fields)
        (
            _("What is contributed"),
            "",
            ("kind", "category", *translated_field_names("description"), "project", "axis"),
        ),
        (_("Who contributes"), "", ("partner", "agreement", "opportunity", "member_state")),
        (
            _("The member state's own contribution (section 3.2.1)"),
            "",
            ("is_own_contribution", "mechanism", "operating_plan_year"),
        ),
        (_("Human resources"), HUMAN, KIND_FIELDS[HUMAN]),
        (_("Goods and services"), GOODS_SERVICES, KIND_FIELDS[GOODS_SERVICES]),
        (_("Amount or value in money"), "", ("amount", "currency", "value_date")),
        (_("Status"), "", ("status", "pledged_on", "committed_on", "received_on")),
        (_("Notes"), "", tuple(translated_field_names("notes"))),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.missing_rate = False
        self.fields["kind"].queryset = ResourceKind.objects.order_by("position")  # type: ignore[attr-defined]
        self.fields["category"].queryset = ResourceCategory.objects.select_related(  # type: ignore[attr-defined]
            "kind"
        ).order_by("kind__position", "position")
        self.fields["partner"].queryset = restrict(Partner.objects.all(), user, "view")  # type: ignore[attr-defined]
        # Only the agreements and opportunities the user may record contributions under.
        self.fields["agreement"].queryset = restrict(  # type: ignore[attr-defined]
            models.Agreement.objects.select_related("partner"), user, "change"
        )
        self.fields["opportunity"].queryset = restrict(  # type: ignore[attr-defined]
            Opportunity.objects.all(), user, "change"
        )
        self.fields["project"].queryset = visible_projects(user)  # type: ignore[attr-defined]
        self.fields["axis"].queryset = StrategicAxis.objects.order_by("position")  # type: ignore[attr-defined]
        self.fields["amount"].label = _("amount or value")
        self.fields["amount"].help_text = _(
            "For people, goods and services: their value in money, as the partner states it."
        )
        _own_country_by_default(self, user)

    def grouped_fields(self) -> list[tuple[Any, str, list[Any], list[Any]]]:
        """The fieldsets with their bound fields, for the template: (legend, kind, fields
        always shown, fields shown only for a member state's own contribution)."""
        groups = []
        for legend, kind, names in self.fieldsets:
            present = [name for name in names if name in self.fields]
            groups.append(
                (
                    legend,
                    kind,
                    [self[name] for name in present if name not in OWN_FIELDS],
                    [self[name] for name in present if name in OWN_FIELDS],
                )
            )
        return groups

    def clean(self) -> dict[str, Any]:
        super().clean()
        # The rules of each kind are the model's; here only whether the amount converts,
        # so the page can offer to record the missing rate.
        self._check_conversion(self.cleaned_data)
        return self.cleaned_data

    def _check_conversion(self, data: dict[str, Any]) -> None:
        amount, currency, on = data.get("amount"), data.get("currency"), data.get("value_date")
        if amount is None or not currency or not on:
            return
        try:
            convert(amount, currency, on)
        except MissingRate as error:
            self.missing_rate = True
            self.add_error("value_date", error)


class InstalmentForm(ScopedForm):
    class Meta:
        model = models.Instalment
        fields = ["contribution", "due_on", "amount", "received_on"]
        widgets = {"due_on": DATE, "received_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["contribution"].queryset = restrict(  # type: ignore[attr-defined]
            models.Contribution.objects.all(), user, "change"
        )
