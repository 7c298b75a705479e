from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "mobiliza.directory"
    label = "directory"
    verbose_name = _("Directory of donors and partners")

    def ready(self) -> None:
        from mobiliza.core.imports.registry import register
        from mobiliza.directory.models import Partner
        from mobiliza.directory.search import StoredVectorMatches
        from mobiliza.directory.transfer.services import partner_importer

        Partner._meta.get_field("search_text").register_lookup(StoredVectorMatches)
        # The import wizard (core) runs the partners' import through this importer.
        register(partner_importer())
