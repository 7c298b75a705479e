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


class ArticleEs(models.TextChoices):
    """How a partner's Spanish name is written in a sentence: "agradecemos a *la* Oficina"."""

    EL = "el", "el"
    LA = "la", "la"
    LOS = "los", "los"
    LAS = "las", "las"
    NONE = "-", _("no article")


class ArticleEn(models.TextChoices):
    """How a partner's English name is written in a sentence: "we thank *the* Office"."""

    THE = "the", "the"
    NONE = "-", _("no article")


class Salutation(models.TextChoices):
    """A contact's form of address, which says how a letter greets them."""

    MR = "mr", _("Mr (Sr.)")
    MS = "ms", _("Ms (Sra.)")
    DR_M = "dr_m", _("Dr (Dr.)")
    DR_F = "dr_f", _("Dr (Dra.)")
    EXCMO = "excmo", _("His Excellency (Excmo. Sr.)")
    EXCMA = "excma", _("Her Excellency (Excma. Sra.)")
