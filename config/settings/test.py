"""Settings for the test suite: fast hashing, mail kept in memory, files in a temporary folder."""

import tempfile
from pathlib import Path

from config.env import env_str

from .base import *  # noqa: F401,F403
from .base import DATA_DIR, DATABASES

DEBUG = False
MOBILIZA_ALLOW_DEMO_DATA = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mobiliza-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Tasks run at once, in the test's own transaction, without a worker; the tests of the
# queue itself choose the database backend (mobiliza/core/tests/test_jobs_queue.py).
TASKS = {
    "default": {
        "BACKEND": env_str("TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}
# One connection: the tests run inside a transaction that a second one would not see.
DATABASES.pop("jobs", None)
