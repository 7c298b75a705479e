"""Consultancy calls of the portfolio (see ../models.py): the strategy's hiring of
consultants for regional projects.

"The Presidency and Technical Secretariat will be the first filter. Once sufficient
information is available, the documents related to the people who apply to the
consultancies will be sent to the countries for their evaluation and assessment and joint
selection. In the event that no offers are available in the first call, a second call will
be held." A call goes draft → open → closed (or deserted, with no offers) → filtered →
sent to the evaluating states → selected; a deserted first call gives way to a second one.

An applicant's personal data (names, contacts, documents, the comments of the scores) are
read only by those who evaluate: the Presidency, the Secretariat and, once the call is sent
to them, the focal points of the evaluating states (``Access.readers_path``). Everyone else
who reads the call sees it and the number of applicants only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mobiliza.core.models import BusinessModel, Translated
from mobiliza.core.permissions import EVERYONE, MANAGERS, Access, Transition
from mobiliza.core.uploads import DOCUMENT_HELP, CleanName, validate_document

__all__ = [
    "Applicant",
    "ApplicantDocument",
    "ApplicantScore",
    "CallState",
    "ConsultancyCall",
    "DocumentKind",
    "FilterDecision",
    "retention_days",
]


class CallState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultancy call", "Draft")
    OPEN = "open", pgettext_lazy("consultancy call", "Open")
    CLOSED = "closed", pgettext_lazy("consultancy call", "Closed")
    DESERTED = "deserted", pgettext_lazy("consultancy call", "Deserted (no offers)")
    FILTERED = "filtered", pgettext_lazy("consultancy call", "First filter done")
    SENT = "sent", pgettext_lazy("consultancy call", "Sent to the member states")
    SELECTED = "selected", pgettext_lazy("consultancy call", "Consultant selected")


class FilterDecision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("first filter", "Pending")
    YES = "yes", pgettext_lazy("first filter", "Passed")
    NO = "no", pgettext_lazy("first filter", "Did not pass")


class DocumentKind(models.TextChoices):
    CV = "cv", _("Curriculum vitae")
    OFFER = "offer", _("Offer")
    OTHER = "other", _("Other document")


def retention_days() -> int:
    """Days an applicant's files are kept after the call closes
    (``MOBILIZA_APPLICANT_RETENTION_DAYS``, 365 unless set)."""
    return int(getattr(settings, "MOBILIZA_APPLICANT_RETENTION_DAYS", 365))


C = CallState


class ConsultancyCall(BusinessModel):
    """A call for consultants of a project: its terms of reference, first or second call."""

    project = models.ForeignKey(
        "portfolio.Project",
        on_delete=models.PROTECT,
        related_name="consultancy_calls",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=300)
    terms_es = models.TextField(_("terms of reference (Spanish)"), blank=True)
    terms_en = models.TextField(_("terms of reference (English)"), blank=True)
    terms = Translated("terms", _("terms of reference"))
    terms_file = models.FileField(
        _("terms of reference (file)"),
        upload_to=CleanName("consultancies/terms/%Y/"),
        validators=[validate_document],
        help_text=DOCUMENT_HELP,
        blank=True,
    )
    call_number = models.PositiveSmallIntegerField(
        _("call"),
        choices=[(1, _("First call")), (2, _("Second call"))],
        default=1,
        editable=False,
    )
    first_call = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_call",
        verbose_name=_("first call"),
        editable=False,
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    evaluating_states = models.ManyToManyField(
        "coalition.MemberState",
        blank=True,
        related_name="consultancy_calls",
        verbose_name=_("evaluating member states"),
        help_text=_(
            "The member states that evaluate the applicants and take part in the joint "
            "selection; the project's own when left empty (all of them for a regional "
            "project that names none)."
        ),
    )
    # The states the applicants' documents were sent to (set by the step "send"): their
    # focal points read the applicants from then on.
    sent_to = models.ManyToManyField(
        "coalition.MemberState",
        blank=True,
        related_name="consultancy_calls_received",
        verbose_name=_("sent to"),
        editable=False,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CallState.choices, default=CallState.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    filtered_on = models.DateField(_("first filter done on"), null=True, blank=True, editable=False)
    sent_on = models.DateField(
        _("sent to the member states on"), null=True, blank=True, editable=False
    )
    selected_on = models.DateField(_("selected on"), null=True, blank=True, editable=False)
    selected_applicant = models.ForeignKey(
        "portfolio.Applicant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applicant selected"),
        editable=False,
    )
    selection_notes = models.TextField(_("notes on the joint selection"), blank=True)

    access = Access(
        country_path="project__member_state",
        co_owners_path="project__member_states",
        readers=EVERYONE,
        # The Presidency and the Secretariat run the hiring; the states evaluate.
        country_editors=False,
        internal=("selection_notes",),
        transitions=(
            Transition(
                "publish",
                _("Publish the call"),
                sources=(C.DRAFT,),
                target=C.OPEN,
                field="state",
                roles=MANAGERS,
                date_field="published_on",
            ),
            Transition(
                "close",
                _("Close the call"),
                sources=(C.OPEN,),
                target=C.CLOSED,
                field="state",
                roles=MANAGERS,
                date_field="closed_on",
                confirm=_(
                    "Close the call? No more applicants are received; with none, the call "
                    "is deserted."
                ),
            ),
            Transition(
                "filter",
                _("First filter done"),
                sources=(C.CLOSED,),
                target=C.FILTERED,
                field="state",
                roles=MANAGERS,
                date_field="filtered_on",
            ),
            Transition(
                "send",
                _("Send to the member states"),
                sources=(C.FILTERED,),
                target=C.SENT,
                field="state",
                roles=MANAGERS,
                date_field="sent_on",
                confirm=_(
                    "Send the documents of the applicants who passed the first filter to the "
                    "evaluating member states? Their focal points will read them."
                ),
            ),
            Transition(
                "select",
                _("Joint selection"),
                sources=(C.SENT,),
                target=C.SELECTED,
                field="state",
                roles=MANAGERS,
                date_field="selected_on",
            ),
        ),
    )

    class Meta:
        verbose_name = _("consultancy call")
        verbose_name_plural = _("consultancy calls")
        ordering = ["-opens_on", "pk"]

    def __str__(self) -> str:
        if self.call_number == 2:
            return str(_("%(title)s (second call)") % {"title": self.title})
        return self.title

    def transition_target(self, transition: Transition) -> str:
        """A call closed without offers is deserted."""
        if transition.name == "close" and not self.applicants.exists():
            return C.DESERTED
        return transition.target

    def before_transition(self, user: Any, transition: Transition, context: dict) -> None:
        from mobiliza.portfolio.consultancies import rules

        rules.before_step(self, transition, context)

    def default_evaluating_states(self) -> list[Any]:
        """The project's member states; every member state for a regional project that
        names none."""
        from mobiliza.coalition.models import MemberState

        countries = list(self.project.countries) if self.project_id else []
        if countries:
            return countries
        return list(MemberState.objects.all())

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A call cannot close before it opens.")})


class Applicant(BusinessModel):
    """A person who applied to a consultancy call, with the first filter's decision."""

    call = models.ForeignKey(
        ConsultancyCall,
        on_delete=models.CASCADE,
        related_name="applicants",
        verbose_name=_("consultancy call"),
    )
    full_name = models.CharField(_("full name"), max_length=300)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    passed_first_filter = models.CharField(
        _("first filter"),
        max_length=10,
        choices=FilterDecision.choices,
        default=FilterDecision.PENDING,
    )
    filter_comment = models.TextField(_("comment on the first filter"), blank=True)
    retention_until = models.DateField(
        _("files kept until"),
        null=True,
        blank=True,
        help_text=_(
            "The documented date on which the applicant's files are deleted: the call's "
            "closing date plus the retention period, unless another date is given."
        ),
    )
    files_deleted_on = models.DateField(
        _("files deleted on"), null=True, blank=True, editable=False
    )

    access = Access(
        private=True,
        parents=("call",),
        readers_path="call__sent_to",
        readers_filter=(("passed_first_filter", FilterDecision.YES),),
    )

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["call", "full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:consultancycall_detail", args=[self.call_id]) + (
            f"#applicant-{self.pk}"
        )

    def compute_derived(self) -> None:
        if self.retention_until is None and self.call_id and self.call.closes_on:
            self.retention_until = self.call.closes_on + datetime.timedelta(days=retention_days())

    def clean(self) -> None:
        if not self.call_id:
            return
        # Read again: the call in hand may be a copy from before its last step.
        state = ConsultancyCall.objects.values_list("state", flat=True).get(pk=self.call_id)
        if self._state.adding and state not in (C.DRAFT, C.OPEN):
            raise ValidationError(
                _("This call is no longer open: applicants are received while it is open.")
            )
        before = None
        if not self._state.adding:
            before = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values_list("passed_first_filter", flat=True)
                .first()
            )
        decided = self.passed_first_filter != FilterDecision.PENDING
        if (decided or before not in (None, FilterDecision.PENDING)) and (
            before != self.passed_first_filter or self._state.adding
        ):
            if state != C.CLOSED:
                raise ValidationError(
                    {
                        "passed_first_filter": _(
                            "The Presidency and the Secretariat decide the first filter once "
                            "the call is closed and before the documents are sent."
                        )
                    }
                )


class ApplicantDocument(BusinessModel):
    """A document of an applicant: the CV, the offer, another one."""

    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("applicant"),
    )
    kind = models.CharField(
        _("kind of document"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.CV
    )
    file = models.FileField(
        _("file"),
        upload_to=CleanName("consultancies/applicants/%Y/"),
        validators=[validate_document],
        help_text=DOCUMENT_HELP,
        blank=True,
    )

    access = Access(
        private=True,
        parents=("applicant",),
        readers_path="applicant__call__sent_to",
        readers_filter=(("applicant__passed_first_filter", FilterDecision.YES),),
    )

    class Meta:
        verbose_name = _("applicant's document")
        verbose_name_plural = _("applicants' documents")
        ordering = ["applicant", "kind", "pk"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return self.applicant.get_absolute_url()

    def clean(self) -> None:
        if self._state.adding and not self.file:
            raise ValidationError({"file": _("Choose the file to upload.")})


class ApplicantScore(BusinessModel):
    """A member state's score of an applicant (0 to 100), with its comment."""

    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("applicant"),
    )
    member_state = models.ForeignKey(
        "coalition.MemberState",
        on_delete=models.PROTECT,
        related_name="applicant_scores",
        verbose_name=_("member state"),
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("From 0 to 100."),
    )
    comment = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored by"),
        editable=False,
    )

    # A focal point scores for its own state; the states the call was sent to read the
    # scores of the call.
    access = Access(
        private=True,
        country_path="member_state",
        readers_path="applicant__call__sent_to",
    )

    class Meta:
        verbose_name = _("applicant's score")
        verbose_name_plural = _("applicants' scores")
        ordering = ["applicant", "member_state__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "member_state"], name="one_score_per_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant}: {self.member_state} ({self.score})"

    def get_absolute_url(self) -> str:
        return self.applicant.get_absolute_url()

    def clean(self) -> None:
        if not self.applicant_id:
            return
        # Read again: the applicant in hand may carry a copy of its call from before a step.
        call = ConsultancyCall.objects.get(pk=self.applicant.call_id)
        if call.state != C.SENT:
            raise ValidationError(
                _(
                    "Applicants are scored once the call is sent to the member states and "
                    "until the joint selection."
                )
            )
        decision = Applicant.objects.values_list("passed_first_filter", flat=True).get(
            pk=self.applicant_id
        )
        if decision != FilterDecision.YES:
            raise ValidationError(
                {"applicant": _("Only applicants who passed the first filter are scored.")}
            )
        if self.member_state_id and not call.sent_to.filter(pk=self.member_state_id).exists():
            raise ValidationError(
                {"member_state": _("This call was not sent to that member state.")}
            )
