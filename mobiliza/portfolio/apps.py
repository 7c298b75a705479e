from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    """Capability 5: the projects and initiatives the coalition seeks resources for."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "mobiliza.portfolio"
    verbose_name = _("Project portfolio")

    def ready(self) -> None:
        # The sections of a project's page (``parts.py``), one per part of the portfolio.
        from mobiliza.portfolio.checklist import part as _checklist  # noqa: F401
        from mobiliza.portfolio.consultancies import part as _consultancies  # noqa: F401
        from mobiliza.portfolio.initiatives import loader as _initiatives  # noqa: F401
        from mobiliza.portfolio.links import part as _links  # noqa: F401
        from mobiliza.portfolio.matching import part as _matching  # noqa: F401
        from mobiliza.portfolio.sheets import part as _sheets  # noqa: F401
        from mobiliza.portfolio.suspensions import part as _suspensions  # noqa: F401
