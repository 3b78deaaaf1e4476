"""Settings for Patient Forum, read from the environment (twelve-factor).

Every variable is listed in `.env.example` and the README. With `DEBUG` on, safe local
defaults apply; with it off (production), a missing secret stops the process at start.
"""

import json
import os
import subprocess
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (production), "
            "or set DEBUG=1 for local development."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "accounts",
    "forum",
    "conversations",
    "moderation",
    "notifications",
    "search",
]

MIDDLEWARE = [
    # A cookie-less GET for a visitor's page the page cache answered before is answered
    # here, with the headers the whole stack gave it (forum/pagecache/front.py).
    "forum.pagecache.front.VisitorPageMiddleware",
    # Pages compressed for browsers that accept it (a home page is 17 KB, 4 KB
    # compressed: one round trip fewer on a phone), at zlib's fastest level. Inside the
    # front cache, which keeps compressed and plain copies apart and so compresses a
    # visitor's page once per copy (config/compression.py: BREACH).
    "config.compression.GZipMiddleware",
    "config.middleware.PrivacyHeadersMiddleware",
    "config.logging.RequestIdMiddleware",
    "config.db_router.ReadYourWritesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RejectOversizedRequestMiddleware",
    "config.middleware.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the language cookie (the footer's switcher), else Accept-Language;
    # a signed-in member's own setting wins (accounts.middleware.MemberLanguageMiddleware).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.MemberLanguageMiddleware",
    "config.logging.UserIdMiddleware",
    # Dates in the reader's time zone (the member's, or the visitor's `tz` cookie).
    "accounts.middleware.TimeZoneMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.RateLimitedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.ConsentRequiredMiddleware",
    "accounts.middleware.TwoFactorForStaffMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE (for <html lang>) and LANGUAGES (the language switcher).
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Reading comfort (theme, text size, font, motion) on <html>.
                "accounts.comfort.context_processor",
                "config.context_processors.site",
                # The unread count and, for moderators and clinicians, what waits for them.
                "notifications.context_processors.unread_notifications",
                "conversations.context_processors.unread_conversations",
                "moderation.context_processors.open_reports",
                "forum.context_processors.waiting_for_clinicians",
            ],
        },
    },
]

# Database: an SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: a new connection per request costs 20-35 % of
        # throughput on PostgreSQL. Health checks drop a connection the server closed.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Read replicas (optional): comma-separated URLs. Reads go to a replica, writes to the
# primary; a member who just wrote reads from the primary for READ_YOUR_WRITES_SECONDS.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica_{number}"
    DATABASES[alias] = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    # In tests a replica is the primary's test database under another name.
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(alias)
# PostgreSQL's JIT compiler is for long analytical queries: on a web request's queries it
# spent up to half a second compiling what then ran in milliseconds.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {})
        _database["OPTIONS"].setdefault("options", "-c jit=off")
# SQLite, the embedded default, under simultaneous writers: the write-ahead log lets
# readers go on while one member writes; BEGIN IMMEDIATE takes the write lock when a
# transaction starts (a deferred one that reads first fails at once with "database is
# locked" instead of waiting); the busy timeout lets a writer wait its turn.
SQLITE_BUSY_TIMEOUT_SECONDS = env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database.setdefault("OPTIONS", {})
        _database["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
        _database["OPTIONS"].setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
        _database["OPTIONS"].setdefault(
            "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        )
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"] if DATABASE_REPLICAS else []
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and rate-limit counters. With REDIS_URL (or CACHE_URL) they live in
# Redis, shared by every web process. Without it: process memory in development, and the
# database in production, so that several gunicorn workers still share rate limits.
REDIS_URL = env_str("REDIS_URL") or env_str("CACHE_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pf",
        }
    }
    # Sessions read from Redis, written through to the database (survive a cache flush).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "patient-forum",
        }
    }
else:
    # Needs `manage.py createcachetable` once (the deploy steps run it).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# Long keys become a digest: a key may carry words a member typed, and Django's warning
# about a key too long for memcached would print it whole on standard error.
for _cache in CACHES.values():
    _cache.setdefault("KEY_FUNCTION", "config.cache.make_key")

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the signed-in member more cheaply.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forum:home"
LOGOUT_REDIRECT_URL = "forum:home"

# django-allauth: email is the login; the display name is collected at sign-up.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Patient Forum] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's forms with the forum's own labels (accounts/entrance_forms.py).
ACCOUNT_FORMS = {
    name: f"accounts.entrance_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
        "change_email": "ChangeEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# One address per member; a new one replaces the old only once confirmed.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes, for
# every member who wants it; staff and moderators must have it before they reach the admin
# or the moderation controls (accounts.middleware.TwoFactorForStaffMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Patient Forum"

ACCOUNT_RATE_LIMITS = {
    "signup": "10/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # Confirming the password again (export, email changes): limited like sign-in.
    "reauthenticate": "5/5m/user,20/5m/ip",
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Languages: English and French. Our own texts are translated in locale/ (one catalogue
# for the whole project, compiled .mo committed: see the README); allauth's and Django's
# pages use their own catalogues for what we did not write ourselves.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats (config/formats/): "5 Dec 2026" in English; French keeps Django's
# "5 décembre 2026".
FORMAT_MODULE_PATH = ["config.formats"]
# A visitor's choice from the language switcher, kept for a year; never read by scripts.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Only for the file-based backend (drills and local debugging): where messages are written.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Patient Forum <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. HTTPS-only settings apply in production (DEBUG off).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
# Behind the proxies we run, the client's address is the one the nearest of them added
# to X-Forwarded-For (anything further left is the client's own claim). Sign-in limits
# (allauth) and the forum's own limits read it the same way; without a proxy, the
# connection's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1) if BEHIND_TLS_PROXY else 0
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features the site never uses, denied to it and to anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), ambient-light-sensor=(), autoplay=(), battery=(), camera=(), "
    "display-capture=(), document-domain=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), serial=(), usb=(), web-share=(), xr-spatial-tracking=(), "
    "browsing-topics=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe health over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preload-ready by default: a health site is HTTPS-only for good. Set 0 to opt out.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if BEHIND_TLS_PROXY:
        # Only when a proxy we run terminates TLS and sets this header itself.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy, enforced: no inline script, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Consent: bump a version when its text changes; members are asked again at next sign-in.
TERMS_VERSION = env_str("TERMS_VERSION", "2026-11")
HEALTH_DATA_CONSENT_VERSION = env_str("HEALTH_DATA_CONSENT_VERSION", "2026-11")
MINIMUM_AGE = env_int("MINIMUM_AGE", 16)

# Moderation: hold a new member's first N posts for review (0 = off; 1 is wise in public).
MODERATION_REVIEW_FIRST_POSTS = env_int("MODERATION_REVIEW_FIRST_POSTS", 0)
# A post reported by this many different members is hidden until a moderator looks at it.
MODERATION_AUTO_HIDE_REPORTS = env_int("MODERATION_AUTO_HIDE_REPORTS", 3)
# Shown to a member who reports a risk of self-harm. Set it for your country; empty, the
# forum's own general text is shown, in the reader's language (moderation.views).
MODERATION_URGENT_HELP_TEXT = env_str("MODERATION_URGENT_HELP_TEXT")
# Help lines by country (ISO code), as JSON: {"GB": "…", "FR": "…"}. They replace the
# forum's own (forum.crisis.HELP_LINES) for members in that country; shown to a member
# whose post may signal a risk of self-harm, and to those who report one.
MODERATION_HELP_LINES = json.loads(env_str("MODERATION_HELP_LINES") or "{}")

# Writes per member and per IP address: "count/seconds/scope", comma-separated.
WRITE_RATE_LIMITS = {
    "thread": env_str("RATE_LIMIT_THREAD", "5/600/user,20/600/ip"),
    "reply": env_str("RATE_LIMIT_REPLY", "6/60/user,30/60/ip"),
    "edit": env_str("RATE_LIMIT_EDIT", "20/60/user,60/60/ip"),
    "report": env_str("RATE_LIMIT_REPORT", "10/3600/user,30/3600/ip"),
    "thanks": env_str("RATE_LIMIT_THANKS", "60/60/user,200/60/ip"),
    # Drafts save themselves a few seconds after typing stops: generous, but bounded.
    "draft": env_str("RATE_LIMIT_DRAFT", "30/60/user,120/60/ip"),
    # The reply box's @mention suggestions, asked as the member types a name.
    "suggest": env_str("RATE_LIMIT_SUGGEST", "60/60/user,240/60/ip"),
    # Following, muting and blocking members.
    "relation": env_str("RATE_LIMIT_RELATION", "30/60/user,120/60/ip"),
    # Private messages: new conversations are where spam goes first, so they are few.
    "conversation": env_str("RATE_LIMIT_CONVERSATION", "5/3600/user,20/3600/ip"),
    "message": env_str("RATE_LIMIT_MESSAGE", "10/60/user,40/60/ip"),
    "verification": env_str("RATE_LIMIT_VERIFICATION", "3/86400/user,10/86400/ip"),
    # Forms that check the member's password again (account deletion): as sign-in does,
    # five tries in five minutes, so a hijacked session cannot guess the password.
    "password_check": env_str("RATE_LIMIT_PASSWORD_CHECK", "5/300/user,20/300/ip"),
}
# Requests larger than this are refused with 413 before they are read (posts are capped
# at FORUM_POST_MAX_LENGTH characters anyway).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 1_000_000)

# Forum limits: checked before rendering, so pathological markdown never reaches the parser.
FORUM_POST_MAX_LENGTH = env_int("FORUM_POST_MAX_LENGTH", 20000)
FORUM_POST_MAX_BRACKETS = env_int("FORUM_POST_MAX_BRACKETS", 300)
FORUM_POST_MAX_MENTIONS = env_int("FORUM_POST_MAX_MENTIONS", 10)
FORUM_TITLE_MAX_LENGTH = 150
# Private conversations: at most this many members in one (its starter included), and
# a member may start one once their email is confirmed and this many of their posts
# are published (neither held for review nor hidden).
CONVERSATIONS_MAX_MEMBERS = env_int("CONVERSATIONS_MAX_MEMBERS", 10)
CONVERSATIONS_MIN_POSTS = env_int("CONVERSATIONS_MIN_POSTS", 1)
CONVERSATIONS_PER_PAGE = env_int("CONVERSATIONS_PER_PAGE", 20)
CONVERSATION_MESSAGES_PER_PAGE = env_int("CONVERSATION_MESSAGES_PER_PAGE", 30)
# What a moderator sees around a reported message: this many messages before and after.
CONVERSATIONS_REPORT_CONTEXT = env_int("CONVERSATIONS_REPORT_CONTEXT", 3)
FORUM_THREADS_PER_PAGE = env_int("FORUM_THREADS_PER_PAGE", 25)
FORUM_REPLIES_PER_PAGE = env_int("FORUM_REPLIES_PER_PAGE", 20)
# A discussion a member never opened is marked "New" in lists this many days after it
# started (and only if it started after they joined).
FORUM_NEW_DAYS = env_int("FORUM_NEW_DAYS", 14)
# The personal-data check before posting (forum.personal_data) reads phone numbers written
# the way these countries write them (ISO codes); numbers with a +country prefix always.
FORUM_PHONE_REGIONS = env_list("FORUM_PHONE_REGIONS", "GB,FR")
# Drafts not saved for this many days are deleted by `manage.py expire_drafts` (cron).
FORUM_DRAFT_DAYS = env_int("FORUM_DRAFT_DAYS", 30)
# A post its author withdrew stays readable by moderators this many days (and while a
# report on it is open), then `manage.py erase_withdrawn` (cron) erases its text.
FORUM_WITHDRAWN_KEEP_DAYS = env_int("FORUM_WITHDRAWN_KEEP_DAYS", 30)

# Visitors' whole pages and members' shared copies (forum.pagecache; 0 turns both off);
# invalidated on every write that affects them, so this bounds only how stale a sidebar
# can be.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)


def _git_revision() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip()


# The release being served (the git revision, say), part of every cached page's key: a
# deploy, even a rolling one, never fills a copy that other code made. Every worker of a
# release must agree on it, so it is never made up per process: from the environment,
# else the checkout's git revision; required in production when neither exists.
RELEASE = env_str("RELEASE") or _git_revision()
if not RELEASE:
    if not DEBUG:
        raise ImproperlyConfigured(
            "RELEASE is not set and this is not a git checkout: set RELEASE to the "
            "version being deployed (for example its git revision)."
        )
    RELEASE = "dev"

# Search: the PostgreSQL text search configuration (language) for stemming and stop
# words. After changing it, run `manage.py search_reindex`.
SEARCH_CONFIG = env_str("SEARCH_CONFIG", "english")

# Logs go to standard error: JSON lines in production (LOG_FORMAT=json, the default with
# DEBUG off), readable text in development. See config/logging.py.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "config.logging.RequestContextFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] "
            "%(message)s"
        },
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request errors are logged with their traceback (never shown on the page).
        "django.request": {"level": "WARNING", "propagate": True},
    },
}

# Clinician verification: how long an approval lasts before the clinician must renew it,
# and how many days before that date the daily `clinician_rechecks` job reminds them.
CLINICIAN_REVIEW_DAYS = env_int("CLINICIAN_REVIEW_DAYS", 365)
CLINICIAN_REMINDER_DAYS = env_int("CLINICIAN_REMINDER_DAYS", 30)

# Notifications and their emails (the `notifications` app) ----------------------------
# Where emails link back to: the public address of the site, without a trailing slash.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Task queue: Celery with a Redis broker. Tasks run inline by default (no broker, no
# worker: development and tests). With CELERY_TASK_ALWAYS_EAGER=0, start workers with
# `celery -A config worker -l info` (see config/celery.py).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
# Inline, a task's error reaches the code that queued it, which logs it.
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_TASK_ALWAYS_EAGER:
    # Inline, a log line per task run would only repeat what the request log says.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
# A clinician who takes a question for an expert holds it this long; unanswered, it is
# free again for another clinician.
FORUM_EXPERT_TAKE_HOURS = env_int("FORUM_EXPERT_TAKE_HOURS", 48)
# Warnings (moderation.warnings): this many within this many days, and the moderators
# are offered a suspension with the warnings listed.
MODERATION_WARNING_THRESHOLD = env_int("MODERATION_WARNING_THRESHOLD", 3)
MODERATION_WARNING_DAYS = env_int("MODERATION_WARNING_DAYS", 90)
