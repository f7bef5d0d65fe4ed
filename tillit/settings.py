"""Tillit's one settings module, driven by environment variables.

The defaults let `make run` work with nothing installed (SQLite, tasks in-process, e-mail to the
console). Production sets DATABASE_URL, CELERY_BROKER_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS
and DEBUG=0; see the README for the full list.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def envlist(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or "django-insecure-only-for-development-and-tests-0c1d2e3f4a5b"
if not DEBUG and env("REQUIRE_SECRET_KEY") and not env("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env("SITE_NAME", "Tillit")

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
    "template_partials",
    "treebeard",
    "simple_history",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "tillit",
    "tillit.org",
    "tillit.cycle",
    "tillit.reports",
    "tillit.notifications",
    "planning",
    "planning.ekonomi",
    "planning.internkontroll",
    "dialogue",
    "surveys",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tillit.middleware.HtmxMessagesMiddleware",
    "tillit.locking.StaleEditMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tillit.urls"
WSGI_APPLICATION = "tillit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tillit.context_processors.tillit",
                "tillit.notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: an SQLite file for the quick start, PostgreSQL everywhere else.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "tillit"),
        }
    }
    # Sessions read from Redis, written through to the database: one query less per request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Password login, refused with LOCAL_LOGIN=0 unless the account is break-glass.
    "tillit.org.signin.LocalLoginBackend",
]
# Login throttling: after 5 failed attempts for a username from one address, wait 15 minutes.
# And one address may fail 100 times in that window across usernames (tillit/org/signin.py).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 100)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0) or None
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on over OpenID Connect (django-allauth's generic provider), on when the issuer (or
# its discovery URL) and the client are set. The redirect URI to register at the identity
# provider is https://<host>/accounts/oidc/<OIDC_PROVIDER_ID>/login/callback/.
OIDC_DISCOVERY_URL = env("OIDC_DISCOVERY_URL") or env("OIDC_ISSUER")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
OIDC_PROVIDER_ID = env("OIDC_PROVIDER_ID", "kommun")
OIDC_LOGIN_NAME = env("OIDC_LOGIN_NAME")  # "Logga in med …"; the kommun's name by default
OIDC_CLAIM_PERSON_ID = env("OIDC_CLAIM_PERSON_ID", "personid")
OIDC_CLAIM_EMAIL = env("OIDC_CLAIM_EMAIL", "email")
OIDC_CLAIM_NAME = env("OIDC_CLAIM_NAME", "name")
OIDC_SCOPES = envlist("OIDC_SCOPES", "openid,profile,email")
if bool(OIDC_DISCOVERY_URL) != bool(OIDC_CLIENT_ID):
    raise ImproperlyConfigured("OIDC_DISCOVERY_URL (or OIDC_ISSUER) and OIDC_CLIENT_ID go together")


def oidc_app(discovery_url, client_id, secret, provider_id="kommun", name="Kommunens inloggning"):
    """One identity provider for SOCIALACCOUNT_PROVIDERS (tests build one for their provider)."""
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {"server_url": discovery_url, "token_auth_method": "client_secret_post"},
    }


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "tillit.org.signin.TillitOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": OIDC_SCOPES,
        "APPS": [oidc_app(OIDC_DISCOVERY_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_PROVIDER_ID)]
        if OIDC_DISCOVERY_URL
        else [],
    }
}
SOCIALACCOUNT_ADAPTER = "tillit.org.signin.SocialAccountAdapter"
ACCOUNT_ADAPTER = "tillit.org.signin.AccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = True  # the button is a link; state, nonce and PKCE protect the flow
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_VERIFICATION = "none"
# Password login beside single sign-on; LOCAL_LOGIN=0 keeps it for break-glass accounts only.
LOCAL_LOGIN = envbool("LOCAL_LOGIN", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish everywhere a person reads. No LocaleMiddleware: the browser's Accept-Language must not
# switch a page to English number formats.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["tillit.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served publicly: reports and uploads go through permission checks
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Largest CSV/upload Tillit accepts (bytes); checked by the upload forms with a Swedish error.
MAX_UPLOAD_SIZE = envint("MAX_UPLOAD_SIZE", 20 * 1024 * 1024)

# E-mail: console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Tillit <tillit@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address in e-mailed links (notifications), e.g. https://tillit.tomelilla.se
SITE_URL = env("SITE_URL", "").rstrip("/")

# Security: HTTPS on unless DEBUG; `manage.py check --deploy` is clean with production variables.
HTTPS = envbool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: only our own scripts and styles; no inline script or style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Logging out through the identity provider is a redirect after a form post.
        "form-action": [SELF, *([_origin(OIDC_DISCOVERY_URL)] if OIDC_DISCOVERY_URL else [])],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Celery: without a broker, tasks run in-process (the quick start).
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = envint("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 600)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {"task": "tillit.cycle.tasks.send_reminders", "schedule": 3600.0},
    # Deadlines of plans, dialogues to prepare, controls due; then the daily e-mail digests.
    "notifications-daily": {
        "task": "tillit.notifications.tasks.daily",
        "schedule": crontab(hour=6, minute=0),
    },
}

# Domain settings.
HME_MIN_GROUP = envint("HME_MIN_GROUP", 5)
EKONOMI_GUL_PROCENT = envint("EKONOMI_GUL_PROCENT", 1)
PERSONAL_MIN_GROUP = envint("PERSONAL_MIN_GROUP", 5)
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", 7)
MAX_GOALS_PER_NAMND = envint("MAX_GOALS_PER_NAMND", 6)
# Above this an internkontrollplan is warned: every control costs the professions time.
MAX_CONTROLS_PER_PLAN = envint("MAX_CONTROLS_PER_PLAN", 10)
KOLADA_BASE_URL = env("KOLADA_BASE_URL", "https://api.kolada.se/v3")
# The public results page /resultat/ (no login): off unless turned on; what it shows is chosen
# per nämnd under Administration. Served from the cache, which publishing clears; the timeout
# is a safety net for figures written in bulk (a Kolada sync).
PUBLIC_RESULTS = envbool("PUBLIC_RESULTS", False)
PUBLIC_RESULTS_CACHE_SECONDS = envint("PUBLIC_RESULTS_CACHE_SECONDS", 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
