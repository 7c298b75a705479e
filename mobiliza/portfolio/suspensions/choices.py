"""The choices of the suspensions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SuspensionGrounds(models.TextChoices):
    """Why the Presidency asks for the suspension (the strategy's resource-management rules)."""

    RISK = "risk", _("Risk to the target beneficiary population")
    DAMAGE = "damage", _("Damage to the target beneficiary population")


class NoticeEvent(models.TextChoices):
    SUSPENDED = "suspended", _("Suspension")
    RESUMED = "resumed", _("Resumption")


# The records the Presidency may suspend, by ``app_label.model``: a project, an agreement,
# and a partner's contribution agreed under an agreement or opportunity (an "arrangement").
SUSPENDABLE = ("portfolio.project", "agreements.agreement", "agreements.contribution")
