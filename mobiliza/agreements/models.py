"""Agreements signed with partners, the contributions they bring (Chart 1's three kinds), and
what the coalition owes its donors in return: acknowledgements and reports."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    ContributionStatus,
    DueStatus,
    ObligationKind,
    OwnContributionMechanism,
    Recurrence,
    ResourcesManagedBy,
)
from mobiliza.core.currencies import validate_currency
from mobiliza.core.fieldlists import F, FieldList
from mobiliza.core.models import BusinessModel, Translated
from mobiliza.core.money import MoneyField, RateField, check_places, format_money
from mobiliza.core.permissions import INTERNAL, MANAGERS, Access, Transition
from mobiliza.core.roles import Role
from mobiliza.core.uploads import DOCUMENT_HELP, CleanName, validate_document
from mobiliza.core.validators import validate_business_date

WITH_PARTNERS = INTERNAL | {"partner_viewer"}

# Codes of Chart 1's kinds in the coalition's configuration.
FINANCIAL, HUMAN, GOODS_SERVICES = "financial", "human", "goods-services"

# The fields that only make sense for one kind of resource (Chart 1).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    HUMAN: ("people", "person_months", "role"),
    GOODS_SERVICES: ("quantity", "unit"),
}
# The fields of a member state's own contribution (section 3.2.1).
OWN_FIELDS = ("mechanism", "operating_plan_year")


# --- suspension by the Presidency, with the plenary's agreement --------------------------

# The page of the portfolio that takes these steps with the plenary's agreement; the
# record's page links to it (``Transition.page``), as a URL name: no import of the app.
SUSPENSION_PAGE = "portfolio:suspension_add"
RESUMPTION_PAGE = "portfolio:suspension_resume"
PRESIDENCY = frozenset({Role.PRESIDENCY})


def suspension_steps(sources: tuple[str, ...], suspended: str) -> tuple[Transition, Transition]:
    """The ``suspend`` and ``resume`` steps of a record the Presidency may suspend.

    The resource-management rules of the strategy: "The Presidency with the common
    agreement of the Plenary of the Regional Coalition may request the partner or donor to
    suspend the project, agreement or arrangement when there is any risk or damage to the
    target beneficiary population." The record's ``before_transition`` refuses both steps
    without that agreement, which only the suspension service passes.
    """
    return (
        Transition(
            "suspend",
            _("Suspend"),
            sources=sources,
            target=suspended,
            roles=PRESIDENCY,
            page=SUSPENSION_PAGE,
        ),
        Transition(
            "resume",
            _("Resume"),
            sources=(suspended,),
            # Where it was: ``transition_target`` reads ``status_before_suspension``.
            target=sources[-1],
            roles=PRESIDENCY,
            page=RESUMPTION_PAGE,
        ),
    )


class SuspendedByPlenary:
    """A record the Presidency may suspend and resume with the plenary's agreement: an
    agreement, a contribution, and the portfolio's projects.

    The steps themselves are declared in the model's ``Access`` (:func:`suspension_steps`);
    the suspension, its grounds, the meeting agreement and who was told are kept by the
    portfolio's suspensions, which call these hooks through ``record_transition``. The
    model keeps the state it was suspended from in ``<field>_before_suspension`` (the
    field its steps move: ``status_before_suspension``, a project's
    ``state_before_suspension``).
    """

    def transition_target(self, transition: Transition) -> str:
        """A suspended record resumes in the state it was suspended from."""
        before = getattr(self, f"{transition.field}_before_suspension", "")
        if transition.name == "resume" and before:
            return str(before)
        return transition.target

    def before_transition(self, user: Any, transition: Transition, context: dict) -> None:
        if transition.name not in ("suspend", "resume"):
            return
        if not context.get("plenary_agreement"):
            raise ValidationError(
                _(
                    "A suspension or its end needs the plenary's agreement, recorded as a "
                    "meeting agreement: use “Suspend” on the record's page."
                )
            )
        if transition.name == "suspend":
            setattr(self, f"{transition.field}_before_suspension", getattr(self, transition.field))


def _status_before_suspension() -> models.CharField:
    return models.CharField(
        _("status before the suspension"), max_length=20, blank=True, editable=False
    )


# Each model's fields once, in the order the pages present them: the form, the API and
# the detail page read their names from here (``mobiliza/core/fieldlists.py``). The
# detail page shows the title as its heading and the parties, texts and money in
# sections of their own.
AGREEMENT_FIELDS = FieldList(
    F("kind"),
    F("title", detail=False),
    F("reference"),
    F("status"),
    F("partner", detail=False),
    F("other_partners", detail=False),
    F("coalition_is_party", detail=False),
    F("member_states", detail=False),
    F("member_state", detail=False),
    F("signed_on"),
    F("starts_on"),
    F("ends_on"),
    F("opportunity"),
    F("project"),
    F("objectives", translated=True, detail=False),
    F("coalition_obligations", translated=True, detail=False),
    F("partner_obligations", translated=True, detail=False),
    F("member_state_obligations", translated=True, detail=False),
    F("committed_amount", detail=False),
    F("currency", detail=False),
    F("financing_terms", translated=True, detail=False),
    F("resources_managed_by", detail=False),
    F("axes", detail=False),
)

# The description is the detail page's heading; the amounts and their conversion have
# a section of their own; the rate and the reporting amount are worked out, not entered.
CONTRIBUTION_FIELDS = FieldList(
    F("kind"),
    F("category"),
    F("description", translated=True, detail=False),
    F("partner"),
    F("agreement"),
    F("opportunity"),
    F("member_state"),
    F("is_own_contribution", detail=False),
    F("mechanism", detail=False),
    F("operating_plan_year", detail=False),
    F("project"),
    F("axis"),
    F("people", detail=False),
    F("person_months", detail=False),
    F("role", detail=False),
    F("quantity", detail=False),
    F("unit", detail=False),
    F("amount", detail=False),
    F("currency", detail=False),
    F("value_date", detail=False),
    F("amount_reporting", form=False, detail=False),
    F("reporting_currency", form=False, detail=False),
    F("rate", form=False, detail=False),
    F("rate_date", form=False, detail=False),
    F("status"),
    F("pledged_on"),
    F("committed_on"),
    F("received_on"),
    F("notes", translated=True),
)


# A reporting obligation's partner and member state are copied from its agreement or
# opportunity (``compute_derived``), so the form does not ask for them.
OBLIGATION_FIELDS = FieldList(
    F("kind"),
    F("title"),
    F("agreement"),
    F("opportunity"),
    F("partner", form=False),
    F("member_state", form=False),
    F("recurrence"),
    F("first_due_on"),
    F("repeat_until"),
    F("responsible"),
    F("remind_days_before"),
    F("notes"),
)


class Agreement(SuspendedByPlenary, BusinessModel):
    """A memorandum, letter or agreement signed with one or more partners."""

    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partner"),
        help_text=_("The main partner or donor that signs."),
    )
    other_partners = models.ManyToManyField(
        "directory.Partner",
        blank=True,
        related_name="co_signed_agreements",
        verbose_name=_("other partners that sign"),
    )
    coalition_is_party = models.BooleanField(_("the coalition signs"), default=True)
    member_states = models.ManyToManyField(
        "coalition.MemberState",
        blank=True,
        related_name="agreements_signed",
        verbose_name=_("member states that sign"),
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("responsible member state"),
        help_text=_("Empty for a regional agreement; a focal point edits its own country's."),
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("opportunity"),
    )
    project = models.ForeignKey(
        "portfolio.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("project or initiative"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    status_before_suspension = _status_before_suspension()
    signed_on = models.DateField(_("signature date"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # The narrative of the agreement, in both languages (read through ``Translated``).
    objectives_es = models.TextField(_("common objectives (Spanish)"), blank=True)
    objectives_en = models.TextField(_("common objectives (English)"), blank=True)
    objectives = Translated("objectives", _("common objectives"))
    coalition_obligations_es = models.TextField(
        _("obligations of the coalition (Spanish)"), blank=True
    )
    coalition_obligations_en = models.TextField(
        _("obligations of the coalition (English)"), blank=True
    )
    coalition_obligations = Translated("coalition_obligations", _("obligations of the coalition"))
    partner_obligations_es = models.TextField(
        _("obligations of the partners (Spanish)"), blank=True
    )
    partner_obligations_en = models.TextField(
        _("obligations of the partners (English)"), blank=True
    )
    partner_obligations = Translated("partner_obligations", _("obligations of the partners"))
    member_state_obligations_es = models.TextField(
        _("obligations of the member states (Spanish)"), blank=True
    )
    member_state_obligations_en = models.TextField(
        _("obligations of the member states (English)"), blank=True
    )
    member_state_obligations = Translated(
        "member_state_obligations", _("obligations of the member states")
    )
    committed_amount = MoneyField(_("financing committed"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    financing_terms_es = models.TextField(_("financing commitments (Spanish)"), blank=True)
    financing_terms_en = models.TextField(_("financing commitments (English)"), blank=True)
    financing_terms = Translated("financing_terms", _("financing commitments"))
    resources_managed_by = models.CharField(
        _("resources are managed by"),
        max_length=20,
        choices=ResourcesManagedBy.choices,
        blank=True,
        help_text=_("Appendix 8.4, “Resources management”."),
    )
    axes = models.ManyToManyField(
        "plan.StrategicAxis",
        blank=True,
        related_name="agreements",
        verbose_name=_("strategic axes"),
    )

    access = Access(
        country_path="member_state",
        readers=WITH_PARTNERS,
        partner_path="partner",
        # The signatory states own it with the responsible one: their focal points edit it.
        co_owners_path="member_states",
        transitions=(
            Transition(
                "negotiate",
                _("Start negotiating"),
                sources=(AgreementStatus.DRAFT,),
                target=AgreementStatus.NEGOTIATION,
            ),
            Transition(
                "sign",
                _("Record the signature"),
                sources=(AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION),
                target=AgreementStatus.SIGNED,
                date_field="signed_on",
            ),
            Transition(
                "enter_into_force",
                _("Put into force"),
                sources=(AgreementStatus.SIGNED,),
                target=AgreementStatus.IN_FORCE,
            ),
            Transition(
                "expire",
                _("Mark as expired"),
                sources=(AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
                target=AgreementStatus.EXPIRED,
            ),
            # Ending an agreement early is a decision of the coalition's management.
            Transition(
                "terminate",
                _("Terminate"),
                sources=(AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
                target=AgreementStatus.TERMINATED,
                roles=MANAGERS,
                confirm=_("Terminate this agreement before its end? This is recorded."),
            ),
            # Only the Presidency, with the plenary's agreement (``portfolio.suspensions``).
            *suspension_steps(
                (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE), AgreementStatus.SUSPENDED
            ),
        ),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "-signed_on"], name="agreement_status_idx"),
            # The list's default order: its first page is read along this index.
            models.Index(fields=["-signed_on", "-id"], name="agreement_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def after_change(self, user: Any) -> None:
        from mobiliza.agreements.services import follow_source

        follow_source(self, user)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("An agreement cannot end before it starts.")
        if self.status in (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE) and not self.signed_on:
            errors["signed_on"] = _("A signed agreement needs its signature date.")
        if self.committed_amount is not None:
            if self.committed_amount < 0:
                errors["committed_amount"] = _("The amount cannot be negative.")
            elif not self.currency:
                errors["currency"] = _("Say in which currency the amount is.")
            else:
                try:
                    check_places(self.committed_amount, self.currency)
                except ValidationError as error:
                    errors["committed_amount"] = error
        if errors:
            raise ValidationError(errors)

    def clean_links(self, links: Mapping[str, list[Any]]) -> None:
        """The co-signers, as they will be once saved (see ``core.services.clean_links``)."""
        if self.partner_id and any(p.pk == self.partner_id for p in links["other_partners"]):
            raise ValidationError(
                {"other_partners": _("The main partner is already a party; do not list it twice.")}
            )


class AgreementDocument(BusinessModel):
    """A signed copy, annex or amendment of an agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=CleanName("agreements/%Y/"),
        validators=[validate_document],
        help_text=DOCUMENT_HELP,
    )

    access = Access(
        country_path="agreement__member_state",
        readers=WITH_PARTNERS,
        partner_path="agreement__partner",
        parents=("agreement",),
    )

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "title"]

    def __str__(self) -> str:
        return self.title


class Contribution(SuspendedByPlenary, BusinessModel):
    """Resources a partner or a member state contributes: money, people, or goods and services.

    Every kind carries a value in money (``amount`` in ``currency``); the services convert
    it to the reporting currency at the rate of ``value_date`` and keep the result, the
    rate and the rate's date, so totals are sums of stored, rounded amounts.

    A partner's contribution agreed under an agreement or an opportunity is the
    "arrangement" of the strategy's resource-management rules: what a partner or donor
    has arranged to give, short of a signed agreement (or under one). The Presidency may
    suspend it, with the plenary's agreement, while it is pledged or committed.
    """

    kind = models.ForeignKey(
        "plan.ResourceKind",
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("kind of resource"),
    )
    category = models.ForeignKey(
        "plan.ResourceCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("category"),
    )
    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("partner"),
        help_text=_("Who contributes; leave empty for a member state's own contribution."),
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("member state"),
        help_text=_("The country that contributes or benefits; empty for the region."),
    )
    is_own_contribution = models.BooleanField(
        _("the member state's own contribution"),
        default=False,
        help_text=_("Section 3.2.1: resources the country commits in its annual operating plan."),
    )
    mechanism = models.CharField(
        _("mechanism"),
        max_length=20,
        choices=OwnContributionMechanism.choices,
        blank=True,
        help_text=_("For a member state's own contribution."),
    )
    operating_plan_year = models.PositiveSmallIntegerField(
        _("year of the annual operating plan"), null=True, blank=True
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("agreement"),
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("opportunity"),
    )
    project = models.ForeignKey(
        "portfolio.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("project or initiative"),
    )
    axis = models.ForeignKey(
        "plan.StrategicAxis",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("strategic axis"),
    )
    # Required in Spanish, like a partner's name; the English text is optional.
    description_es = models.CharField(_("description (Spanish)"), max_length=500)
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)
    description = Translated("description", _("description"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContributionStatus.choices,
        default=ContributionStatus.PLEDGED,
    )
    status_before_suspension = _status_before_suspension()
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    # Human resources
    people = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    person_months = models.DecimalField(
        _("person-months"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    # Goods and services
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    # The amount, or the value in money of people, goods and services
    amount = MoneyField(_("amount or value"))
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    value_date = models.DateField(
        _("value date"),
        help_text=_(
            "The date whose exchange rate converts the amount: usually the day it was "
            "pledged or received. Without a rate that day, the latest earlier rate is used."
        ),
    )
    amount_reporting = MoneyField(
        _("amount in the reporting currency"), null=True, blank=True, editable=False
    )
    reporting_currency = models.CharField(
        _("reporting currency"), max_length=3, blank=True, editable=False
    )
    rate = RateField(_("exchange rate used"), null=True, blank=True, editable=False)
    rate_date = models.DateField(_("date of the rate used"), null=True, blank=True, editable=False)
    notes_es = models.TextField(_("notes (Spanish)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes = Translated("notes", _("notes"))

    access = Access(
        country_path="member_state",
        readers=WITH_PARTNERS,
        partner_path="partner",
        parents=("agreement", "opportunity"),
        internal=("notes",),
        transitions=(
            Transition(
                "commit",
                _("Record the commitment"),
                sources=(ContributionStatus.PLEDGED,),
                target=ContributionStatus.COMMITTED,
                date_field="committed_on",
            ),
            Transition(
                "receive",
                _("Record its receipt"),
                sources=(ContributionStatus.PLEDGED, ContributionStatus.COMMITTED),
                target=ContributionStatus.RECEIVED,
                date_field="received_on",
            ),
            # A contribution agreed with a partner under an agreement or an opportunity is
            # the "arrangement" the strategy lets the Presidency suspend: while it is
            # pledged or committed, resources are still to come.
            *suspension_steps(
                (ContributionStatus.PLEDGED, ContributionStatus.COMMITTED),
                ContributionStatus.SUSPENDED,
            ),
        ),
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-value_date", "-pk"]
        indexes = [
            models.Index(fields=["value_date"], name="contribution_value_date_idx"),
            models.Index(fields=["kind", "status"], name="contribution_kind_idx"),
            # The latest change is read on every totals page to know if its cache is fresh.
            models.Index(fields=["updated_at"], name="contribution_updated_idx"),
        ]

    def __str__(self) -> str:
        return str.__str__(self.description)

    def before_transition(self, user: Any, transition: Transition, context: dict) -> None:
        if transition.name == "suspend" and self.is_own_contribution:
            raise ValidationError(
                _(
                    "A member state's own contribution is no arrangement with a partner or "
                    "donor: it is not suspended this way."
                )
            )
        super().before_transition(user, transition, context)

    def compute_derived(self) -> None:
        from mobiliza.core.money import convert

        if self.agreement_id and not self.partner_id and not self.is_own_contribution:
            self.partner_id = self.agreement.partner_id  # type: ignore[union-attr]
        if self.amount is None or not self.currency or not self.value_date:
            return
        try:
            # Said before looking for a rate: "no rate in 0001" would hide the typing error.
            validate_business_date(self.value_date)
        except ValidationError as error:
            raise ValidationError({"value_date": error}) from None
        # Raises MissingRate (a ValidationError naming the currency and the date).
        try:
            conversion = convert(self.amount, self.currency, self.value_date)
        except ValidationError as error:
            raise ValidationError({"value_date": error}) from None
        self.amount_reporting = conversion.rounded
        self.reporting_currency = conversion.currency
        self.rate = conversion.rate
        self.rate_date = conversion.rate_date

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.category_id and self.kind_id and self.category.kind_id != self.kind_id:  # type: ignore[union-attr]
            errors["category"] = _("This category belongs to another kind of resource.")
        if self.is_own_contribution:
            if not self.member_state_id:
                errors["member_state"] = _("Say which member state contributes.")
        elif not self.partner_id and not self.agreement_id:
            # Under an agreement, the partner is the agreement's (compute_derived).
            errors["partner"] = _(
                "Say which partner contributes, or mark it as the member state's own contribution."
            )
        if self.is_own_contribution:
            if not self.mechanism:
                errors["mechanism"] = _(
                    "Say how the country contributes: sponsorship, agreement, programme or budget."
                )
        else:
            if self.mechanism:
                errors["mechanism"] = _("Only a member state's own contribution has a mechanism.")
            if self.operating_plan_year is not None:
                errors["operating_plan_year"] = _(
                    "Only a member state's own contribution belongs to an annual operating plan."
                )
        if self.amount is not None:
            if self.amount < 0:
                errors["amount"] = _("The amount cannot be negative.")
            elif self.currency:
                try:
                    check_places(self.amount, self.currency)
                except ValidationError as error:
                    errors["amount"] = error
        if self.status == ContributionStatus.RECEIVED and not self.received_on:
            errors["received_on"] = _("Say when it was received.")
        if self.status == ContributionStatus.COMMITTED and not self.committed_on:
            errors["committed_on"] = _("Say when it was committed.")
        if self.kind_id:
            kind = self.kind
            assert kind is not None
            if kind.code == HUMAN and not (self.people or self.person_months):
                errors["people"] = _("Say how many people or person-months are contributed.")
            if kind.code == GOODS_SERVICES and self.quantity is None:
                errors["quantity"] = _("Say what quantity is contributed.")
            if kind.code == FINANCIAL and not self.amount and "amount" not in errors:
                errors["amount"] = _("Say how much money is contributed.")
            errors.update(self._other_kinds_fields(kind))
        if errors:
            raise ValidationError(errors)

    def _other_kinds_fields(self, kind: Any) -> dict[str, Any]:
        """Fields of another kind of resource that carry a value: refused, not kept."""
        errors: dict[str, Any] = {}
        for code, names in KIND_FIELDS.items():
            if code == kind.code:
                continue
            for name in names:
                if getattr(self, name) in (None, ""):
                    continue
                other = kind._meta.model._default_manager.filter(code=code).first()
                errors[name] = _("Only for %(kind)s; leave it empty for %(this)s.") % {
                    "kind": other.name if other is not None else code,
                    "this": kind.name,
                }
        return errors

    @property
    def instalment_total(self) -> Decimal:
        return sum((i.amount for i in self.instalments.all()), Decimal(0))

    def received_amount(self) -> Decimal:
        """What has arrived: the instalments received, or the whole amount once received."""
        instalments = list(self.instalments.all())
        if instalments:
            return sum((i.amount for i in instalments if i.received_on), Decimal(0))
        return self.amount if self.status == ContributionStatus.RECEIVED else Decimal(0)

    def outstanding(self) -> Decimal:
        """What is still to arrive, in the contribution's own currency."""
        return self.amount - self.received_amount()

    def after_change(self, user: Any) -> None:
        # Its instalments keep their amounts converted at its rate (for the totals).
        from mobiliza.agreements.services import convert_instalments

        convert_instalments(Contribution.objects.filter(pk=self.pk), user=user)


def instalment_in_reporting(amount: Decimal, contribution: Contribution) -> Decimal | None:
    """An instalment's ``amount`` at its contribution's rate, rounded to the reporting
    currency's places (None while the contribution has no conversion)."""
    from mobiliza.core.money import multiply_exact, round_to_currency

    if contribution.rate is None or not contribution.reporting_currency:
        return None
    return round_to_currency(
        multiply_exact(Decimal(amount), contribution.rate), contribution.reporting_currency
    )


class Instalment(BusinessModel):
    """One payment of a pledge: due date, amount, and the date it was received."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("contribution"),
    )
    due_on = models.DateField(_("due on"))
    amount = MoneyField(_("amount"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    # The amount converted at its contribution's rate, in its reporting currency: the
    # resources-mobilized totals add up what has been received in SQL from it.
    amount_reporting = MoneyField(
        _("amount in the reporting currency"), null=True, blank=True, editable=False
    )

    access = Access(
        country_path="contribution__member_state",
        readers=WITH_PARTNERS,
        partner_path="contribution__partner",
        parents=("contribution",),
    )

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["contribution", "due_on", "pk"]

    def __str__(self) -> str:
        from django.utils.formats import date_format

        from mobiliza.core.money import format_money

        currency = self.contribution.currency if self.contribution_id else ""
        amount = format_money(self.amount, currency) if currency else str(self.amount)
        due = date_format(self.due_on, "SHORT_DATE_FORMAT") if self.due_on else "—"
        return f"{due}: {amount}"

    def compute_derived(self) -> None:
        self.amount_reporting = None
        if self.amount is None or not self.contribution_id:
            return
        self.amount_reporting = instalment_in_reporting(self.amount, self.contribution)

    def clean(self) -> None:
        if self.pk and self.contribution_id:
            stored = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values_list("contribution_id", flat=True)
                .first()
            )
            if stored is not None and stored != self.contribution_id:
                raise ValidationError(
                    {"contribution": _("An instalment cannot move to another contribution.")}
                )
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("An instalment must be more than zero.")})
        if self.amount is not None and self.contribution_id:
            contribution = self.contribution
            check_places(self.amount, contribution.currency)
            others = contribution.instalments.exclude(pk=self.pk).aggregate(
                total=models.Sum("amount")
            )["total"] or Decimal(0)
            if others + self.amount > contribution.amount:
                raise ValidationError(
                    {
                        "amount": _(
                            "The instalments would add up to more than the contribution "
                            "(%(total)s of %(amount)s)."
                        )
                        % {
                            "total": format_money(others + self.amount, contribution.currency),
                            "amount": format_money(contribution.amount, contribution.currency),
                        }
                    }
                )


class Acknowledgement(BusinessModel):
    """A letter thanking a partner for a contribution (step 4): when it was sent, and to whom."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("contribution"),
    )
    sent_on = models.DateField(_("sent on"), default=datetime.date.today)
    # CORETT/ST/2026/0012: numbered in the year it was sent, by letters.services.
    reference = models.CharField(
        _("reference number"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    city = models.CharField(
        _("city"),
        max_length=100,
        blank=True,
        help_text=_("Where the letter is dated, e.g. Ciudad de Guatemala."),
    )
    recipient = models.CharField(_("sent to"), max_length=300)
    recipient_email = models.EmailField(_("recipient's e-mail"), blank=True)
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acknowledgements",
        verbose_name=_("contact"),
    )
    language = models.CharField(
        _("language of the letter"),
        max_length=5,
        choices=[("es-en", _("Spanish and English")), ("es", _("Spanish")), ("en", _("English"))],
        default="es-en",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    access = Access(
        country_path="contribution__member_state",
        readers=WITH_PARTNERS,
        partner_path="contribution__partner",
        parents=("contribution",),
    )

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        if self.reference:
            return f"{self.reference}: {self.recipient}"
        return f"{self.sent_on}: {self.recipient}"


# Reports are owed under an agreement; letters of intent and applications go to a partner's
# call while the resources are still an opportunity.
AGREEMENT_KINDS = frozenset(
    {
        ObligationKind.NARRATIVE_REPORT,
        ObligationKind.FINANCIAL_REPORT,
        ObligationKind.PROGRESS_REPORT,
    }
)
OPPORTUNITY_KINDS = frozenset({ObligationKind.LETTER_OF_INTENT, ObligationKind.APPLICATION})


def default_remind_days() -> int:
    return settings.REMINDER_DAYS_BEFORE


class ReportingObligation(BusinessModel):
    """A report owed to a donor under an agreement, or a letter of intent or application
    due to a partner's call; once or recurring."""

    kind = models.CharField(_("kind"), max_length=30, choices=ObligationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("agreement"),
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("opportunity"),
    )
    # Copied from the agreement or the opportunity by the services, for scoping.
    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="obligations",
        verbose_name=_("partner"),
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="obligations",
        verbose_name=_("member state"),
    )
    recurrence = models.CharField(
        _("repeats"), max_length=20, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    first_due_on = models.DateField(_("first due date"))
    repeat_until = models.DateField(
        _("repeat until"),
        null=True,
        blank=True,
        help_text=_("Last possible due date; empty: until the agreement ends, or two years."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("responsible"),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before"), default=default_remind_days
    )
    notes = models.TextField(_("notes"), blank=True)

    access = Access(
        country_path="member_state",
        readers=WITH_PARTNERS,
        partner_path="partner",
        parents=("agreement", "opportunity"),
        # The person responsible for a report records its delivery, whatever their country.
        assignees_path="responsible",
        # The opportunity a report is owed under is the coalition's internal pipeline.
        internal=("notes", "opportunity", "responsible"),
    )

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["first_due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def compute_derived(self) -> None:
        source = self.agreement or self.opportunity
        if source is not None:
            self.partner_id = source.partner_id
            self.member_state_id = source.member_state_id

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.agreement_id and self.opportunity_id:
            errors["opportunity"] = _("Link it to an agreement or to an opportunity, not both.")
        elif self.kind in AGREEMENT_KINDS and not self.agreement_id:
            errors["agreement"] = _("A report is owed under an agreement: choose it.")
        elif self.kind in OPPORTUNITY_KINDS and not self.opportunity_id:
            errors["opportunity"] = _(
                "A letter of intent or an application belongs to an opportunity: choose it."
            )
        elif not self.agreement_id and not self.opportunity_id:
            errors["agreement"] = _("Link it to an agreement or to an opportunity (one of them).")
        if self.repeat_until and self.repeat_until < self.first_due_on:
            errors["repeat_until"] = _("The last date cannot be before the first.")
        if errors:
            raise ValidationError(errors)


class Deadline(BusinessModel):
    """One due date of an obligation, and what was delivered for it."""

    obligation = models.ForeignKey(
        ReportingObligation,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("obligation"),
    )
    due_on = models.DateField(_("due on"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    document = models.FileField(
        _("delivered document"),
        upload_to=CleanName("reports/%Y/"),
        blank=True,
        validators=[validate_document],
        help_text=DOCUMENT_HELP,
    )
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivered by"),
    )

    access = Access(
        country_path="obligation__member_state",
        readers=WITH_PARTNERS,
        partner_path="obligation__partner",
        parents=("obligation",),
    )

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "due_on"], name="deadline_once_per_day")
        ]
        indexes = [models.Index(fields=["due_on", "delivered_on"], name="deadline_due_idx")]

    def __str__(self) -> str:
        return f"{self.obligation} — {self.due_on}"

    def status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.delivered_on:
            return DueStatus.DELIVERED
        if self.due_on < today:
            return DueStatus.OVERDUE
        if (self.due_on - today).days <= self.obligation.remind_days_before:
            return DueStatus.DUE
        return DueStatus.UPCOMING

    def get_status_display(self) -> str:
        return str(DueStatus(self.status()).label)


class ReminderSent(models.Model):
    """A reminder e-mail that went out; the unique key makes sending it twice impossible."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("deadline")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=[("before", _("Before the due date")), ("overdue", _("Overdue"))],
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    access = Access()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "recipient", "kind"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.recipient} ({self.kind})"


class CalendarFeed(models.Model):
    """A user's secret address for subscribing to their deadlines from a calendar program."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("secret key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
