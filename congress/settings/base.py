"""Settings shared by every environment.

Everything that differs between machines comes from environment variables; see README.md.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "congress",
    "programme",
    "speakers",
    "registrations",
    "cms",
    "demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    # django-rules; loads every app's rules.py at start-up (docs/permissions.md).
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # two-factor sign-in (TOTP, recovery codes); cms/admin_mfa.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP and Permissions-Policy; outside the page cache so cached hits carry them too.
    "congress.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are answered here, before sessions and routing (cms/caching.py).
    "cms.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale (its 400 page speaks the user's language), before anything reads input.
    "congress.http.RejectControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # /admin/ needs a second factor when REQUIRE_ADMIN_MFA is on (cms/admin_mfa.py); then one
    # limiter for the sign-in forms of /admin/ and /accounts/ (cms/signin.py).
    "cms.admin_mfa.AdminMfaMiddleware",
    "cms.signin.SignInLimitMiddleware",
]

# Security headers from SecurityMiddleware (Django's defaults, pinned here); the CSP and the
# Permissions-Policy come from congress/security.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "congress.urls"
WSGI_APPLICATION = "congress.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# The cache never takes the site down: its errors are misses (congress/cache.py), a server that
# does not answer within REDIS_TIMEOUT seconds counts as down for a few seconds, and what each
# rate limit does meanwhile is decided in congress/ratelimit.py. Without REDIS_URL the processes
# of one machine share a file cache in CACHE_DIR (default: one directory per database in the
# temporary directory), so that a publication by any process (publish_scheduled, a shell) shows
# at once in the running server.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "congress.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "congress",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    _db = DATABASES["default"]
    _database_tag = hashlib.sha256(
        "|".join(str(_db.get(part, "")) for part in ("ENGINE", "HOST", "PORT", "NAME")).encode()
    ).hexdigest()[:16]
    CACHES = {
        "default": {
            "BACKEND": "congress.cache.DegradingFileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR")
            or Path(tempfile.gettempdir()) / "congress-cache" / _database_tag,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # django-ratelimit's counts: a file cache cannot increment atomically (django-ratelimit
        # refuses it) and costs ~0.6 ms a count, so without Redis each process counts for itself.
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
RATELIMIT_USE_CACHE = "ratelimit" if "ratelimit" in CACHES else "default"
# django-ratelimit reports a count the cache could not make as no usage; congress/ratelimit.py
# then decides per limit whether to let the request through.
RATELIMIT_FAIL_OPEN = True
# Cached pages carry the content version; the authoritative one is in the database
# (congress.ContentVersion). Each process compares the cache's copy with it at most this often,
# which bounds how long a cache restored from an old snapshot can serve stale pages.
CONTENT_VERSION_CHECK_SECONDS = float(os.environ.get("CONTENT_VERSION_CHECK_SECONDS", "2"))

# Background work: django-tasks. Without TASKS_BACKEND=database tasks run in-process.
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The email outbox (congress/outbox.py). Without a worker (the immediate backend) the process
# that commits an email sends the due ones right after its commit; with a worker,
# `manage.py run_worker` sends them every OUTBOX_POLL_SECONDS.
OUTBOX_SEND_ON_COMMIT = env_bool(
    "OUTBOX_SEND_ON_COMMIT", os.environ.get("TASKS_BACKEND", "immediate") != "database"
)
OUTBOX_POLL_SECONDS = float(os.environ.get("OUTBOX_POLL_SECONDS", "2"))
# A sender holds the rows it claimed this long; a dead sender's rows are taken over after it.
OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "300"))
OUTBOX_CLAIM_SIZE = int(os.environ.get("OUTBOX_CLAIM_SIZE", "50"))
# Threads of one sender on PostgreSQL, each with its own database and SMTP connection.
OUTBOX_SENDER_THREADS = int(os.environ.get("OUTBOX_SENDER_THREADS", "4"))
# Delays before the 2nd, 3rd, ... attempt of a failed delivery (seconds): 1 min, 5 min, 15 min,
# 30 min, 1 h, 2 h, 4 h, 8 h, 10 h; after the last attempt (about 26 hours on) the row is FAILED.
OUTBOX_RETRY_DELAYS = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 36000]
# Workers (manage.py run_worker) write a heartbeat this often; a worker silent for
# WORKER_HEARTBEAT_TIMEOUT seconds is dead and its running tasks are started again. Tasks of
# workers without a heartbeat (plain db_worker) are started again after TASK_MAX_RUNTIME seconds.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))
WORKER_HEARTBEAT_TIMEOUT = float(os.environ.get("WORKER_HEARTBEAT_TIMEOUT", "60"))
TASK_MAX_RUNTIME = int(os.environ.get("TASK_MAX_RUNTIME", "3600"))
# The periodic jobs of `manage.py run_worker` (congress/scheduler.py): name -> seconds between
# runs and what runs (a management command or a dotted path to a function). "exclusive" jobs run
# in one scheduler at a time (a lease in the database); the outbox may send from every worker.
PERIODIC_JOBS = {
    "send_outbox": {"every": OUTBOX_POLL_SECONDS, "call": "congress.outbox.send_due_messages"},
    "recover_tasks": {"every": 30, "call": "congress.scheduler.recover_stalled_tasks"},
    "publish_scheduled": {"every": 60, "command": "publish_scheduled", "exclusive": True},
    "expire_registrations": {"every": 60, "command": "expire_registrations", "exclusive": True},
    "send_change_notices": {"every": 60, "command": "send_change_notices", "exclusive": True},
}
# Change notices (programme/notice_digest.py): an edition's changes of published sessions go out
# as one digest per person once the first is this many minutes old.
CHANGE_NOTICE_WINDOW = int(os.environ.get("CHANGE_NOTICE_WINDOW", "15"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Permissions on objects (an edition, a forum, a registration) come from the predicates of each
# app's rules.py over the users' roles; ModelBackend still answers Django's global permissions
# (Wagtail's own models), but never an object's. See docs/permissions.md.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email is the login, no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: cms/signin.py counts them per address and account and never locks an
    # account; allauth's lock of an account after five failures is off. Its other limits
    # (password reset requests, login codes) stay as allauth sets them.
    "login_failed": None,
    "signup": "20/m/ip",
}
# A sign-in code by email: the way in for an account whose password is under attack (cms/signin.py).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Two-factor sign-in (allauth.mfa) for everyone who wants it under /accounts/2fa/; with
# REQUIRE_ADMIN_MFA on, whoever opens /admin/ must have it, and /admin/login/ hands over to
# /accounts/login/ (cms/admin_mfa.py). Off by default (development, tests); on in production.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Kongressportal")
REQUIRE_ADMIN_MFA = env_bool("REQUIRE_ADMIN_MFA")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL = "/"  # unused for sign-ins: cms.accounts.AccountAdapter decides
ACCOUNT_ADAPTER = "cms.accounts.AccountAdapter"
# Behind a load balancer: how many proxies append to X-Forwarded-For, so that rate limits and the
# shared-link check of online access see the client's address, not the balancer's.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# A URL name, reversed per request: /en/mein-bereich/ sends to /en/accounts/login/.
LOGIN_URL = "account_login"

# Login through an external OpenID Connect provider: off unless OIDC_SERVER_URL is set.
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "")
if OIDC_SERVER_URL:
    INSTALLED_APPS += [
        "allauth.socialaccount",
        "allauth.socialaccount.providers.openid_connect",
    ]
    SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": os.environ.get("OIDC_PROVIDER_ID", "oidc"),
                    "name": os.environ.get("OIDC_PROVIDER_NAME", "Single Sign-on"),
                    "client_id": os.environ.get("OIDC_CLIENT_ID", ""),
                    "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ]
        }
    }
    SOCIALACCOUNT_EMAIL_AUTHENTICATION = True

# Speakers: invitation links stay valid this many days; uploads are limited in size.
SPEAKER_INVITATION_DAYS = int(os.environ.get("SPEAKER_INVITATION_DAYS", "30"))
SPEAKER_SLIDES_MAX_BYTES = int(os.environ.get("SPEAKER_SLIDES_MAX_BYTES", str(50 * 1024 * 1024)))
SPEAKER_PHOTO_MAX_BYTES = int(os.environ.get("SPEAKER_PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads that must not be public by URL (speakers' slides): outside MEDIA_ROOT and STATIC_ROOT,
# served only through a permission check (speakers/views/portal.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A hanging mail server holds one outbox batch this long at most, never a request.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kongress@localhost")

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Kongressportal")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Domain in the UIDs of calendar entries (programme/calendar.py). Calendar apps match entries by
# UID, so pin it when the site moves to another domain.
CALENDAR_UID_DOMAIN = (
    os.environ.get("CALENDAR_UID_DOMAIN") or urlsplit(WAGTAILADMIN_BASE_URL).hostname
)
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads by speakers with more pixels are refused from the header, before anything decodes
# them: a small PNG can unpack to gigabytes (speakers/validators.py).
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", str(40_000_000)))
# Pillow refuses images beyond its own limit (89,478,485 pixels) by itself, its warning being an
# error (congress/apps.py); editors' Wagtail images up to there, checked by Wagtail likewise.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 89_478_485
WAGTAILDOCS_EXTENSIONS = ["pdf", "pptx", "odp", "docx", "odt", "xlsx", "ods"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Registrations (registrations/): Stripe keys, the ticket signing key (Ed25519 seed, 32 bytes as
# URL-safe base64; derived from SECRET_KEY when unset) and the holding periods.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
TICKET_SIGNING_KEY = os.environ.get("TICKET_SIGNING_KEY", "")
REGISTRATION_RESERVATION_MINUTES = int(os.environ.get("REGISTRATION_RESERVATION_MINUTES", "30"))
REGISTRATION_OFFER_HOURS = int(os.environ.get("REGISTRATION_OFFER_HOURS", "48"))
# How long a seat is held for an address to be confirmed (TicketCategory.requires_confirmation).
REGISTRATION_CONFIRMATION_HOURS = int(os.environ.get("REGISTRATION_CONFIRMATION_HOURS", "24"))
# Personal online access links (registrations/access.py): a link used from this many different
# addresses within this many minutes is flagged to the organisers as probably shared.
# Registration attempts per client address ("20/m": 20 a minute); empty switches it off.
REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "20/m")
# Name searches at the check-in (registrations/views/checkin.py) per device token and per staff
# user ("30/m": 30 a minute); empty switches that limit off.
CHECKIN_SEARCH_RATE_LIMIT_DEVICE = os.environ.get("CHECKIN_SEARCH_RATE_LIMIT_DEVICE", "30/m")
CHECKIN_SEARCH_RATE_LIMIT_USER = os.environ.get("CHECKIN_SEARCH_RATE_LIMIT_USER", "30/m")
ONLINE_ACCESS_SHARED_ADDRESSES = int(os.environ.get("ONLINE_ACCESS_SHARED_ADDRESSES", "3"))
ONLINE_ACCESS_WINDOW_MINUTES = int(os.environ.get("ONLINE_ACCESS_WINDOW_MINUTES", "15"))
