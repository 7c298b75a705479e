"""The roles a membership gives (a user's role in a member state, or for a partner).

They live in ``core``, below every app, because the permission module declares with them
who may do what, and every app's access rules name them; ``accounts`` stores them on its
memberships.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PRESIDENCY = "presidency", _("Presidency")
    SECRETARIAT = "secretariat", _("Technical Secretariat")
    FOCAL_POINT = "focal_point", _("Focal point")
    EVALUATOR = "evaluator", _("Evaluator")
    PARTNER_VIEWER = "partner_viewer", _("Partner viewer")
