"""Samverkan's one settings module, read from the environment.

Defaults are safe and need no configuration: SQLite in ./var, DEBUG off.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samverkan.lib.readonly import folder_is_read_only, sqlite_read_only

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envheader(name: str) -> tuple[str, str] | None:
    """A request header a TLS proxy sets to "https" (e.g. X-Forwarded-Proto), as Django's
    SECURE_PROXY_SSL_HEADER pair; None when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not all(part.isalnum() for part in value.split("-")):
        raise ImproperlyConfigured(f"{name} must be a header name like X-Forwarded-Proto")
    return ("HTTP_" + value.upper().replace("-", "_"), "https")


DATA_DIR = Path(os.environ.get("SAMVERKAN_DATA_DIR") or Path.cwd() / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
# A data folder that cannot be written (a read-only mount, or SAMVERKAN_READ_ONLY=true):
# Samverkan answers reads and refuses changes with 503 (samverkan.lib.readonly).
SAMVERKAN_READ_ONLY = envbool("SAMVERKAN_READ_ONLY", False) or folder_is_read_only(
    DATA_DIR, [DATA_DIR / "samverkan.sqlite3"]
)

DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # The embedded installation keeps a generated key in its data folder, so that
    # `make run` needs no configuration and sessions survive a restart.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists() and SAMVERKAN_READ_ONLY:
        raise ImproperlyConfigured(
            f"The data folder {DATA_DIR} is read-only and holds no secret_key: set SECRET_KEY."
        )
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "django_countries",
    # Background jobs (imports, reports, fetching calls, reminders) through Django's tasks
    # API, queued in the database:
    # `samverkan worker` runs them (samverkan.operations).
    "django_tasks",
    "django_tasks_db",
    # django-ninja's own templates and static files: the API docs served from this
    # site (pinned with the package), not from a CDN.
    "ninja",
    "samverkan.organisation",
    "samverkan.policy",
    "samverkan.registry",
    "samverkan.activities",
    "samverkan.funding",
    "samverkan.applications",
    "samverkan.monitoring",
    "samverkan.followup",
    "samverkan.history",
    "samverkan.api",
    "samverkan.public",
    "samverkan.demo",
    "samverkan.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the input: NUL, lone surrogates, sizes, ids (samverkan.lib.inputs).
    "samverkan.lib.inputs.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samverkan.organisation.signin.SessionLimitMiddleware",
    "samverkan.organisation.mfa.SecondFactorMiddleware",
    "samverkan.organisation.middleware.TenantMiddleware",
    # A change refused by a read-only or full data folder: 503 with a message.
    "samverkan.lib.readonly.ReadOnlyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

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
                "django.template.context_processors.i18n",
                "samverkan.organisation.context_processors.tenant",
                "samverkan.policy.context_processors.terms",
                "samverkan.navigation.menu",
            ],
            # `{% url %}` with its answers remembered (samverkan/lib/url_tag.py).
            "builtins": ["samverkan.lib.url_tag"],
        },
    },
]

# Databases: SQLite in the data folder unless DATABASE_URL says otherwise. Connections
# are kept between requests (opening one cost a signed-in request ~3.5× its time) and
# checked before reuse, so a restarted database server costs one failed check, not errors.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'samverkan.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A real server has concurrent writers: WAL lets readers go on while one writes,
    # IMMEDIATE takes the write lock at BEGIN so writers queue on the busy timeout
    # instead of failing with "database is locked" when a read lock is upgraded.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}
    if SAMVERKAN_READ_ONLY:
        sqlite_read_only(DATABASES["default"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs wait in the database (no other service); see docs/operations.md.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a locked-out user before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the user and their roles in one query.
    "samverkan.organisation.backends.PasswordBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
if not SAMVERKAN_READ_ONLY:
    STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live in the data folder and are never served as static files:
# a view serves each one only to users who may see the record it belongs to.
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
SAMVERKAN_MAX_UPLOAD_MB = envint("SAMVERKAN_MAX_UPLOAD_MB", 20)
# Uploads (samverkan.lib.uploads): a file past the limit is dropped while the body streams
# in, and a stored file gets its name only once it is completely written.
FILE_UPLOAD_HANDLERS = [
    "samverkan.lib.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Country names in Swedish follow the interface language (django-countries).
COUNTRIES_FIRST = ["SE", "NO", "DK", "FI", "IS"]
STORAGES = {
    "default": {"BACKEND": "samverkan.lib.uploads.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served from the package too, so a server started without
# collectstatic (tests, a fresh checkout) still has its stylesheets.
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samverkan@localhost")
# The site's address as users reach it: the links in reminder e-mails and calendar feeds.
SAMVERKAN_BASE_URL = os.environ.get("SAMVERKAN_BASE_URL", "http://127.0.0.1:8000")
# import_calls may fetch the EU Funding & Tenders Portal's files from a URL (off: files only).
SAMVERKAN_CALLS_FETCH_URLS = envbool("SAMVERKAN_CALLS_FETCH_URLS", False)
# The "Fetch calls" page fetches from public addresses only, unless this allows private and
# local ones (a portal mirror on the local network); an answer is read up to this size.
SAMVERKAN_FETCH_PRIVATE_HOSTS = envbool("SAMVERKAN_FETCH_PRIVATE_HOSTS", False)
SAMVERKAN_CALLS_FETCH_MAX_MB = envint("SAMVERKAN_CALLS_FETCH_MAX_MB", 200)
# The yearly accounts are due on this day ("MM-DD") of the year after the one they cover.
SAMVERKAN_ACCOUNT_DEADLINE = os.environ.get("SAMVERKAN_ACCOUNT_DEADLINE", "03-31")
# Years an application's documents are kept after its programme period ends (the
# programme's own rules decide; 10 is a common requirement for EU funds).
SAMVERKAN_APPLICATION_RETENTION_YEARS = envint("SAMVERKAN_APPLICATION_RETENTION_YEARS", 10)
# The public side (docs/open-data.md): the open data's licence (a URI; CC0 1.0 by default),
# the anonymous API's rate per client address, and the accessibility statement's contact.
SAMVERKAN_OPEN_DATA_LICENCE = os.environ.get(
    "SAMVERKAN_OPEN_DATA_LICENCE", "http://creativecommons.org/publicdomain/zero/1.0/"
)
SAMVERKAN_PUBLIC_API_RATE = os.environ.get("SAMVERKAN_PUBLIC_API_RATE", "120/min")
SAMVERKAN_ACCESSIBILITY_CONTACT = os.environ.get(
    "SAMVERKAN_ACCESSIBILITY_CONTACT", DEFAULT_FROM_EMAIL
)
SAMVERKAN_ACCESSIBILITY_COMPLIANCE = os.environ.get("SAMVERKAN_ACCESSIBILITY_COMPLIANCE", "partial")
SAMVERKAN_ACCESSIBILITY_ASSESSED_ON = os.environ.get("SAMVERKAN_ACCESSIBILITY_ASSESSED_ON", "")
SAMVERKAN_OPEN_DATA_PUBLISHER = os.environ.get("SAMVERKAN_OPEN_DATA_PUBLISHER", "Samverkan")
SAMVERKAN_OPEN_DATA_CONTACT = os.environ.get("SAMVERKAN_OPEN_DATA_CONTACT", "")

SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with one plain SELECT (samverkan/organisation/sessions.py).
SESSION_ENGINE = "samverkan.organisation.sessions"
# Sessions: signed out after this long without a request, and in any case this long
# after signing in (samverkan.organisation.signin).
SAMVERKAN_SESSION_IDLE_MINUTES = envint("SAMVERKAN_SESSION_IDLE_MINUTES", 8 * 60)
SAMVERKAN_SESSION_MAX_HOURS = envint("SAMVERKAN_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SAMVERKAN_SESSION_MAX_HOURS * 3600
if SAMVERKAN_READ_ONLY and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Read-only SQLite cannot store sessions: a signed cookie holds them, so people can
    # still sign in and read (sessions from before are not carried over).
    SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

# Single sign-on (OpenID Connect): on when OIDC_RP_CLIENT_ID is set (docs/sign-in.md).
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = True
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
# The button's name ("Logga in med <name>"), the claim that names a person, and roles
# from the provider's groups ("group=municipality code:role;…").
SAMVERKAN_OIDC_NAME = os.environ.get("SAMVERKAN_OIDC_NAME", "")
SAMVERKAN_OIDC_USERNAME_CLAIM = os.environ.get("SAMVERKAN_OIDC_USERNAME_CLAIM", "email")
SAMVERKAN_OIDC_GROUPS_CLAIM = os.environ.get("SAMVERKAN_OIDC_GROUPS_CLAIM", "groups")
SAMVERKAN_OIDC_ROLE_MAP = os.environ.get("SAMVERKAN_OIDC_ROLE_MAP", "")
# Signing in with a password (the platform operator's way in); off leaves only the provider.
SAMVERKAN_LOCAL_LOGIN = envbool("SAMVERKAN_LOCAL_LOGIN", True)
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("samverkan.organisation.sso.SignInWithProvider")

# A second factor (an authenticator app) for administrators who sign in with a password.
SAMVERKAN_MFA_FOR_ADMINISTRATORS = envbool("SAMVERKAN_MFA_FOR_ADMINISTRATORS", True)
OTP_TOTP_ISSUER = "Samverkan"
# Password-reset and invitation links work this long.
PASSWORD_RESET_TIMEOUT = envint("SAMVERKAN_PASSWORD_LINK_DAYS", 3) * 24 * 3600

# Lockout after repeated wrong passwords, per user name and per address (django-axes).
AXES_FAILURE_LIMIT = envint("SAMVERKAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SAMVERKAN_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "samverkan.organisation.signin.locked_out"
# Behind a reverse proxy every request comes from the proxy: say how many proxies add
# to X-Forwarded-For, so that one person's failures do not lock everyone out.
SAMVERKAN_TRUSTED_PROXIES = envint("SAMVERKAN_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "samverkan.organisation.signin.client_address"
AXES_VERBOSE = False
if SAMVERKAN_READ_ONLY:
    # A successful sign-in writes nothing; failures still count (and answer 503 when
    # they cannot be recorded).
    AXES_DISABLE_ACCESS_LOG = True
    AXES_RESET_ON_SUCCESS = False
X_FRAME_OPTIONS = "DENY"

# HTTPS in production (docs/production.md lists the environment): the site sits behind a
# TLS proxy, which names the scheme in a header; Django then builds https:// addresses
# (calendar feeds, redirects), sends HSTS, and redirects plain HTTP.
SECURE_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
# The proxy's health check may ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/(live/)?$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Content Security Policy (django-csp): scripts and styles only from this site's static
# files, never inline (no template has a <script> body, a <style> or a style attribute:
# tests/test_csp.py scans them). Report charts are SVG data: images.
_FORM_TARGETS = ["'self'"]
if OIDC_OP_AUTHORIZATION_ENDPOINT:
    _provider = urlsplit(OIDC_OP_AUTHORIZATION_ENDPOINT)
    _FORM_TARGETS.append(f"{_provider.scheme}://{_provider.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": _FORM_TARGETS,
        "frame-ancestors": ["'none'"],
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# A 403 or 404 is logged in one line; only 5xx carry their traceback.
# SAMVERKAN_LOG_FORMAT=json writes JSON lines, one per record and one per request (request
# id, user id, municipality, path, status, duration: samverkan.operations.logging).
SAMVERKAN_LOG_FORMAT = os.environ.get("SAMVERKAN_LOG_FORMAT", "text").lower()
if SAMVERKAN_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("SAMVERKAN_LOG_FORMAT must be text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_trace": {
            "()": "samverkan.lib.logfilters.ClientErrorsWithoutTrace",
        },
    },
    "formatters": {"json": {"()": "samverkan.operations.logging.JsonLines"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if SAMVERKAN_LOG_FORMAT == "json" else {}),
        }
    },
    "loggers": {
        "django.request": {"filters": ["client_errors_without_trace"]},
        "samverkan.requests": {"level": "INFO"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
if SAMVERKAN_LOG_FORMAT == "json":
    # One line per request, after the tenant is known (the municipality is logged).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("samverkan.organisation.middleware.TenantMiddleware") + 1,
        "samverkan.operations.logging.RequestLogMiddleware",
    )
