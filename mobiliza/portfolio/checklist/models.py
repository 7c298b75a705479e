"""The 8.4 checklist of a project: each of its items answered yes, no or not applicable,
with a comment, once per version of the technical sheet (see ../models.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mobiliza.core.models import BusinessModel
from mobiliza.core.permissions import INTERNAL, Access

__all__ = ["Answer", "ChecklistAnswer"]


class Answer(models.TextChoices):
    """The three columns of the strategy's checklist."""

    YES = "yes", pgettext_lazy("checklist answer", "Yes")
    NO = "no", pgettext_lazy("checklist answer", "No")
    NOT_APPLICABLE = "na", pgettext_lazy("checklist answer", "N/A")


class ChecklistAnswer(BusinessModel):
    """The answer to one item of the 8.4 checklist for one version of a project's sheet."""

    project = models.ForeignKey(
        "portfolio.Project",
        on_delete=models.CASCADE,
        related_name="checklist_answers",
        verbose_name=_("project"),
    )
    sheet_version = models.PositiveSmallIntegerField(_("version of the sheet"))
    item = models.ForeignKey(
        "plan.ChecklistItem",
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("checklist item"),
    )
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices)
    comment = models.TextField(_("comment"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    copied_from_version = models.PositiveSmallIntegerField(
        _("copied from version"),
        null=True,
        blank=True,
        help_text=_("The answer was carried over from this version of the sheet, unchanged."),
    )

    access = Access(country_path="project__member_state", readers=INTERNAL, parents=("project",))

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["project", "-sheet_version", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "sheet_version", "item"],
                name="portfolio_checklistanswer_one_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_answer_display()}"

    def clean(self) -> None:
        project = self.project if self.project_id else None
        if project is not None and self.sheet_version != project.sheet_version:
            raise ValidationError(
                {
                    "sheet_version": _(
                        "Only the checklist of the sheet's current version (%(version)s) is "
                        "answered; the earlier ones are kept as they were."
                    )
                    % {"version": project.sheet_version}
                }
            )
