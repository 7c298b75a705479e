"""Settings gunicorn runs under during ``manage.py bench``: local settings, DEBUG off.

Static files are served from the finders (no ``collectstatic`` needed); with
``BENCH_COUNT_QUERIES=1`` each response says how many SQL queries it cost.
"""

import os
import tempfile

from config.settings.local import *  # noqa: F401,F403
from config.settings.local import MIDDLEWARE, STORAGES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("BENCH_COUNT_QUERIES") == "1":
    MIDDLEWARE = ["mobiliza.bench.middleware.CountQueriesMiddleware", *MIDDLEWARE]

# The app processes share one cache, as production's do (Redis there); a file cache
# here needs no server. A fresh directory per run: nothing cached from an earlier one.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "BENCH_CACHE_DIR", os.path.join(tempfile.gettempdir(), "mobiliza-bench-cache")
        ),
    }
}
