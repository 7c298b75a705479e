from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mobiliza.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core import checks
        from django.db.backends.signals import connection_created

        from mobiliza.core import freshness, search

        # Every write any connection sends moves the generation of its table on commit,
        # which is what keeps cached figures fresh (see mobiliza/core/freshness.py).
        connection_created.connect(freshness.install, dispatch_uid="mobiliza-freshness")
        # Accent-insensitive search (mobiliza/core/search.py) needs its SQL function on SQLite.
        connection_created.connect(search.install, dispatch_uid="mobiliza-search")
        checks.register(freshness.check_shared_cache, checks.Tags.caches, deploy=True)
