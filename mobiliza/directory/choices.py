from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """Chart 2: regional or extra-regional."""

    REGIONAL = "regional", _("Regional")
    EXTRA_REGIONAL = "extra_regional", _("Extra-regional")


class RelationshipStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active partner")
    FORMER = "former", _("Former partner")
    DECLINED = "declined", _("Declined")


class TermKind(models.TextChoices):
    AREA = "area", _("Area it funds")
    CONTRIBUTION = "contribution", _("Kind of contribution")


class ProposalLanguage(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")


class AttachmentKind(models.TextChoices):
    FORM = "form", _("Form for submitting projects")
    REQUIREMENTS = "requirements", _("Requirements")
    STRATEGY = "strategy", _("Strategy or policy of the partner")
    OTHER = "other", _("Other document")
