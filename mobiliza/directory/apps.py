from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "mobiliza.directory"
    label = "directory"
    verbose_name = _("Directory of donors and partners")

    def ready(self) -> None:
        from mobiliza.directory.models import Partner
        from mobiliza.directory.search import StoredVectorMatches

        Partner._meta.get_field("search_text").register_lookup(StoredVectorMatches)
