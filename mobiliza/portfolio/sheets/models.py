"""The technical sheets presented to partners and donors (appendix 8.3, issue item 4).

A :class:`SheetPresentation` records which sheet (template, version and language) of a
project was presented to which partner, when, and through which interaction of the
pipeline; the document presented is generated when the presentation is recorded and kept
under the project's folder, so what the partner saw stays as it was.
"""

from __future__ import annotations

import posixpath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from mobiliza.core.models import BusinessModel
from mobiliza.core.permissions import INTERNAL, Access
from mobiliza.core.uploads import CleanName, clean_name, validate_document
from mobiliza.portfolio.choices import SheetTemplate

__all__ = ["SheetPresentation", "SHEET_LANGUAGES"]

# The languages a sheet is written in.
SHEET_LANGUAGES = (("es", _("Spanish")), ("en", _("English")))


@deconstructible
class ProjectFolder(CleanName):
    """``upload_to`` of a presented sheet: the project's folder, the file's clean name."""

    def __init__(self, folder: str = "projects/{project}/sheets/") -> None:
        super().__init__(folder)

    def __call__(self, instance: Any, filename: str) -> str:
        folder = self.folder.format(project=instance.project_id)
        return posixpath.join(folder, clean_name(filename))


class SheetPresentation(BusinessModel):
    """A technical sheet of a project presented to a partner or donor on a day.

    The plan's indicator "technical sheets presented to partners and donors" counts these
    (``sheets.selectors.sheets_presented``).
    """

    project = models.ForeignKey(
        "portfolio.Project",
        on_delete=models.PROTECT,
        related_name="sheet_presentations",
        verbose_name=_("project"),
    )
    template = models.CharField(
        _("template"),
        max_length=20,
        choices=SheetTemplate.choices,
        default=SheetTemplate.INITIATIVE,
    )
    sheet_version = models.PositiveSmallIntegerField(
        _("version of the sheet"),
        editable=False,
        help_text=_("The project's sheet version when it was presented."),
    )
    language = models.CharField(_("language"), max_length=2, choices=SHEET_LANGUAGES, default="es")
    partner = models.ForeignKey(
        "directory.Partner",
        on_delete=models.PROTECT,
        related_name="sheet_presentations",
        verbose_name=_("partner or donor"),
    )
    contacts = models.ManyToManyField(
        "directory.Contact",
        blank=True,
        related_name="sheet_presentations",
        verbose_name=_("contacts it was presented to"),
    )
    presented_on = models.DateField(_("presented on"), default=timezone.localdate)
    interaction = models.ForeignKey(
        "pipeline.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sheet_presentations",
        verbose_name=_("interaction"),
        help_text=_(
            "The meeting, forum or e-mail where it was presented (an interaction with the partner)."
        ),
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sheet_presentations",
        verbose_name=_("opportunity"),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    file = models.FileField(
        _("document presented"),
        upload_to=ProjectFolder(),
        validators=[validate_document],
        blank=True,
        editable=False,
        max_length=300,
    )

    access = Access(
        country_path="project__member_state",
        readers=INTERNAL,
        co_owners_path="project__member_states",
        parents=("project",),
        # What was said to a partner while presenting is a negotiation note.
        confidential=("notes",),
    )

    class Meta:
        verbose_name = _("technical sheet presented")
        verbose_name_plural = _("technical sheets presented")
        ordering = ["-presented_on", "-pk"]
        indexes = [models.Index(fields=["presented_on"], name="sheet_presented_on_idx")]

    def __str__(self) -> str:
        return _("%(project)s to %(partner)s, %(date)s") % {
            "project": self.project,
            "partner": self.partner,
            "date": self.presented_on.isoformat() if self.presented_on else "",
        }

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:presentation_detail", args=[self.pk])

    def compute_derived(self) -> None:
        """A new presentation takes the project's sheet version, and the opportunity of the
        interaction it was made in."""
        if self.pk is None and not self.sheet_version and self.project_id:
            self.sheet_version = self.project.sheet_version
        if self.interaction_id and not self.opportunity_id:
            self.opportunity_id = self.interaction.opportunity_id  # type: ignore[union-attr]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.presented_on and self.presented_on > timezone.localdate():
            errors["presented_on"] = _("A presentation is recorded once it has taken place.")
        if self.interaction_id and self.partner_id:
            if self.interaction.partner_id != self.partner_id:  # type: ignore[union-attr]
                errors["interaction"] = _("This interaction was held with another partner.")
        if self.opportunity_id and self.partner_id:
            if self.opportunity.partner_id != self.partner_id:  # type: ignore[union-attr]
                errors["opportunity"] = _("This opportunity is with another partner.")
        if errors:
            raise ValidationError(errors)

    def clean_links(self, links: dict[str, list[Any]]) -> None:
        if any(contact.partner_id != self.partner_id for contact in links.get("contacts", [])):
            raise ValidationError(
                {"contacts": _("Choose contacts of the partner it was presented to.")}
            )
