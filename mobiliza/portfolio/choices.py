"""The portfolio's choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectKind(models.TextChoices):
    PROJECT = "project", _("Project")
    INITIATIVE = "initiative", _("Initiative")


class Scope(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("geographic scope", "National")
    REGIONAL = "regional", pgettext_lazy("geographic scope", "Regional")


class ProjectState(models.TextChoices):
    """A project's lifecycle (issue: idea → … → completed; rejected, withdrawn, suspended)."""

    IDEA = "idea", _("Idea")
    SHEET_DRAFTED = "sheet_drafted", _("Technical sheet drafted")
    CHECKLIST_PASSED = "checklist_passed", _("Checklist passed")
    PRESENTED = "presented", _("Presented to partners")
    NEGOTIATING = "negotiating", _("Negotiating")
    FUNDED = "funded", _("Funded")
    IN_EXECUTION = "in_execution", _("In execution")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")


# The states a project is still being worked on in: rejected and withdrawn leave them.
OPEN_STATES = (
    ProjectState.IDEA,
    ProjectState.SHEET_DRAFTED,
    ProjectState.CHECKLIST_PASSED,
    ProjectState.PRESENTED,
    ProjectState.NEGOTIATING,
    ProjectState.FUNDED,
    ProjectState.IN_EXECUTION,
)
# A suspension stops a project that has started to move resources or is about to.
SUSPENDABLE_STATES = (
    ProjectState.PRESENTED,
    ProjectState.NEGOTIATING,
    ProjectState.FUNDED,
    ProjectState.IN_EXECUTION,
)


class FinancingSource(models.TextChoices):
    """The financing columns of the CORETT technical sheet (appendix 8.3)."""

    ORDINARY_BUDGET = "ordinary_budget", _("Ordinary budget")
    NGO = "ngo", _("NGO")
    COOPERATION_AGENCY = "cooperation_agency", _("Cooperation agency")
    PRIVATE_ACADEMIC = "private_academic", _("Private or academic entity")


class SheetTemplate(models.TextChoices):
    """The two technical-sheet templates of appendix 8.3."""

    INITIATIVE = "initiative", _("Technical sheet of initiatives and projects (A–H)")
    CORETT = "corett", _("Technical sheet for a CORETT project")
