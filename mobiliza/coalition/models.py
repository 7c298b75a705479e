"""The coalition itself: its member states, national bodies, representatives,
pro tempore presidencies, committees, and meetings with the agreements they reach."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mobiliza.coalition.choices import ComplianceStatus, MeetingKind, RepresentativeRole
from mobiliza.core.models import BusinessModel, Translated
from mobiliza.core.permissions import EVERYONE, INTERNAL, Access
from mobiliza.core.uploads import DOCUMENT_HELP, CleanName, validate_document


class Coalition(BusinessModel):
    """The coalition this installation serves (one row), from its configuration file."""

    acronym = models.CharField(_("acronym"), max_length=30)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    vision_es = models.TextField(_("vision (Spanish)"), blank=True)
    vision_en = models.TextField(_("vision (English)"), blank=True)
    mission_es = models.TextField(_("mission (Spanish)"), blank=True)
    mission_en = models.TextField(_("mission (English)"), blank=True)
    reporting_currency = models.CharField(_("reporting currency"), max_length=3, default="USD")

    name = Translated("name", _("name"))
    vision = Translated("vision", _("vision"))
    mission = Translated("mission", _("mission"))

    access = Access(readers=EVERYONE)

    class Meta:
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return self.acronym


class MemberState(BusinessModel):
    """A member state of the coalition, identified by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters, such as GT."))],
        help_text=_("ISO 3166-1 alpha-2 code in capitals, such as GT for Guatemala."),
    )
    name_es = models.CharField(_("name (Spanish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    name = Translated("name", _("name"))

    access = Access(readers=EVERYONE)

    class Meta:
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return str(self.name)


class NationalBody(BusinessModel):
    """The national commission, coalition or council that represents a member state (1.1)."""

    member_state = models.OneToOneField(
        MemberState,
        on_delete=models.PROTECT,
        related_name="national_body",
        verbose_name=_("member state"),
    )
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    legal_basis_es = models.TextField(_("legal basis (Spanish)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    year_established = models.PositiveIntegerField(
        _("year established"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    chair_es = models.CharField(_("chaired by (Spanish)"), max_length=300, blank=True)
    chair_en = models.CharField(_("chaired by (English)"), max_length=300, blank=True)
    member_institutions = models.PositiveIntegerField(
        _("number of member institutions"), null=True, blank=True
    )
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    name = Translated("name", _("name"))
    legal_basis = Translated("legal_basis", _("legal basis"))
    chair = Translated("chair", _("chaired by"))
    description = Translated("description", _("description"))

    access = Access(country_path="member_state", readers=EVERYONE)

    class Meta:
        verbose_name = _("national body")
        verbose_name_plural = _("national bodies")
        ordering = ["member_state__position", "member_state__code"]

    def __str__(self) -> str:
        return self.acronym or str(self.name)


class Representative(BusinessModel):
    """A person who represents a national body, for a period; changes keep their history (4.3)."""

    national_body = models.ForeignKey(
        NationalBody,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("national body"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position_title = models.CharField(_("job title"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=300, blank=True)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=RepresentativeRole.choices,
        default=RepresentativeRole.PRINCIPAL,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty while still in office.")
    )

    access = Access(
        country_path="national_body__member_state", readers=INTERNAL, parents=("national_body",)
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["national_body__member_state__position", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="representative_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class PresidencyTerm(BusinessModel):
    """A pro tempore presidency held by a member state for a period."""

    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="presidency_terms",
        verbose_name=_("member state"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    notes = models.TextField(_("notes"), blank=True)

    access = Access(readers=EVERYONE)

    class Meta:
        verbose_name = _("pro tempore presidency")
        verbose_name_plural = _("pro tempore presidencies")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="presidency_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_state} ({self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d})"

    def clean(self) -> None:
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError(
                    {"end_date": _("The end date cannot be before the start date.")}
                )
            overlapping = PresidencyTerm.objects.filter(
                start_date__lte=self.end_date, end_date__gte=self.start_date
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _("This period overlaps the presidency of %(other)s."),
                    params={"other": overlapping.first()},
                )

    @property
    def is_current(self) -> bool:
        return self.start_date <= timezone.localdate() <= self.end_date


class Committee(BusinessModel):
    """A committee of the coalition (activity 7.2), with the member states that sit on it."""

    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    purpose_es = models.TextField(_("purpose (Spanish)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    coordinator = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_committees",
        verbose_name=_("coordinated by"),
    )
    members = models.ManyToManyField(
        MemberState, blank=True, related_name="committees", verbose_name=_("member states")
    )
    is_active = models.BooleanField(_("active"), default=True)

    name = Translated("name", _("name"))
    purpose = Translated("purpose", _("purpose"))

    access = Access(readers=INTERNAL)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name_es"]

    def __str__(self) -> str:
        return str(self.name)


class Meeting(BusinessModel):
    """A meeting of the coalition or one of its committees, with its minutes."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.ORDINARY
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("committee"),
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    host = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host member state"),
    )
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary = Translated("summary", _("summary"))
    minutes = models.FileField(
        _("minutes"),
        upload_to=CleanName("meetings/minutes/%Y/"),
        blank=True,
        validators=[validate_document],
        help_text=DOCUMENT_HELP,
    )

    access = Access(readers=INTERNAL)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"


class MeetingAgreement(BusinessModel):
    """An agreement reached at a meeting, its responsible member, deadline and compliance (4.3)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("meeting")
    )
    text_es = models.TextField(_("agreement (Spanish)"), blank=True)
    text_en = models.TextField(_("agreement (English)"), blank=True)
    # "Acuerdo", not the "convenio" an agreement with a partner is called.
    text = Translated("text", pgettext_lazy("meeting resolution", "agreement"))
    responsible = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_agreements",
        verbose_name=_("responsible member state"),
        help_text=_("Leave empty when the Technical Secretariat or the region is responsible."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("compliance status"),
        max_length=20,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PENDING,
    )
    compliance_notes = models.TextField(_("compliance notes"), blank=True)

    access = Access(country_path="responsible", readers=INTERNAL)

    class Meta:
        verbose_name = _("meeting agreement")
        verbose_name_plural = _("meeting agreements")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return str.__str__(self.text)[:80]

    def clean(self) -> None:
        super().clean()
        if not (self.text_es.strip() or self.text_en.strip()):
            raise ValidationError(
                {"text_es": _("Write what was agreed, in Spanish, in English or in both.")}
            )

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.deadline
            and self.deadline < timezone.localdate()
            and self.status not in (ComplianceStatus.FULFILLED,)
        )
