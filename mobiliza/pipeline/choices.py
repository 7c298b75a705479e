from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class LossReason(models.TextChoices):
    NOT_ALIGNED = "not_aligned", _("Not aligned with the partner's priorities")
    NO_FUNDS = "no_funds", _("The partner has no funds available")
    DEADLINE_MISSED = "deadline_missed", _("The deadline was missed")
    REQUIREMENTS = "requirements", _("Requirements could not be met")
    DECLINED = "declined", _("The partner declined")
    WITHDRAWN = "withdrawn", _("The coalition withdrew")
    OTHER = "other", _("Other")


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Workshop")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    MATERIALS = "materials", _("Materials presented")
