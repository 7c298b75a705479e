"""Settings shared by every environment. Environment-specific files import from here."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import cache_settings, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("MOBILIZA_DATA_DIR", str(BASE_DIR / "data")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_countries",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "mobiliza.core",
    "mobiliza.accounts",
    "mobiliza.coalition",
    "mobiliza.plan",
    "mobiliza.directory",
    "mobiliza.pipeline",
    "mobiliza.agreements",
    "mobiliza.portfolio",
    "mobiliza.workspace",
    "mobiliza.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "mobiliza.core.context_processors.navigation",
                "mobiliza.core.context_processors.unread_notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'mobiliza.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Repeated failed log-ins lock the account (by user name) for a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Staff of a national commission often share one office address, so locking by IP
# would lock out colleagues: the account itself is locked instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Numbers and dates as the region writes them (config/formats/<language>/formats.py):
# a decimal point and comma groups in both languages, day-first dates.
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "America/Guatemala")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env_str("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads larger than this are refused with a clear message (bytes).
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mobiliza <no-reply@example.org>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy: no inline scripts, nothing from outside this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["mobiliza.core.drf.permissions.PolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        # django-filter's, naming the accepted values of a closed list it refuses.
        "mobiliza.core.drf.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        # Refuses an unknown ordering (400) and documents the accepted ones.
        "mobiliza.core.drf.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "mobiliza.core.drf.pagination.Pagination",
    # JSON numbers are read as Decimal, so an amount never passes through a float.
    "DEFAULT_PARSER_CLASSES": [
        "mobiliza.core.drf.parsers.DecimalJSONParser",
        "mobiliza.core.drf.parsers.FormParser",
        "mobiliza.core.drf.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "mobiliza.core.drf.schema.AutoSchema",
    "EXCEPTION_HANDLER": "mobiliza.core.drf.errors.exception_handler",
    "PAGE_SIZE": 25,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mobiliza API",
    "DESCRIPTION": "Resource mobilization of the coalition: registry, directory, pipeline, agreements.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema in English whatever the request's (or the command's) language.
    "DEFAULT_GENERATOR_CLASS": "mobiliza.core.drf.generator.SchemaGenerator",
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# One cache for every process: Redis when REDIS_URL is set (production), else memory.
CACHES = cache_settings(env_str("REDIS_URL", ""))

# Background work (imports, large exports, reminders) goes to a queue in the database,
# which `manage.py db_worker` processes (`make run` starts one beside the web server; see
# docs/jobs.md). TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs each
# task at once in the process that enqueues it, without a worker.
TASKS = {"default": {"BACKEND": env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A job's progress is written on a connection of its own, so that the progress page
    # sees it while the job's work is still inside its one transaction. (SQLite allows
    # one writer at a time, so there the progress shows when the work commits.)
    DATABASES["jobs"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

# Money
REPORTING_CURRENCY = env_str("REPORTING_CURRENCY", "USD")
# The address users reach Mobiliza at: links in e-mails sent by background tasks use it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reminders of reports owed go out this many days before the due date, unless an
# obligation says otherwise.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 14)

# Demo data may be loaded only where this is true (never in production).
MOBILIZA_ALLOW_DEMO_DATA = False
# The coalition configuration applied by `manage.py load_coalition` when no file is named.
MOBILIZA_COALITION_FILE = env_str(
    "MOBILIZA_COALITION_FILE", str(BASE_DIR / "mobiliza" / "plan" / "data" / "corett.yaml")
)
# The letterhead of acknowledgement letters (agreements.letters): the Technical
# Secretariat's address (lines separated by "|"), the city letters are dated in unless the
# sender names another, and a logo (a PNG or JPEG file; none when empty).
MOBILIZA_SECRETARIAT_ADDRESS = env_str("MOBILIZA_SECRETARIAT_ADDRESS", "")
MOBILIZA_LETTER_CITY = env_str("MOBILIZA_LETTER_CITY", "Ciudad de Guatemala")
MOBILIZA_LETTERHEAD_LOGO = env_str("MOBILIZA_LETTERHEAD_LOGO", "")
# Days the files of a consultancy call's applicants are kept after the call closes; then
# `manage.py purge_applicant_files` deletes them (portfolio.consultancies).
MOBILIZA_APPLICANT_RETENTION_DAYS = env_int("MOBILIZA_APPLICANT_RETENTION_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
