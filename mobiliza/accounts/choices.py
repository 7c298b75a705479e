from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PRESIDENCY = "presidency", _("Presidency")
    SECRETARIAT = "secretariat", _("Technical Secretariat")
    FOCAL_POINT = "focal_point", _("Focal point")
    EVALUATOR = "evaluator", _("Evaluator")
    PARTNER_VIEWER = "partner_viewer", _("Partner viewer")
