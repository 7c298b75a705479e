"""Settings gunicorn runs under during ``manage.py bench``: local settings, DEBUG off.

Static files are served from the finders (no ``collectstatic`` needed); with
``BENCH_COUNT_QUERIES=1`` each response says how many SQL queries it cost.
"""

import os

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
