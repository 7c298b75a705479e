from django.db import models
from django.utils.translation import gettext_lazy as _


class RepresentativeRole(models.TextChoices):
    PRINCIPAL = "principal", _("Principal representative")
    ALTERNATE = "alternate", _("Alternate representative")
    TECHNICAL = "technical", _("Technical liaison")
    FOCAL_POINT = "focal_point", _("Focal point")


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary plenary meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary plenary meeting")
    TECHNICAL = "technical", _("Technical meeting")
    COMMITTEE = "committee", _("Committee meeting")


class ComplianceStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")
