"""The project portfolio (capability 5): projects and initiatives with every field of the
two technical-sheet templates of appendix 8.3, their financing by source, and their
lifecycle up to suspension.

The parts of the portfolio keep their records in sub-packages, imported here so Django
finds them: the technical sheets presented (``sheets/``), the 8.4 checklist
(``checklist/``), suspensions (``suspensions/``) and consultancy calls
(``consultancies/``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mobiliza.agreements.models import SuspendedByPlenary
from mobiliza.core.currencies import validate_currency
from mobiliza.core.fieldlists import F, FieldList
from mobiliza.core.models import BusinessModel, Translated
from mobiliza.core.money import MoneyField
from mobiliza.core.permissions import INTERNAL, Access, Transition
from mobiliza.core.roles import Role
from mobiliza.portfolio.choices import (
    OPEN_STATES,
    SUSPENDABLE_STATES,
    FinancingSource,
    ProjectKind,
    ProjectState,
    Scope,
)
from mobiliza.portfolio.sdgs import validate_goals, validate_targets

S = ProjectState


class Project(SuspendedByPlenary, BusinessModel):
    """A project or initiative of the portfolio, described as the 8.3 technical sheets ask.

    A national project belongs to its member state (its focal point edits it); a regional
    one belongs to the region, or is co-owned by the member states it names.
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.PROJECT
    )
    # Set on the records the coalition file loads (its existing initiatives), which a new
    # load finds again by it; empty on the projects users add.
    code = models.SlugField(
        _("code"),
        max_length=80,
        blank=True,
        editable=False,
        help_text=_("The code of an initiative loaded from the coalition's file."),
    )
    # A. Name of the project.
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name = Translated("name", _("name"))
    # B. The axis or axes of the strategic plan.
    axes = models.ManyToManyField(
        "plan.StrategicAxis", blank=True, related_name="projects", verbose_name=_("strategic axes")
    )
    # C. Geographic scope, and the member states it runs in.
    scope = models.CharField(
        _("geographic scope"), max_length=10, choices=Scope.choices, default=Scope.NATIONAL
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("member state"),
        help_text=_("The member state of a national project; its focal point edits it."),
    )
    member_states = models.ManyToManyField(
        "coalition.MemberState",
        blank=True,
        related_name="regional_projects",
        verbose_name=_("member states taking part"),
        help_text=_("For a regional project: the member states it runs in, which co-own it."),
    )
    # D. Executing institution: a partner, a national body, or another named institution.
    executing_partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="executed_projects",
        verbose_name=_("executing partner"),
    )
    executing_body = models.ForeignKey(
        "coalition.NationalBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="executed_projects",
        verbose_name=_("executing national body"),
    )
    executing_institution = models.CharField(
        _("other executing institution"),
        max_length=300,
        blank=True,
        help_text=_("When the institution in charge is neither a partner nor a national body."),
    )
    partners = models.ManyToManyField(
        "directory.Partner",
        blank=True,
        related_name="initiatives",
        verbose_name=_("partners of the initiative"),
        help_text=_("The partners that take part in it, besides the one executing it."),
    )
    # E. Beneficiaries and target population.
    beneficiaries_es = models.TextField(
        _("beneficiaries and target population (Spanish)"),
        blank=True,
        help_text=_(
            "The population the project is directed to, and how it strengthens the "
            "institutional capacity of the state or the regional sphere."
        ),
    )
    beneficiaries_en = models.TextField(
        _("beneficiaries and target population (English)"),
        blank=True,
        help_text=_(
            "The population the project is directed to, and how it strengthens the "
            "institutional capacity of the state or the regional sphere."
        ),
    )
    beneficiaries = Translated("beneficiaries", _("beneficiaries and target population"))
    # F. Amount of the project (the financing rows name the donors' contributions).
    amount = MoneyField(_("amount of the project"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    amount_reporting = MoneyField(
        _("amount in the reporting currency"), null=True, blank=True, editable=False
    )
    overall_cost = MoneyField(
        _("overall cost"),
        null=True,
        blank=True,
        help_text=_("The overall cost of the project, in the project's currency."),
    )
    # G. Timeframe and duration.
    start_on = models.DateField(_("starts on"), null=True, blank=True)
    end_on = models.DateField(_("ends on"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    # H. Description and expected outcome (three paragraphs at least).
    description_es = models.TextField(
        _("description (Spanish)"),
        blank=True,
        help_text=_(
            "At least three paragraphs: the problem it addresses with its causes and "
            "consequences, the corrective measures, and how the project solves it."
        ),
    )
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_(
            "At least three paragraphs: the problem it addresses with its causes and "
            "consequences, the corrective measures, and how the project solves it."
        ),
    )
    description = Translated("description", _("description"))
    expected_outcome_es = models.TextField(_("expected outcome (Spanish)"), blank=True)
    expected_outcome_en = models.TextField(_("expected outcome (English)"), blank=True)
    expected_outcome = Translated("expected_outcome", _("expected outcome"))
    # The CORETT technical sheet: the proposing institution.
    proposer_name = models.CharField(
        _("proposing institution or organization"), max_length=300, blank=True
    )
    proposer_legal_id = models.CharField(
        _("legal identification number"), max_length=100, blank=True
    )
    proposer_constituted_on = models.DateField(_("date of constitution"), null=True, blank=True)
    proposer_address = models.CharField(_("exact address"), max_length=500, blank=True)
    proposer_phone = models.CharField(_("telephone and fax"), max_length=100, blank=True)
    proposer_email = models.EmailField(_("e-mail"), blank=True)
    legal_representative = models.CharField(
        _("legal representative"),
        max_length=300,
        blank=True,
        help_text=_("Name and qualities of the legal representative."),
    )
    project_responsible = models.CharField(
        _("person responsible for the project"),
        max_length=300,
        blank=True,
        help_text=_("Name and qualifications of the person responsible for the project."),
    )
    location_es = models.TextField(
        _("location (Spanish)"), blank=True, help_text=_("Where will the project run?")
    )
    location_en = models.TextField(
        _("location (English)"), blank=True, help_text=_("Where will the project run?")
    )
    location = Translated("location", _("location"))
    # Linkage with the strategic plan: the objective, activity and goal it serves.
    objective = models.ForeignKey(
        "plan.OperationalObjective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("objective of the plan"),
    )
    activity = models.ForeignKey(
        "plan.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("activity of the plan"),
    )
    goal = models.ForeignKey(
        "plan.Goal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("goal of the plan"),
    )
    justification_es = models.TextField(
        _("justification (Spanish)"),
        blank=True,
        help_text=_("Diagnosis and definition of the problem to solve."),
    )
    justification_en = models.TextField(
        _("justification (English)"),
        blank=True,
        help_text=_("Diagnosis and definition of the problem to solve."),
    )
    justification = Translated("justification", _("justification"))
    general_objective_es = models.TextField(_("general objective (Spanish)"), blank=True)
    general_objective_en = models.TextField(_("general objective (English)"), blank=True)
    general_objective = Translated("general_objective", _("general objective"))
    specific_objectives_es = models.TextField(_("specific objectives (Spanish)"), blank=True)
    specific_objectives_en = models.TextField(_("specific objectives (English)"), blank=True)
    specific_objectives = Translated("specific_objectives", _("specific objectives"))
    expected_products_es = models.TextField(
        _("expected outcomes or products (Spanish)"), blank=True
    )
    expected_products_en = models.TextField(
        _("expected outcomes or products (English)"), blank=True
    )
    expected_products = Translated("expected_products", _("expected outcomes or products"))
    # Resources and sustainability, split into financial, material and human.
    sustainability_es = models.TextField(
        _("institutional sustainability (Spanish)"),
        blank=True,
        help_text=_("How the results are kept once the project ends."),
    )
    sustainability_en = models.TextField(
        _("institutional sustainability (English)"),
        blank=True,
        help_text=_("How the results are kept once the project ends."),
    )
    sustainability = Translated("sustainability", _("institutional sustainability"))
    financial_resources_es = models.TextField(_("financial resources (Spanish)"), blank=True)
    financial_resources_en = models.TextField(_("financial resources (English)"), blank=True)
    financial_resources = Translated("financial_resources", _("financial resources"))
    material_resources_es = models.TextField(_("material resources (Spanish)"), blank=True)
    material_resources_en = models.TextField(_("material resources (English)"), blank=True)
    material_resources = Translated("material_resources", _("material resources"))
    human_resources_es = models.TextField(_("human resources (Spanish)"), blank=True)
    human_resources_en = models.TextField(_("human resources (English)"), blank=True)
    human_resources = Translated("human_resources", _("human resources"))
    associated_projects = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        verbose_name=_("associated projects"),
        help_text=_("Related projects and initiatives, existing, under way or past."),
    )
    # The approaches of section 2.3, the SDGs (checklist item 4), the areas of Chart 2.
    approaches = models.ManyToManyField(
        "plan.Approach", blank=True, related_name="projects", verbose_name=_("approaches applied")
    )
    sdg_goals = models.JSONField(
        _("Sustainable Development Goals"), default=list, blank=True, validators=[validate_goals]
    )
    sdg_targets = models.JSONField(
        _("Sustainable Development Goal targets"),
        default=list,
        blank=True,
        validators=[validate_targets],
    )
    areas = models.ManyToManyField(
        "directory.DirectoryTerm",
        blank=True,
        related_name="projects",
        limit_choices_to={"kind": "area"},
        verbose_name=_("work areas"),
    )
    kinds_sought = models.ManyToManyField(
        "directory.DirectoryTerm",
        blank=True,
        related_name="projects_seeking",
        limit_choices_to={"kind": "contribution"},
        verbose_name=_("kinds of contribution sought"),
    )
    # The lifecycle.
    state = models.CharField(
        _("state"), max_length=20, choices=ProjectState.choices, default=ProjectState.IDEA
    )
    # The state a suspended project resumes to.
    state_before_suspension = models.CharField(
        _("state before the suspension"),
        max_length=20,
        choices=ProjectState.choices,
        blank=True,
        editable=False,
    )
    # The version of the sheet: the checklist is answered and the sheet presented per version.
    sheet_version = models.PositiveSmallIntegerField(_("version of the sheet"), default=1)
    needs_review = models.BooleanField(
        _("to review"),
        default=False,
        help_text=_("Created from a name written in another record; complete and check it."),
    )

    access = Access(
        country_path="member_state",
        readers=INTERNAL,
        co_owners_path="member_states",
        transitions=(
            Transition(
                "draft_sheet",
                _("Record the technical sheet as drafted"),
                sources=(S.IDEA,),
                target=S.SHEET_DRAFTED,
                field="state",
            ),
            Transition(
                "pass_checklist",
                _("Record the checklist as passed"),
                sources=(S.SHEET_DRAFTED,),
                target=S.CHECKLIST_PASSED,
                field="state",
            ),
            Transition(
                "present",
                _("Record its presentation to partners"),
                sources=(S.CHECKLIST_PASSED,),
                target=S.PRESENTED,
                field="state",
            ),
            Transition(
                "negotiate",
                _("Start negotiating"),
                sources=(S.PRESENTED,),
                target=S.NEGOTIATING,
                field="state",
            ),
            Transition(
                "fund",
                _("Record its funding"),
                sources=(S.PRESENTED, S.NEGOTIATING),
                target=S.FUNDED,
                field="state",
            ),
            Transition(
                "execute",
                _("Start its execution"),
                sources=(S.FUNDED,),
                target=S.IN_EXECUTION,
                field="state",
            ),
            Transition(
                "complete",
                _("Mark as completed"),
                sources=(S.IN_EXECUTION,),
                target=S.COMPLETED,
                field="state",
            ),
            Transition(
                "reject",
                _("Record its rejection"),
                sources=tuple(OPEN_STATES),
                target=S.REJECTED,
                field="state",
                confirm=_("Record that this project was rejected? It leaves the open portfolio."),
            ),
            Transition(
                "withdraw",
                _("Withdraw"),
                sources=tuple(OPEN_STATES),
                target=S.WITHDRAWN,
                field="state",
                confirm=_("Withdraw this project? It leaves the open portfolio."),
            ),
            # Only the Presidency, with a plenary agreement: the suspension service takes
            # these steps (``portfolio/suspensions/``); the generic step page refuses them.
            Transition(
                "suspend",
                _("Suspend"),
                sources=tuple(SUSPENDABLE_STATES),
                target=S.SUSPENDED,
                field="state",
                roles=frozenset({Role.PRESIDENCY}),
                page="portfolio:suspension_add",
            ),
            Transition(
                "resume",
                _("Resume"),
                sources=(S.SUSPENDED,),
                target=S.IN_EXECUTION,
                field="state",
                roles=frozenset({Role.PRESIDENCY}),
                page="portfolio:suspension_resume",
            ),
        ),
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name_es", "pk"]
        indexes = [models.Index(fields=["state", "scope"], name="project_state_scope_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="portfolio_project_unique_code",
            )
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def countries(self) -> list[Any]:
        """The member states it runs in: its own for a national project, those named for a
        regional one."""
        if self.scope == Scope.NATIONAL:
            return [self.member_state] if self.member_state_id else []
        return list(self.member_states.all())

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def before_transition(self, user: Any, transition: Transition, context: dict) -> None:
        """Rules of the lifecycle that need more than the state: a suspension needs the
        plenary's agreement (given by the suspension service); presenting a project needs
        its sheet and checklist (``checklist/rules.py``)."""
        super().before_transition(user, transition, context)
        from mobiliza.portfolio.checklist.rules import refuse_unready

        refuse_unready(self, transition)

    def compute_derived(self) -> None:
        from mobiliza.core.money import MissingRate, convert

        if self.start_on and self.end_on and not self.duration_months:
            self.duration_months = months_between(self.start_on, self.end_on)
        self.amount_reporting = None
        if self.amount is not None and self.currency:
            try:
                conversion = convert(self.amount, self.currency, timezone.localdate())
            except MissingRate:
                pass
            else:
                self.amount_reporting = conversion.rounded

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.scope == Scope.NATIONAL and not self.member_state_id:
            errors["member_state"] = _("Say which member state a national project belongs to.")
        if self.scope == Scope.REGIONAL and self.member_state_id:
            errors["member_state"] = _(
                "A regional project belongs to the region: name its member states among "
                "those taking part instead."
            )
        if (self.amount is not None or self.overall_cost is not None) and not self.currency:
            errors["currency"] = _("Say in which currency the amount is.")
        for name in ("amount", "overall_cost"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("An amount cannot be negative.")
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("The project cannot end before it starts.")
        if self.start_on and self.end_on and self.duration_months:
            expected = months_between(self.start_on, self.end_on)
            if abs(expected - self.duration_months) > 1:
                errors["duration_months"] = _(
                    "From %(start)s to %(end)s is about %(months)s months, not %(given)s."
                ) % {
                    "start": self.start_on,
                    "end": self.end_on,
                    "months": expected,
                    "given": self.duration_months,
                }
        activity, goal = self.activity, self.goal
        if (
            activity is not None
            and self.objective_id
            and activity.objective_id != self.objective_id
        ):
            errors["activity"] = _("This activity belongs to another objective of the plan.")
        if goal is not None and self.objective_id and goal.objective_id != self.objective_id:
            errors["goal"] = _("This goal belongs to another objective of the plan.")
        if isinstance(self.sdg_targets, list) and isinstance(self.sdg_goals, list):
            goals = set(self.sdg_goals)
            for code in self.sdg_targets:
                if isinstance(code, str) and code.split(".")[0].isdigit():
                    goals.add(int(code.split(".")[0]))
            self.sdg_goals = sorted(goals)
        if errors:
            raise ValidationError(errors)

    def clean_links(self, links: dict[str, list[Any]]) -> None:
        errors: dict[str, Any] = {}
        if self.scope == Scope.NATIONAL and links.get("member_states"):
            others = [s for s in links["member_states"] if s.pk != self.member_state_id]
            if others:
                errors["member_states"] = _(
                    "A national project runs in its own member state only; make it regional "
                    "to name others."
                )
        if self.pk and any(p.pk == self.pk for p in links.get("associated_projects", [])):
            errors["associated_projects"] = _("A project cannot be associated with itself.")
        for name, kind in (("areas", "area"), ("kinds_sought", "contribution")):
            if any(term.kind != kind for term in links.get(name, [])):
                errors[name] = _("Choose from the list of Chart 2.")
        if errors:
            raise ValidationError(errors)


# Every field of a project, in the order of the two templates of appendix 8.3: the sheet
# of initiatives and projects (A–H), then the CORETT technical sheet. The form, the API,
# the detail page and the spreadsheets read their names from it; the detail page shows
# the narrative texts and the many-to-many links in the sheet's sections of its own.
PROJECT_FIELDS = FieldList(
    F("kind"),
    # A–H
    F("name", translated=True, detail=False),
    F("axes", detail=False),
    F("scope"),
    F("member_state", detail=False),
    F("member_states", detail=False),
    F("executing_partner"),
    F("executing_body"),
    F("executing_institution"),
    F("partners", detail=False),
    F("beneficiaries", translated=True),
    F("amount"),
    F("currency"),
    F("amount_reporting", form=False),
    F("start_on"),
    F("end_on"),
    F("duration_months"),
    F("description", translated=True),
    F("expected_outcome", translated=True),
    # The CORETT technical sheet.
    F("proposer_name"),
    F("proposer_legal_id"),
    F("proposer_constituted_on"),
    F("proposer_address"),
    F("proposer_phone"),
    F("proposer_email"),
    F("legal_representative"),
    F("project_responsible"),
    F("location", translated=True),
    F("objective"),
    F("activity"),
    F("goal"),
    F("justification", translated=True),
    F("general_objective", translated=True),
    F("specific_objectives", translated=True),
    F("expected_products", translated=True),
    F("sustainability", translated=True),
    F("financial_resources", translated=True),
    F("material_resources", translated=True),
    F("human_resources", translated=True),
    F("associated_projects", detail=False),
    F("overall_cost"),
    F("approaches", detail=False),
    F("sdg_goals", detail=False),
    F("sdg_targets", detail=False),
    F("areas", detail=False),
    F("kinds_sought", detail=False),
    # The lifecycle: the state moves through the steps, the sheet's version with the sheet.
    F("state", form=False),
    F("sheet_version", form=False),
    F("needs_review"),
    F("code", form=False),
)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end``, counting a started month (at least 1)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day >= start.day:
        months += 1 if end.day > start.day else 0
    return max(months, 1)


class ProjectFinancing(BusinessModel):
    """One line of a project's financing: its source (the sheet's X), the donor and amount."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="financing", verbose_name=_("project")
    )
    source = models.CharField(_("source"), max_length=20, choices=FinancingSource.choices)
    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_financing",
        verbose_name=_("donor or partner"),
    )
    amount = MoneyField(_("amount"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    confirmed = models.BooleanField(
        pgettext_lazy("financing", "confirmed"),
        default=False,
        help_text=_("The donor has committed it; otherwise it is still sought."),
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    amount_reporting = MoneyField(
        _("amount in the reporting currency"), null=True, blank=True, editable=False
    )

    access = Access(country_path="project__member_state", readers=INTERNAL, parents=("project",))

    class Meta:
        verbose_name = _("financing line")
        verbose_name_plural = _("financing")
        ordering = ["project", "source", "pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.partner or ''}".strip(": ")

    def compute_derived(self) -> None:
        """The line's amount in the reporting currency, at today's rate (as the project's)."""
        from mobiliza.core.money import MissingRate, convert

        self.amount_reporting = None
        if self.amount is not None and self.currency:
            try:
                conversion = convert(self.amount, self.currency, timezone.localdate())
            except MissingRate:
                pass
            else:
                self.amount_reporting = conversion.rounded

    def clean(self) -> None:
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Say in which currency the amount is.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("An amount cannot be negative.")})


# The parts' records (see the module's docstring).
from mobiliza.portfolio.checklist.models import *  # noqa: E402,F403
from mobiliza.portfolio.consultancies.models import *  # noqa: E402,F403
from mobiliza.portfolio.sheets.models import *  # noqa: E402,F403
from mobiliza.portfolio.suspensions.models import *  # noqa: E402,F403
