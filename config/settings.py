"""Settings for Ground Truth.

One file for every deployment: each difference comes from an environment
variable, read through the helpers below. Secure by default: DEBUG is off
unless set, and a production start-up refuses to run without SECRET_KEY.
The README lists every variable.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {value!r}.")


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url):
    """Turn a DATABASE_URL into a Django DATABASES entry.

    dj-database-url reads the URL, percent-decoding each part (a socket
    directory as host: ``postgres://gt@%2Fvar%2Frun%2Fpostgresql/gt``) and
    turning query parameters into connection options (``?sslmode=require``).
    Two schemes are served: ``sqlite:///relative/path`` (or
    ``sqlite:////absolute/path``) and ``postgres://`` (``postgresql://``),
    each with the options below.
    """
    try:
        database = dj_database_url.parse(url)
    except ValueError as error:
        sys.exit(f"DATABASE_URL cannot be read: {error}")
    engine = database["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # sqlite:///db.sqlite3 -> "db.sqlite3", beside manage.py whatever the
        # working directory; BASE_DIR / "/tmp/x" leaves an absolute path.
        database["NAME"] = BASE_DIR / database["NAME"]
        database["OPTIONS"] = {
            # Writers queue (BEGIN IMMEDIATE, waiting up to 20 s) instead
            # of failing with "database is locked" when many send at
            # once; WAL lets readers go on meanwhile; deleted rows are
            # overwritten with zeros, whatever the build's default.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA secure_delete=ON;"
            ),
            **database.get("OPTIONS", {}),
        }
        return database
    if engine == "django.db.backends.postgresql":
        # Reuse connections across requests, and check them first so a
        # restarted database does not turn into errors for workers.
        database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        database["CONN_HEALTH_CHECKS"] = True
        return database
    sys.exit(
        "DATABASE_URL must start with sqlite:// or postgres://, "
        f"not {url.split(':', 1)[0]!r}."
    )


DEBUG = env_bool("DEBUG")

# Commands that only read the code, never serve, sign or store anything, may
# run without a key (a developer's `manage.py check` or `makemigrations`).
KEYLESS_COMMANDS = {"check", "makemigrations", "makemessages", "compilemessages"}
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    keyless = len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS
    if not (DEBUG or keyless):
        sys.exit(
            "SECRET_KEY is not set: set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development only)."
        )
    SECRET_KEY = "django-insecure-local-development-only"
# Earlier keys, kept while SECRET_KEY changes: sessions signed with them and
# text encrypted under keys derived from them still open (README).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Keys of the free text encrypted at rest (stories, incident accounts):
# Fernet keys, the first one encrypting; by default keys derived from
# SECRET_KEY and its fallbacks (core.encryption).
TEXT_ENCRYPTION_KEYS = env_list("TEXT_ENCRYPTION_KEYS")

# The smallest number of people any public figure may be about.
K_ANONYMITY = env_int("K_ANONYMITY", 5)

# The licence of the published figures, stated in the release's data package
# (stats/package.py). Neither the README nor the design named one: CC BY 4.0
# lets researchers and unions reuse the figures as long as they cite the
# source, which is what a release number is for. The operator may change it.
PUBLISHED_DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}

# Whom to tell about a weakness (mailto: or https: addresses, comma
# separated), published at /.well-known/security.txt; none, no file.
SECURITY_CONTACT = env_list("SECURITY_CONTACT", [])

# Who runs this site, as its About page says; each shows "not filled in yet"
# while empty, and `check --deploy` warns (core.checks). SITE_CONTACT is an
# address (mailto: or https:) or a plain sentence; LEGAL_REQUEST_POLICY what
# the operator does when a platform, the police or a court asks for data.
SITE_OPERATOR_NAME = os.environ.get("SITE_OPERATOR_NAME", "").strip()
SITE_CONTACT = os.environ.get("SITE_CONTACT", "").strip()
LEGAL_REQUEST_POLICY = os.environ.get("LEGAL_REQUEST_POLICY", "").strip()

INSTALLED_APPS = [
    # Django's admin behind the moderators' login and second factor.
    "moderation.apps.GroundTruthAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "receipts",
    "moderation",
    "surveys",
    "testimonies",
    "incidents",
    "stats",
]

MIDDLEWARE = [
    "core.middleware.KnownHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages travel compressed to phones on metered data. Safe from BREACH:
    # Django masks the CSRF token anew in every response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.BrowserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.language_links",
                "core.context_processors.k_anonymity",
                "stats.context_processors.statistics_release",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or "sqlite:///db.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every worker process must see the same cache (rate limits, cached figures),
# so the default is the database, not each process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# Argon2 first: a stolen database must not give moderators' passwords away.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Languages. English is served without a prefix, the others under /fr/, /es/,
# /sw/, /fil/, /ar/, /hi/, /pt-br/, /id/, /bn/, so a shared link opens in the
# language it was sent in. Arabic is written right to left: base.html sets
# dir="rtl" and the right-to-left Bootstrap from Django's language metadata.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("sw", _("Swahili")),
    ("fil", _("Filipino")),
    ("ar", _("Arabic")),
    ("hi", _("Hindi")),
    ("pt-br", _("Brazilian Portuguese")),
    ("id", _("Indonesian")),
    ("bn", _("Bengali")),
]
# Django ships no metadata for Filipino; the language switcher needs its name.
LANG_INFO.setdefault(
    "fil",
    {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"},
)
# Older Android phones send Java's retired code for Indonesian (in-ID); Django
# follows a LANG_INFO fallback, as it does from zh-cn to zh-hans. (Portuguese
# of any region, pt and pt-PT, needs none: Django takes the one we have, pt-br.)
for retired_code in ("in", "in-id"):
    LANG_INFO.setdefault(retired_code, {"fallback": ["id"]})
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language a reader picks with the switcher, so that an English address
# does not send them back to their phone's language (core.middleware). A
# session cookie, like CSRF's: not kept for a year as a sign of a visit.
LANGUAGE_COOKIE_AGE = None
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, so browsers may keep each file for a year.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. The defaults are production's; `make run` sets DEBUG=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers ask for /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("USE_X_FORWARDED_PROTO"):
    # Only behind a proxy that sets this header itself and strips the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# No referrer to other sites. Not "no-referrer": with it, browsers send
# "Origin: null" on the site's own form posts, which CSRF checks then refuse.
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A session cookie: gone when the browser closes, not kept on a worker's
# phone for a year as a sign that they visited.
CSRF_COOKIE_AGE = None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Every asset comes from this site; nothing is loaded from anywhere else.
# Bootstrap's CSS draws its form controls with data: SVG images.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}

# Every log line goes through one handler whose filter replaces client
# addresses and receipt codes (config/logging.py), whatever logged it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "core.logging.ScrubFilter"}},
    "formatters": {
        # The day only: a log line's time would date a worker's request to
        # the second, as the database never does.
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "datefmt": "%Y-%m-%d",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["scrub"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        **{
            name: {"handlers": ["console"], "level": "INFO", "propagate": False}
            for name in ("django", "django.server", "gunicorn.error")
        },
        # gunicorn logs every request here: only with ACCESS_LOG=1 (README).
        "gunicorn.access": (
            {"handlers": ["console"], "level": "INFO", "propagate": False}
            if env_bool("ACCESS_LOG")
            else {"handlers": [], "level": "CRITICAL", "propagate": False}
        ),
    },
}

# Requests as large as the forms need and no larger: a story of 20,000
# characters is at most 80 KB of UTF-8; the report form has about 40 fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# Receipt codes are stored only as an HMAC under this secret. Changing it
# makes every receipt code already handed out stop working.
RECEIPT_SECRET = os.environ.get("RECEIPT_SECRET") or SECRET_KEY

# How many proxies in front of the app append to X-Forwarded-For; the rate
# limits read the client's address there (and hash it at once).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
# Per client and per hour; 0 turns a limit off. A client is one address,
# often shared by a cybercafé, an office or a carrier (CGNAT): entries
# saved are counted, not forms sent back for a mistake, and every post
# under a much looser cap (core.ratelimit).
RATE_LIMIT_SUBMISSIONS_PER_HOUR = env_int("RATE_LIMIT_SUBMISSIONS_PER_HOUR", 60)
RATE_LIMIT_ENTRY_POSTS_PER_HOUR = env_int("RATE_LIMIT_ENTRY_POSTS_PER_HOUR", 300)
RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR = env_int("RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR", 30)
# Once a code has opened a receipt, its pages stay open this long after the
# last one is seen (receipts.sessions); "End now" ends it at once.
RECEIPT_SESSION_IDLE_SECONDS = env_int("RECEIPT_SESSION_IDLE_SECONDS", 15 * 60)

# Moderators. Only they log in; workers never have an account.
LOGIN_URL = "moderation-login"
LOGIN_REDIRECT_URL = "moderation-dashboard"
# A working day, and never past closing the browser.
SESSION_COOKIE_AGE = env_int("MODERATOR_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Every moderator sets up a TOTP second factor before seeing the queue.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Ground Truth"
# Failed logins allowed per 15 minutes: per client, and per account from one
# client. An account is never locked (anyone could lock its moderator out):
# after LOGIN_FAILURES_PER_ACCOUNT failures from anywhere, each client may
# try it once per LOGIN_SLOWDOWN_SECONDS (moderation.access).
LOGIN_FAILURES_PER_CLIENT = env_int("LOGIN_FAILURES_PER_CLIENT", 20)
LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT = env_int(
    "LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT", 5
)
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_SLOWDOWN_SECONDS = max(env_int("LOGIN_SLOWDOWN_SECONDS", 60), 1)

# Retention: `manage.py apply_retention` (daily, from cron) deletes rejected
# entries after this many days, pending ones nobody reviewed, and stories
# whose author never answered the moderator's edits; and it replaces a
# published story's original words by the published copy.
RETENTION_REJECTED_DAYS = env_int("RETENTION_REJECTED_DAYS", 30)
RETENTION_PENDING_DAYS = env_int("RETENTION_PENDING_DAYS", 180)
RETENTION_AWAITING_AUTHOR_DAYS = env_int("RETENTION_AWAITING_AUTHOR_DAYS", 90)
RETENTION_ORIGINALS_DAYS = env_int("RETENTION_ORIGINALS_DAYS", 30)
