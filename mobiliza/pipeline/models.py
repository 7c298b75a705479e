"""The mobilization pipeline: opportunities moving through the five steps of section 3.3,
the actions each step lists, and the interactions with partners along the way."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mobiliza.core.currencies import validate_currency
from mobiliza.core.fieldlists import F, FieldList
from mobiliza.core.models import BusinessModel, Translated
from mobiliza.core.money import MoneyField
from mobiliza.core.permissions import INTERNAL, Access
from mobiliza.core.uploads import DOCUMENT_HELP, CleanName, validate_document
from mobiliza.pipeline.choices import InteractionKind, LossReason, Outcome

# An opportunity's fields once, in the order the pages present them: the form, the API
# and the detail page read their names from here (``mobiliza/core/fieldlists.py``). The
# outcome of a close is written by the close action only; the money has its own section.
OPPORTUNITY_FIELDS = FieldList(
    F("title"),
    F("partner"),
    F("project"),
    F("funding_call"),
    F("axis"),
    F("resource_kind"),
    F("member_state"),
    F("step"),
    F("outcome", form=False),
    F("closed_on", form=False),
    F("loss_reason", form=False),
    F("loss_notes", form=False),
    F("expected_amount", detail=False),
    F("currency", detail=False),
    F("expected_amount_reporting", form=False, detail=False),
    F("probability"),
    F("expected_decision_on"),
    F("owner"),
    F("next_action"),
    F("next_action_on"),
    F("negotiated_terms", translated=True),
    # Shown in its own section, to those who may read it.
    F("confidential_notes", detail=False),
)


# Who took part and which contacts are shown in sections of the interaction's page.
INTERACTION_FIELDS = FieldList(
    F("kind"),
    F("occurred_on"),
    F("subject"),
    F("partner"),
    F("opportunity"),
    F("member_state"),
    F("users", detail=False),
    F("contacts", detail=False),
    F("notes"),
    F("follow_up_on"),
    F("follow_up_action"),
)


class Opportunity(BusinessModel):
    """A chance to mobilize resources from one partner, moved through the five steps."""

    title = models.CharField(_("title"), max_length=300)
    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("partner"),
    )
    project = models.ForeignKey(
        "portfolio.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("project or initiative"),
        help_text=_("The project or initiative of the portfolio the resources are sought for."),
    )
    funding_call = models.ForeignKey(
        "directory.FundingCall",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("funding call"),
    )
    axis = models.ForeignKey(
        "plan.StrategicAxis",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("strategic axis"),
    )
    resource_kind = models.ForeignKey(
        "plan.ResourceKind",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("kind of resource sought"),
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("member state"),
        help_text=_("Empty for a regional opportunity; a focal point edits its own country's."),
    )
    expected_amount = MoneyField(_("expected amount"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    # The expected amount in the reporting currency at the latest rate, kept by the services
    # so the board adds columns up in SQL; empty when the currency has no rate yet.
    expected_amount_reporting = MoneyField(
        _("expected amount in the reporting currency"), null=True, blank=True, editable=False
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    expected_decision_on = models.DateField(_("expected decision date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_opportunities",
        verbose_name=_("owner"),
    )
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_action_on = models.DateField(_("next action date"), null=True, blank=True)
    step = models.ForeignKey(
        "plan.MobilizationStep",
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("step"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    loss_reason = models.CharField(
        _("reason for losing"), max_length=20, choices=LossReason.choices, blank=True
    )
    loss_notes = models.TextField(_("about the loss"), blank=True)
    negotiated_terms_es = models.TextField(_("negotiated terms (Spanish)"), blank=True)
    negotiated_terms_en = models.TextField(_("negotiated terms (English)"), blank=True)
    negotiated_terms = Translated("negotiated_terms", _("negotiated terms"))
    confidential_notes = models.TextField(
        _("confidential negotiation notes"),
        blank=True,
        help_text=_("Hidden from evaluators, partners and other countries."),
    )

    access = Access(
        country_path="member_state", readers=INTERNAL, confidential=("confidential_notes",)
    )

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["outcome", "step"], name="opportunity_board_idx"),
            models.Index(fields=["next_action_on"], name="opportunity_next_action_idx"),
            # A step's most urgent cards are read along this index (the board).
            models.Index(
                fields=["step", "outcome", "next_action_on", "title", "id"],
                name="opportunity_card_idx",
            ),
            # The latest change tells whether the board's cached totals are fresh.
            models.Index(fields=["updated_at"], name="opportunity_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__lte=100), name="opportunity_probability_percent"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """The next action's date has passed while the opportunity is still open."""
        return (
            self.outcome == Outcome.OPEN
            and self.next_action_on is not None
            and self.next_action_on < timezone.localdate()
        )

    @property
    def is_closed(self) -> bool:
        return self.outcome != Outcome.OPEN

    def after_change(self, user: Any) -> None:
        from mobiliza.pipeline.services import opportunity_followed

        opportunity_followed(opportunity=self, user=user)

    def compute_derived(self) -> None:
        from mobiliza.core.money import MissingRate, convert

        if self.funding_call_id and not self.partner_id:
            self.partner_id = self.funding_call.partner_id  # type: ignore[union-attr]
        self.expected_amount_reporting = None
        if self.expected_amount is not None and self.currency:
            try:
                conversion = convert(self.expected_amount, self.currency, timezone.localdate())
            except MissingRate:
                pass  # shown on the card as "no exchange rate"; the board leaves it out
            else:
                self.expected_amount_reporting = conversion.rounded

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.expected_amount is not None:
            if self.expected_amount < 0:
                errors["expected_amount"] = _("The expected amount cannot be negative.")
            if not self.currency:
                errors["currency"] = _("Say in which currency the expected amount is.")
        if self.outcome == Outcome.LOST and not self.loss_reason:
            errors["loss_reason"] = _("Say why the opportunity was lost.")
        if self.outcome != Outcome.LOST and self.loss_reason:
            errors["loss_reason"] = _("Only a lost opportunity has a reason for losing.")
        if (
            self.funding_call_id
            and self.partner_id
            and self.funding_call.partner_id != self.partner_id  # type: ignore[union-attr]
        ):
            errors["funding_call"] = _("The call belongs to another partner.")
        if errors:
            raise ValidationError(errors)


class StageChange(models.Model):
    """One move of an opportunity: into a step, or closed as won or lost. Never edited."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        verbose_name=_("opportunity"),
    )
    step = models.ForeignKey(
        "plan.MobilizationStep",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("step"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    moved_at = models.DateTimeField(_("moved at"), default=timezone.now)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )

    access = Access(
        country_path="opportunity__member_state", readers=INTERNAL, parents=("opportunity",)
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["opportunity", "moved_at", "pk"]
        indexes = [models.Index(fields=["opportunity", "moved_at"], name="stage_change_idx")]

    def __str__(self) -> str:
        return f"{self.opportunity} → {self.step} ({self.get_outcome_display()})"


class ActionDone(models.Model):
    """A ticked action of a step's checklist for one opportunity."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="actions_done",
        verbose_name=_("opportunity"),
    )
    action = models.ForeignKey(
        "plan.StepAction", on_delete=models.CASCADE, related_name="+", verbose_name=_("action")
    )
    done_at = models.DateTimeField(_("done at"), default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )

    # Unticking deletes the row; the history keeps who ticked and unticked it, and when.
    history = HistoricalRecords()

    access = Access(
        country_path="opportunity__member_state", readers=INTERNAL, parents=("opportunity",)
    )

    class Meta:
        verbose_name = _("action done")
        verbose_name_plural = _("actions done")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "action"], name="action_done_once")
        ]

    def __str__(self) -> str:
        return str(self.action)


class Interaction(BusinessModel):
    """A meeting, forum, workshop, call, e-mail, technical assistance or material presented."""

    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name=_("partner"),
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("opportunity"),
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("member state"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"), default=datetime.date.today)
    subject = models.CharField(_("subject"), max_length=300)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="interactions",
        verbose_name=_("participants from the coalition"),
    )
    contacts = models.ManyToManyField(
        "directory.Contact",
        blank=True,
        related_name="interactions",
        verbose_name=_("participants from the partner"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # What was agreed to do next; it becomes a task of whoever recorded the interaction.
    follow_up_on = models.DateField(
        _("follow up on"),
        null=True,
        blank=True,
        help_text=_("The day to follow up; it becomes a task in “My tasks”."),
    )
    follow_up_action = models.CharField(
        _("follow-up action"),
        max_length=300,
        blank=True,
        help_text=_("What to do then (send the proposal, call back...)."),
    )

    access = Access(
        country_path="member_state",
        readers=INTERNAL,
        parents=("opportunity",),
        # What was said in a meeting with a partner is a negotiation note.
        confidential=("notes",),
    )

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["partner", "-occurred_on"], name="interaction_partner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def compute_derived(self) -> None:
        # An interaction about an opportunity belongs to the opportunity's partner (when none
        # is given; clean() refuses another one) and country.
        if self.opportunity_id:
            opportunity = self.opportunity
            assert opportunity is not None
            if not self.partner_id:
                self.partner_id = opportunity.partner_id
            self.member_state_id = opportunity.member_state_id

    def after_create(self, user: Any) -> None:
        from mobiliza.pipeline.services import interaction_followed

        interaction_followed(self, user, created=True)

    def after_change(self, user: Any) -> None:
        from mobiliza.pipeline.services import interaction_followed

        interaction_followed(self, user, created=False)

    def follow_opportunity(self) -> None:
        """Take the opportunity's partner and country again, after the opportunity changed."""
        if self.opportunity_id:
            self.partner_id = None  # type: ignore[assignment]
        self.compute_derived()

    def _partner_id(self) -> int | None:
        """The partner it is with: its own, or its opportunity's before compute_derived."""
        if self.partner_id:
            return self.partner_id
        if self.opportunity_id:
            return self.opportunity.partner_id  # type: ignore[union-attr]
        return None

    def clean_fields(self, exclude: Any = None) -> None:
        if not self.partner_id and not self.opportunity_id:
            # clean() says it in words the user can act on, not "cannot be null".
            exclude = {*(exclude or ()), "partner"}
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        opportunity = self.opportunity if self.opportunity_id else None
        if opportunity is not None and self.partner_id:
            if self.partner_id != opportunity.partner_id:
                errors["partner"] = _("The opportunity is with another partner.")
        elif not self.partner_id and opportunity is None:
            errors["partner"] = _("Choose the partner, or the opportunity it is about.")
        if errors:
            raise ValidationError(errors)

    def clean_links(self, links: Mapping[str, list[Any]]) -> None:
        """The people of the partner who took part work for that partner."""
        partner_id = self._partner_id()
        if partner_id is None:
            return
        strangers = [c for c in links["contacts"] if c.partner_id != partner_id]
        if strangers:
            raise ValidationError(
                {
                    "contacts": ValidationError(
                        _("%(names)s work for another partner."),
                        params={"names": ", ".join(c.full_name for c in strangers)},
                    )
                }
            )


class InteractionAttachment(BusinessModel):
    """A document of an interaction: minutes, a presentation, the material presented."""

    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("interaction"),
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=CleanName("interactions/%Y/"),
        validators=[validate_document],
        help_text=DOCUMENT_HELP,
    )

    access = Access(
        country_path="interaction__member_state", readers=INTERNAL, parents=("interaction",)
    )

    class Meta:
        verbose_name = _("interaction document")
        verbose_name_plural = _("interaction documents")
        ordering = ["interaction", "title"]

    def __str__(self) -> str:
        return self.title
