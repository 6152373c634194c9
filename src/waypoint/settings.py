"""Waypoint settings: one module, configured by environment variables (see .env.example)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from waypoint.mail import EmailUrlError, email_settings

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent


def env(name: str, default: str = "") -> str:
    """Read a setting from NAME, or from the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def load_or_create_secret(path: Path) -> str:
    """No secret ships with Waypoint: each installation makes its own on first start."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("WAYPOINT_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
DEBUG = env_bool("WAYPOINT_DEBUG", False)
SECRET_KEY = env("WAYPOINT_SECRET_KEY") or load_or_create_secret(DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("WAYPOINT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("WAYPOINT_CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "waypoint.views.csrf_failure"
SITE_NAME = env("WAYPOINT_SITE_NAME", "Waypoint")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "waypoint.orgs",
    "waypoint.accounts",
    "waypoint.okrs",
    "waypoint.cadence",
    "waypoint.personal",
    "waypoint.coach",
    "waypoint.exchange",
    "waypoint.planning",
    "waypoint.ops",
    "waypoint.alignment",
    "waypoint.api",
    "waypoint.hooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "waypoint.middleware.StripNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it turns a refused login into the login page with its lockout message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "waypoint.urls"
WSGI_APPLICATION = "waypoint.wsgi.application"

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
                "waypoint.context_processors.site",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'waypoint.sqlite3'}"),
        conn_max_age=int(env("WAYPOINT_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# A PostgreSQL streaming replica for reads (docs/scaling.md): safe GETs of people who have not
# written in the last WAYPOINT_REPLICA_PIN_SECONDS read from it; everything else, the primary.
WAYPOINT_REPLICA_PIN_SECONDS = int(env("WAYPOINT_REPLICA_PIN_SECONDS", "5"))
if env("WAYPOINT_REPLICA_DATABASE_URL"):
    from waypoint.replicas import PRIMARY, REPLICA, replica_settings

    DATABASES[REPLICA] = replica_settings(
        env("WAYPOINT_REPLICA_DATABASE_URL"), int(env("WAYPOINT_DB_CONN_MAX_AGE", "60"))
    )
    _postgres = "django.db.backends.postgresql"
    if {DATABASES[PRIMARY]["ENGINE"], DATABASES[REPLICA]["ENGINE"]} != {_postgres}:
        raise ImproperlyConfigured(
            "WAYPOINT_REPLICA_DATABASE_URL needs PostgreSQL for both DATABASE_URL and the "
            "replica (postgres://…): SQLite has no replicas."
        )
    if WAYPOINT_REPLICA_PIN_SECONDS < 1:
        raise ImproperlyConfigured(
            "WAYPOINT_REPLICA_PIN_SECONDS must be at least 1: people must see their own writes."
        )
    DATABASE_ROUTERS = ["waypoint.replicas.ReplicaRouter"]
    # Before the sessions, so that a session saved by a request pins the browser too.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "waypoint.replicas.ReplicaMiddleware",
    )

# The organisation's calendar: the month its fiscal year starts in (1 = calendar years) and
# how many months a "quarter" (an OKR period) lasts.
WAYPOINT_FISCAL_YEAR_START_MONTH = int(env("WAYPOINT_FISCAL_YEAR_START_MONTH", "1"))
WAYPOINT_QUARTER_MONTHS = int(env("WAYPOINT_QUARTER_MONTHS", "3"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "okrs:home"
LOGOUT_REDIRECT_URL = "login"

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

# Login throttling (django-axes): failed logins are counted per person *at* an address, so
# nobody can lock a colleague out from elsewhere, and an office behind one address is not
# locked because of one person's typos. Attempts are kept in the database (all processes agree).
AUTHENTICATION_BACKENDS = [
    "waypoint.accounts.throttling.LoginThrottleBackend",
    "waypoint.accounts.backends.PasswordBackend",
    "waypoint.accounts.sso.SsoBackend",
]
AXES_FAILURE_LIMIT = int(env("WAYPOINT_LOGIN_FAILURE_LIMIT", "5"))
_cool_off_minutes = float(env("WAYPOINT_LOGIN_COOLOFF_MINUTES", "15"))
# 0: locked until an administrator unlocks (`waypoint axes_reset_username NAME`).
AXES_COOLOFF_TIME = timedelta(minutes=_cool_off_minutes) if _cool_off_minutes > 0 else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not extend it: "try again in 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "waypoint.accounts.throttling.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "waypoint.accounts.throttling.client_address"
WAYPOINT_PROXY_COUNT = int(env("WAYPOINT_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en"
TIME_ZONE = env("WAYPOINT_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES_DIR = Path(env("WAYPOINT_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES_DIR / "echarts" / "dist"),
    ("vendor/tom-select", NODE_MODULES_DIR / "tom-select" / "dist"),
    ("vendor/cytoscape", NODE_MODULES_DIR / "cytoscape" / "dist"),
    ("vendor/d3-hierarchy", NODE_MODULES_DIR / "d3-hierarchy" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (app.3f2a….css), so WhiteNoise can send them with a far-future max-age.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(env("WAYPOINT_SESSION_AGE_SECONDS", str(14 * 24 * 3600)))
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = env_bool("WAYPOINT_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("WAYPOINT_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env("WAYPOINT_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WAYPOINT_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("WAYPOINT_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy: the header it sets to "https" (e.g. X-Forwarded-Proto).
_proxy_ssl_header = env("WAYPOINT_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

# No inline scripts, no eval: pages load scripts from /static/ and pass data in JSON blocks.
# Styles allow inline *attributes* only (progress bar widths, ECharts tooltips and SVG);
# browsers without style-src-attr fall back to style-src. See docs/deploy.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The alignment map lays out in a Web Worker loaded from /static/ (no blob: URLs).
        "worker-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Practice settings: the (default) values in OKR-PRINCIPLES.md, changeable per installation.
WAYPOINT_LIMIT_WARN_ABOVE = int(env("WAYPOINT_LIMIT_WARN_ABOVE", "3"))
WAYPOINT_LIMIT_REFUSE_ABOVE = int(env("WAYPOINT_LIMIT_REFUSE_ABOVE", "5"))
WAYPOINT_CHECK_IN_CADENCE_DAYS = int(env("WAYPOINT_CHECK_IN_CADENCE_DAYS", "7"))
WAYPOINT_COMMITMENT_LIMIT = int(env("WAYPOINT_COMMITMENT_LIMIT", "5"))
WAYPOINT_REMINDER_GRACE_DAYS = int(env("WAYPOINT_REMINDER_GRACE_DAYS", "2"))
WAYPOINT_BASE_URL = env("WAYPOINT_BASE_URL", "http://localhost:8000").rstrip("/")

# Mail: SMTP from EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://); the console without it.
DEFAULT_FROM_EMAIL = env("WAYPOINT_FROM_EMAIL", "waypoint@localhost")
try:
    globals().update(email_settings(env("EMAIL_URL")))
except EmailUrlError as _email_error:
    raise ImproperlyConfigured(str(_email_error)) from None

# Invitations: how long the one-time link in an invitation mail works.
WAYPOINT_INVITATION_DAYS = int(env("WAYPOINT_INVITATION_DAYS", "7"))
# Password reset links work for this long (Django's PASSWORD_RESET_TIMEOUT, in seconds).
PASSWORD_RESET_TIMEOUT = 3 * 3600

# Single sign-on with OpenID Connect: on when WAYPOINT_OIDC_ISSUER and _CLIENT_ID are set.
# The provider's endpoints are read from its discovery document; see docs/deploy.md.
WAYPOINT_OIDC_ISSUER = env("WAYPOINT_OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env("WAYPOINT_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("WAYPOINT_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
OIDC_TIMEOUT = 10
WAYPOINT_OIDC_ALLOWED_DOMAINS = [
    domain.lower().lstrip("@") for domain in env_list("WAYPOINT_OIDC_ALLOWED_DOMAINS", "")
]
WAYPOINT_OIDC_BUTTON = env("WAYPOINT_OIDC_BUTTON", "Log in with your company account")
# Local passwords can be switched off once everyone signs in through the provider.
WAYPOINT_PASSWORD_LOGIN = env_bool("WAYPOINT_PASSWORD_LOGIN", True)
if bool(WAYPOINT_OIDC_ISSUER) != bool(OIDC_RP_CLIENT_ID):
    raise ImproperlyConfigured(
        "Single sign-on needs both WAYPOINT_OIDC_ISSUER and WAYPOINT_OIDC_CLIENT_ID."
    )
if not WAYPOINT_PASSWORD_LOGIN and not WAYPOINT_OIDC_ISSUER:
    raise ImproperlyConfigured(
        "WAYPOINT_PASSWORD_LOGIN=false needs single sign-on (WAYPOINT_OIDC_ISSUER), "
        "or nobody could log in."
    )

# Largest spreadsheet an import accepts (bytes); a typical quarter is well under 1 MB.
WAYPOINT_IMPORT_MAX_BYTES = int(env("WAYPOINT_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))

# Shared by every process (rate limits, the coach's cache): a file cache under the data
# directory, or Redis/Valkey when CACHE_URL is set (redis://host:6379/0).
if env("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# Background work (reminders, webhook deliveries, the coach's sweeps) is queued in the database
# (django-tasks with its database backend) and run by `waypoint worker` or `waypoint tick`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How often `waypoint worker` queues a reminder pass (seconds).
WAYPOINT_REMINDER_EVERY_SECONDS = int(env("WAYPOINT_REMINDER_EVERY_SECONDS", "300"))

# Outgoing webhooks (docs/webhooks.md): delivery attempts, the first retry's delay (doubling
# after each failure), the receiver's time limit, and whether private addresses (loopback, the
# LAN) may receive them — off by default, so a webhook cannot be aimed at this instance itself.
WAYPOINT_WEBHOOK_MAX_ATTEMPTS = int(env("WAYPOINT_WEBHOOK_MAX_ATTEMPTS", "8"))
WAYPOINT_WEBHOOK_RETRY_SECONDS = float(env("WAYPOINT_WEBHOOK_RETRY_SECONDS", "30"))
WAYPOINT_WEBHOOK_TIMEOUT_SECONDS = float(env("WAYPOINT_WEBHOOK_TIMEOUT_SECONDS", "10"))
WAYPOINT_WEBHOOK_ALLOW_PRIVATE = env_bool("WAYPOINT_WEBHOOK_ALLOW_PRIVATE", False)

# The REST API: requests per minute per token (or logged-in browser), and the largest body.
WAYPOINT_API_RATE_PER_MINUTE = int(env("WAYPOINT_API_RATE_PER_MINUTE", "120"))

# The load benchmark (bench/bench_load.py) compares every page with a fixed short one.
WAYPOINT_BENCH_FLOOR = env_bool("WAYPOINT_BENCH_FLOOR", False)
WAYPOINT_API_MAX_BODY_BYTES = int(env("WAYPOINT_API_MAX_BODY_BYTES", str(64 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("WAYPOINT_LOG_LEVEL", "INFO")},
    # Failed logins and lockouts are warnings; every successful login need not be logged.
    "loggers": {"axes": {"level": "WARNING"}},
}
