"""Django settings for Setwise, read from the environment.

SETWISE_ENV        development (default) | production | test
DATABASE_URL       default: sqlite:///<SETWISE_DATA_DIR>/setwise.sqlite3
SECRET_KEY         required in production; generated once and kept in the data folder locally
ALLOWED_HOSTS      comma-separated; default localhost names outside production
SETWISE_DATA_DIR   where the SQLite file, uploads and the local secret live (default ./data)
SETWISE_TASKS      database (default) | rq | immediate
REDIS_URL          for the RQ task backend (default redis://127.0.0.1:6379/0)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url

from setwise.config.env import ConfigError, env_bool, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
SETWISE_ENV = env_str("SETWISE_ENV", "development") or "development"
if SETWISE_ENV not in {"development", "production", "test"}:
    raise ConfigError(f"SETWISE_ENV must be development, production or test, got {SETWISE_ENV!r}")
PRODUCTION = SETWISE_ENV == "production"
TESTING = SETWISE_ENV == "test" or "pytest" in sys.modules
DATA_DIR = Path(env_str("SETWISE_DATA_DIR") or PROJECT_DIR / "data").resolve()

SECRET_KEY = secret_key(DATA_DIR, PRODUCTION)
DEBUG = False if PRODUCTION else env_bool("SETWISE_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS must be set when SETWISE_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "django_rq",
    "setwise.core",
    "setwise.accounts",
    "setwise.productions",
    "setwise.partners",
    "setwise.breakdown",
    "setwise.scheduling",
    "setwise.workrules",
    "setwise.reports",
    "setwise.budgets",
    "setwise.intimacy",
    "setwise.post",
    "setwise.callsheets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "setwise.core.middleware.TimezoneMiddleware",
]

ROOT_URLCONF = "setwise.config.urls"
WSGI_APPLICATION = "setwise.config.wsgi.application"
ASGI_APPLICATION = "setwise.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "setwise.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'setwise.sqlite3'}",
        conn_max_age=0 if TESTING else 60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
    if not TESTING:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Internationalisation: English default, complete Korean and Japanese; more languages listed for content.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어"), ("ja", "日本語")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # stored in UTC; shown in the production's (or the user's) time zone

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# E-mail: printed to the console locally; SMTP in production (EMAIL_HOST, EMAIL_PORT, EMAIL_USER, EMAIL_PASSWORD).
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND")
        or (
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend"
        ),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_USER", "") or "",
            "password": env_str("EMAIL_PASSWORD", "") or "",
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if PRODUCTION
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Setwise <noreply@setwise.local>")

# Background jobs: Django's tasks framework. One machine: the database backend and `setwise db_worker`.
# Several worker machines: SETWISE_TASKS=rq with `setwise rqworker` on each (Redis at REDIS_URL).
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0") or ""
SETWISE_TASKS = env_str("SETWISE_TASKS", "immediate" if TESTING else "database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
if SETWISE_TASKS not in _TASK_BACKENDS:
    raise ConfigError(f"SETWISE_TASKS must be one of {sorted(_TASK_BACKENDS)}, got {SETWISE_TASKS!r}")
TASKS = {"default": _TASK_BACKENDS[SETWISE_TASKS]}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# RQ workers must run Django tasks through django-tasks-rq's job class (plain RQ jobs cannot call a Task).
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# Uploads: partner imports up to 10 MB (configurable); larger files are refused with a clear message.
SETWISE_IMPORT_MAX_BYTES = env_int("SETWISE_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = SETWISE_IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS-terminating proxy in production: HTTPS only, remembered by browsers (HSTS_SECONDS=0 turns it off).
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SETWISE_LOG_LEVEL", "WARNING")},
}
