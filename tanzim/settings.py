"""Tanzim settings: one module, driven by the environment, loud about mistakes.

DATABASE_URL absent  -> SQLite in var/tanzim.sqlite3 (laptop, demo).
DATABASE_URL present -> that database (PostgreSQL in production and in the CI's second leg).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("TANZIM_DEBUG", True)
SECRET_KEY = env_str("TANZIM_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("TANZIM_SECRET_KEY must be set when TANZIM_DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"

ALLOWED_HOSTS = env_list("TANZIM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "tanzim.core",
    "tanzim.territory",
    "tanzim.people",
    "tanzim.organs",
    "tanzim.meetings",
    "tanzim.press",
    "tanzim.elections",
    "tanzim.oversight",
    "tanzim.access",
    "tanzim.api",
    "tanzim.casework",
    "tanzim.demo",
]

MIDDLEWARE = [
    "tanzim.core.middleware.DatabaseUnavailableMiddleware",  # outermost: a 503 page when the database is down
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tanzim.access.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tanzim.urls"
WSGI_APPLICATION = "tanzim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tanzim.access.context_processors.scope",  # reads the profile: before the inbox's count
                "tanzim.press.context_processors.inbox",
            ],
        },
    }
]

_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    # Persistent connections, checked before reuse: after a database restart the next request
    # opens a new connection instead of failing on the dead one.
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Test databases in UTF-8 whatever the server's template1 says (Arabic names).
        DATABASES["default"]["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("TANZIM_SQLITE_PATH", str(BASE_DIR / "var" / "tanzim.sqlite3")),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor codes (TOTP) are optional for everyone and mandatory for national admins (Profile.national,
# superusers) when this is on: by default in production (TANZIM_DEBUG=0), off for the demo and tests.
TANZIM_TOTP_REQUIRED_FOR_NATIONAL = env_bool("TANZIM_TOTP_REQUIRED_FOR_NATIONAL", not DEBUG)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Arabic first, French second.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded files and generated reports (roll imports); never served by whitenoise.
MEDIA_ROOT = Path(env_str("TANZIM_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Cached figures (a territory's member counts, the coverage history): in each process by default;
# TANZIM_CACHE_DIR shares them between the server's worker processes on one machine, so a count is
# made once per machine rather than once per worker (docs/operations.md).
_cache_dir = env_str("TANZIM_CACHE_DIR", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": _cache_dir,
        "OPTIONS": {"MAX_ENTRIES": 20_000},  # room for a working day's sessions before a cull
    }
    if _cache_dir
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Sessions are read on every request: with a cache the workers share, from the cache first (the
# database stays the record). Not with a cache in each process: a session ended in one worker
# would live on in the others' caches.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if _cache_dir else "django.contrib.sessions.backends.db"
)

# Background jobs (roll imports…): a database-backed queue, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Behind HTTPS in production (TANZIM_DEBUG=0): redirect, HSTS, secure cookies; the reverse proxy
# sets X-Forwarded-Proto (see docs/operations.md).
SECURE_SSL_REDIRECT = env_bool("TANZIM_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(env_str("TANZIM_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("TANZIM_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = int(env_str("TANZIM_SESSION_SECONDS", str(8 * 3600)))  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("TANZIM_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env_str("TANZIM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Lists
TANZIM_PAGE_SIZE = 50
# API pages: at most 500 rows, offsets bounded (a larger one is a 422, not a database error).
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_MAX_OFFSET = 10_000_000
# The public address printed in the QR codes of membership cards (empty: the address of the request).
TANZIM_PUBLIC_URL = env_str("TANZIM_PUBLIC_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TANZIM_LOG_LEVEL", "WARNING")},
}
