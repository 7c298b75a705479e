"""The directory of donors and partners: Chart 2's donor form plus what section 3.3.1
asks a coalition to know, with contacts, funding calls and attached documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from mobiliza.core.currencies import validate_currency
from mobiliza.core.fieldlists import F, FieldList
from mobiliza.core.models import BusinessModel, Translated
from mobiliza.core.permissions import INTERNAL, Access
from mobiliza.core.uploads import DOCUMENT_HELP, CleanName, validate_document
from mobiliza.directory.choices import (
    ArticleEn,
    ArticleEs,
    AttachmentKind,
    ProposalLanguage,
    RelationshipStatus,
    Salutation,
    Scope,
    TermKind,
)

EVERYONE_WITH_PARTNERS = INTERNAL | {"partner_viewer"}


# Chart 2 and section 3.3.1, in the order the pages present them: the form, the API,
# the detail page and the spreadsheets all read this list (see core.fieldlists).
PARTNER_FIELDS = FieldList(
    F("name_es"),
    F("name_en"),
    F("acronym"),
    # Guessed from the names when a spreadsheet creates a partner; set on the page.
    F("article_es", spreadsheet=False),
    F("article_en", spreadsheet=False),
    F("scope"),
    F("source_type"),
    F("status"),
    F("general_objective", translated=True),
    # The detail page shows the three check lists in a section of their own.
    F("areas", detail=False),
    F("other_areas"),
    F("contribution_kinds", detail=False),
    F("axes", detail=False),
    F("has_submission_requirements"),
    F("suitability_comments"),
    F("priority_areas"),
    F("policies"),
    F("budget_min"),
    F("budget_max"),
    F("budget_currency"),
    F("funding_cycle"),
    F("audit_rules"),
    F("accountability"),
    F("interests"),
    F("comparative_advantage"),
    F("track_record"),
    F("countries"),
    F("proposal_languages"),
    F("website"),
    # A spreadsheet cannot name a user reliably: the owner is chosen on the page.
    F("owner", spreadsheet=False),
    F("member_state"),
    # Shown in its own section, to those who may read it.
    F("confidential_notes", detail=False),
)

CONTACT_FIELDS = FieldList(
    F("partner"),
    F("salutation"),
    F("full_name"),
    F("title"),
    F("email"),
    F("phone"),
    F("language"),
    F("newsletter_consent"),
    F("is_active"),
    F("notes"),
)

FUNDING_CALL_FIELDS = FieldList(
    F("partner"),
    F("title"),
    F("areas", detail=False),
    F("eligible_countries", detail=False),
    F("amount_min"),
    F("amount_max"),
    F("currency"),
    F("opens_on"),
    F("closes_on"),
    F("url"),
    F("requirements"),
)

ATTACHMENT_FIELDS = FieldList(
    F("partner"),
    F("kind"),
    F("title"),
    F("file", detail=False),  # the detail page offers it as a download
    F("uploaded_by", form=False),  # set by the services: the user who uploads it
    F("created_at", form=False, api=False),
)


class DirectoryTerm(models.Model):
    """An item of Chart 2's check lists: an area a partner funds, or a kind of contribution."""

    kind = models.CharField(_("kind"), max_length=20, choices=TermKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    name = Translated("name", _("name"))

    access = Access(readers=EVERYONE_WITH_PARTNERS)

    class Meta:
        verbose_name = _("directory term")
        verbose_name_plural = _("directory terms")
        ordering = ["kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="directory_term_unique_code")
        ]

    def __str__(self) -> str:
        return str(self.name)


class Partner(BusinessModel):
    """A donor or partner: Chart 2 ("Donor form") and section 3.3.1 in full."""

    # Chart 2
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    acronym = models.CharField(_("initials or acronym"), max_length=40, blank=True)
    # How the name is written in a sentence ("agradecemos a la Oficina…", "we thank the
    # Office…"); guessed from the name when left empty (directory.wording).
    article_es = models.CharField(
        _("article of the Spanish name"),
        max_length=3,
        choices=ArticleEs.choices,
        blank=True,
        help_text=_(
            "How letters name it in a sentence: «agradecemos a la Oficina…», «al Fondo…». "
            "Guessed from the name when left empty."
        ),
    )
    article_en = models.CharField(
        _("article of the English name"),
        max_length=3,
        choices=ArticleEn.choices,
        blank=True,
        help_text=_(
            "Whether letters write “the” before it: “we thank the United Nations Office…”. "
            "Guessed from the name when left empty."
        ),
    )
    scope = models.CharField(
        _("regional or extra-regional"), max_length=20, choices=Scope.choices, blank=True
    )
    general_objective_es = models.TextField(_("general objective (Spanish)"), blank=True)
    general_objective_en = models.TextField(_("general objective (English)"), blank=True)
    areas = models.ManyToManyField(
        DirectoryTerm,
        blank=True,
        related_name="partners_by_area",
        limit_choices_to={"kind": TermKind.AREA},
        verbose_name=_("provides resources in the areas of"),
    )
    other_areas = models.CharField(_("other areas"), max_length=300, blank=True)
    contribution_kinds = models.ManyToManyField(
        DirectoryTerm,
        blank=True,
        related_name="partners_by_contribution",
        limit_choices_to={"kind": TermKind.CONTRIBUTION},
        verbose_name=_("kinds of contribution"),
    )
    has_submission_requirements = models.BooleanField(
        _("has forms and requirements for submitting projects"), null=True, blank=True
    )
    suitability_comments = models.TextField(_("comments on its suitability"), blank=True)

    # Section 3.3.1: what the coalition needs to know
    source_type = models.ForeignKey(
        "plan.SourceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("source type"),
    )
    axes = models.ManyToManyField(
        "plan.StrategicAxis",
        blank=True,
        related_name="partners",
        verbose_name=_("strategic axes it can support"),
    )
    priority_areas = models.TextField(_("priority areas"), blank=True)
    policies = models.TextField(_("policies"), blank=True)
    budget_min = models.DecimalField(
        _("budget from"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        max_digits=14,
        decimal_places=2,
    )
    budget_max = models.DecimalField(
        _("budget up to"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        max_digits=14,
        decimal_places=2,
    )
    budget_currency = models.CharField(
        _("budget currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    funding_cycle = models.CharField(_("funding cycle"), max_length=300, blank=True)
    audit_rules = models.TextField(_("rules and procedures for audits"), blank=True)
    accountability = models.TextField(_("accountability mechanisms"), blank=True)
    interests = models.TextField(_("interests"), blank=True)
    comparative_advantage = models.TextField(_("comparative advantage"), blank=True)
    track_record = models.TextField(_("track record"), blank=True)
    countries = CountryField(_("countries where it works"), multiple=True, blank=True)
    proposal_languages = models.CharField(
        _("languages it accepts proposals in"),
        max_length=20,
        blank=True,
        help_text=_("Codes separated by commas, e.g. es,en."),
    )
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("relationship status"),
        max_length=20,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.PROSPECT,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_partners",
        verbose_name=_("relationship owner"),
        help_text=_("The Secretariat member who looks after this relationship."),
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners_added",
        verbose_name=_("added by member state"),
        help_text=_("Empty for partners the region keeps; a focal point edits its own country's."),
    )
    confidential_notes = models.TextField(
        _("confidential notes"),
        blank=True,
        help_text=_("Negotiation notes. Hidden from evaluators, partners and other countries."),
    )
    # Normalised (lower case, no accents) text of the searchable fields; kept by the services.
    search_text = models.TextField(editable=False, blank=True, default="")

    name = Translated("name", _("name"))
    general_objective = Translated("general_objective", _("general objective"))

    access = Access(
        country_path="member_state",
        readers=EVERYONE_WITH_PARTNERS,
        partner_path="pk",
        confidential=("confidential_notes",),
        # The coalition's own assessment of the partner is not for the partner's eyes.
        internal=("suitability_comments", "owner"),
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name_es", "pk"]
        indexes = [
            models.Index(fields=["acronym"], name="partner_acronym_idx"),
            models.Index(fields=["status", "name_es"], name="partner_status_name_idx"),
            # The latest change tells whether cached figures grouped by partner are fresh.
            models.Index(fields=["updated_at"], name="partner_updated_idx"),
            # The directory's default order: its first page is read along this index.
            models.Index(fields=["name_es", "id"], name="partner_name_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=models.F("budget_min")),
                name="partner_budget_range_ordered",
            )
        ]

    def __str__(self) -> str:
        if self.acronym:
            return f"{self.name} ({self.acronym})"
        return str(self.name)

    def get_proposal_languages_display(self) -> str:
        labels = dict(ProposalLanguage.choices)
        codes = [c for c in self.proposal_languages.split(",") if c]
        return ", ".join(str(labels.get(c, c)) for c in codes)

    def compute_derived(self) -> None:
        from mobiliza.directory.search import normalise
        from mobiliza.directory.wording import guess_article_en, guess_article_es

        if not self.article_es:
            self.article_es = guess_article_es(self.name_es)
        if not self.article_en:
            self.article_en = guess_article_en(self.name_en or "")
        self.search_text = normalise(
            " ".join(
                getattr(self, name) or ""
                for name in (
                    "name_es",
                    "name_en",
                    "acronym",
                    "general_objective_es",
                    "general_objective_en",
                    "priority_areas",
                    "other_areas",
                    "suitability_comments",
                    "interests",
                    "track_record",
                    "comparative_advantage",
                    "policies",
                )
            )
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.budget_min is not None and self.budget_max is not None:
            if self.budget_max < self.budget_min:
                errors["budget_max"] = _(
                    "The upper end of the budget cannot be below the lower end."
                )
        if (
            self.budget_min is not None or self.budget_max is not None
        ) and not self.budget_currency:
            errors["budget_currency"] = _("Say in which currency the budget is.")
        languages = [c.strip() for c in self.proposal_languages.split(",") if c.strip()]
        unknown = [c for c in languages if c not in ProposalLanguage.values]
        if unknown:
            errors["proposal_languages"] = _("Unknown language code(s): %(codes)s.") % {
                "codes": ", ".join(unknown)
            }
        if errors:
            raise ValidationError(errors)


class Contact(BusinessModel):
    """A person at a partner; moving to another partner keeps the history of the move."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    salutation = models.CharField(
        _("form of address"),
        max_length=5,
        choices=Salutation.choices,
        blank=True,
        help_text=_(
            "How letters greet them («Estimada Sra.», “Dear Ms”). Left empty, a letter "
            "opens with a greeting that needs no gender."
        ),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("International format, e.g. +502 2222 3333."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=ProposalLanguage.choices, default="es"
    )
    notes = models.TextField(_("notes"), blank=True)
    newsletter_consent = models.BooleanField(_("agreed to receive newsletters"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    access = Access(
        country_path="partner__member_state",
        readers=EVERYONE_WITH_PARTNERS,
        partner_path="partner",
        parents=("partner",),
        # Notes kept about a person: the managers and the partner's own country.
        confidential=("notes",),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        from mobiliza.directory.services import normalise_phone

        if self.phone:
            self.phone = normalise_phone(self.phone)


class FundingCall(BusinessModel):
    """A call for proposals or funding window of a partner."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="calls", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=300)
    areas = models.ManyToManyField(
        DirectoryTerm,
        blank=True,
        related_name="calls",
        limit_choices_to={"kind": TermKind.AREA},
        verbose_name=_("areas"),
    )
    eligible_countries = models.ManyToManyField(
        "coalition.MemberState",
        blank=True,
        related_name="eligible_calls",
        verbose_name=_("eligible member states"),
    )
    amount_min = models.DecimalField(
        _("amount from"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        max_digits=14,
        decimal_places=2,
    )
    amount_max = models.DecimalField(
        _("amount up to"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        max_digits=14,
        decimal_places=2,
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)

    access = Access(
        country_path="partner__member_state",
        readers=EVERYONE_WITH_PARTNERS,
        partner_path="partner",
        parents=("partner",),
    )

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["closes_on", "pk"]
        indexes = [models.Index(fields=["closes_on"], name="call_closes_on_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        today = timezone.localdate()
        return (self.opens_on is None or self.opens_on <= today) and (
            self.closes_on is None or self.closes_on >= today
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("A call cannot close before it opens.")
        if self.amount_min is not None and self.amount_max is not None:
            if self.amount_max < self.amount_min:
                errors["amount_max"] = _("The upper amount cannot be below the lower amount.")
        if (self.amount_min is not None or self.amount_max is not None) and not self.currency:
            errors["currency"] = _("Say in which currency the amounts are.")
        if errors:
            raise ValidationError(errors)


class Attachment(BusinessModel):
    """A document of a partner: its forms, requirements or strategies."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("partner")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=CleanName("partners/%Y/"),
        validators=[validate_document],
        help_text=DOCUMENT_HELP,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    access = Access(
        country_path="partner__member_state",
        readers=EVERYONE_WITH_PARTNERS,
        partner_path="partner",
        parents=("partner",),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["partner", "kind", "title"]

    def __str__(self) -> str:
        return self.title
