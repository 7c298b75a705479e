from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    LETTER_OF_UNDERSTANDING = "letter_of_understanding", _("Letter of understanding")
    FRAMEWORK = "framework", _("Framework agreement")
    COOPERATION = "cooperation", _("Cooperation agreement")
    LETTER_OF_COMMITMENT = "letter_of_commitment", _("Letter of commitment")
    GRANT = "grant", _("Grant agreement")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("In negotiation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    # By the Presidency with the plenary's agreement (resource management rules).
    SUSPENDED = "suspended", _("Suspended")


class ResourcesManagedBy(models.TextChoices):
    # Appendix 8.4, "Resources management".
    NATIONAL_ENTITY = "national_entity", _("The national entity, under its own rules")
    PARTNER = "partner", _("The partner, under its own procedures")
    COALITION = "coalition", _("The coalition's Technical Secretariat")


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    COMMITTED = "committed", _("Committed")
    RECEIVED = "received", _("Received")
    SUSPENDED = "suspended", _("Suspended")


class OwnContributionMechanism(models.TextChoices):
    # Section 3.2.1: how a member state contributes through its annual operating plan.
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    AGREEMENT = "agreement", _("Agreement")
    PROGRAMME = "programme", _("Programme")
    BUDGET_ALLOCATION = "budget_allocation", _("Budget allocation")


class ObligationKind(models.TextChoices):
    NARRATIVE_REPORT = "narrative_report", _("Narrative report")
    FINANCIAL_REPORT = "financial_report", _("Financial report")
    PROGRESS_REPORT = "progress_report", _("Progress report")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    APPLICATION = "application", _("Application")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


RECURRENCE_MONTHS = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.YEARLY: 12,
}


class DueStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    DELIVERED = "delivered", _("Delivered")
