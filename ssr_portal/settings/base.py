"""Settings of the SSR portal: everything here, every machine-specific value from the
environment (see `.env.example`). Production differs from development only through env."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ssr_portal.lib.env import env_bool, env_int, env_list, env_map, env_str
from ssr_portal.lib.log import log_format
from ssr_portal.lib.storage import s3_storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SSR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("SSR_DEBUG", default=False)

SECRET_KEY = env_str("SSR_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SSR_SECRET_KEY is not set (or set SSR_DEBUG=true for development)"
        )
    SECRET_KEY = "development-only-not-secret"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "SSR_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("SSR_CSRF_TRUSTED_ORIGINS")
# The address the portal is reached at, for links in e-mails.
SITE_URL = env_str("SSR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The search lookups of PostgreSQL (trigram_word_similar); inert on SQLite.
    "django.contrib.postgres",
    "django.contrib.humanize",
    "simple_history",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Lockout after repeated failed logins (members/lockout.py).
    "axes",
    # Two-factor login with a TOTP app and one-time recovery codes
    # (members/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "members",
    "cases",
    "targets",
    # Before django_tasks_db: its `db_worker` command is the portal's (heartbeat,
    # recovery of a killed worker's tasks, periodic jobs).
    "ssr_portal",
    "django_tasks",
    "ssr_portal.apps.TasksDatabaseConfig",
]

MIDDLEWARE = [
    "ssr_portal.middleware.RequestIdMiddleware",
    "ssr_portal.middleware.HeadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ssr_portal.middleware.PortalCSPMiddleware",
    "ssr_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ssr_portal.middleware.SwedishFirstLocaleMiddleware",
    # A NUL in the address is a 400 (PostgreSQL cannot store or compare one).
    "ssr_portal.middleware.NulRefusalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): logged in with a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ssr_portal.middleware.DatabaseUnavailableMiddleware",
    "ssr_portal.middleware.StorageUnavailableMiddleware",
    # After the messages (a session that expires says why on the login page).
    "members.middleware.SessionTimeoutMiddleware",
    "members.middleware.TwoFactorPendingMiddleware",
    # Last: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ssr_portal.urls"
WSGI_APPLICATION = "ssr_portal.wsgi.application"

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
                "ssr_portal.context_processors.portal",
                "members.context_processors.notifications",
                "ssr_portal.context_processors.inbox",
            ],
        },
    },
]

# Unset: an embedded SQLite database under var/. PostgreSQL (psycopg 3) in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ssr_portal.sqlite3'}",
        conn_max_age=env_int("SSR_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"
# Django's login, but the portal's own account never logs in (members/backends.py);
# and the single sign-on (members/oidc.py), which does nothing while it is off;
# before it, django-axes refuses a user or an address locked out after too many
# failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "members.backends.PortalModelBackend",
    "members.oidc.PortalOIDCBackend",
]

# Single sign-on through OpenID Connect (mozilla-django-oidc, members/oidc.py), on
# when SSR_OIDC_CLIENT_ID is set; README "Drift", "Single sign-on". Without it the
# login page has the password form only.
SSR_OIDC_ENABLED = bool(env_str("SSR_OIDC_CLIENT_ID"))
# The provider's name on the button: "Logga in med <name>".
SSR_OIDC_NAME = env_str("SSR_OIDC_NAME", "organisationens konto")
# The issuer (`iss` of its ID tokens) and its endpoints (its discovery document,
# <issuer>/.well-known/openid-configuration, lists them; `manage.py oidc_discover`
# prints these lines from it).
SSR_OIDC_ISSUER = env_str("SSR_OIDC_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("SSR_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("SSR_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("SSR_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("SSR_OIDC_JWKS_URI") or None
# Where logging out of the portal also ends the session at the provider; unset:
# only the portal's session ends.
SSR_OIDC_END_SESSION_ENDPOINT = env_str("SSR_OIDC_END_SESSION_ENDPOINT")
OIDC_RP_CLIENT_ID = env_str("SSR_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("SSR_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_str("SSR_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("SSR_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("SSR_OIDC_TIMEOUT", 10)
# The ID token is kept in the session for the provider's logout (id_token_hint).
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATE_CLASS = "members.oidc.PortalOIDCLoginView"
OIDC_CALLBACK_CLASS = "members.oidc.PortalOIDCCallbackView"
# The claim that names the person's organisation, matched against an
# organisation's slug, kommunkod or organisationsnummer; unset (or absent in the
# claims): SSR_OIDC_ORGANISATION, the one organisation whose provider this is.
SSR_OIDC_ORGANISATION_CLAIM = env_str("SSR_OIDC_ORGANISATION_CLAIM")
SSR_OIDC_ORGANISATION = env_str("SSR_OIDC_ORGANISATION")
# The claim with the person's groups or roles, and how its values map to the
# portal's roles (members/roles.py): "value=role,value=role". Set: the roles follow
# the provider at every login (SSR_OIDC_UPDATE_USERS). Unset: kept in the portal.
SSR_OIDC_ROLES_CLAIM = env_str("SSR_OIDC_ROLES_CLAIM")
SSR_OIDC_ROLE_MAP = env_map("SSR_OIDC_ROLE_MAP")
# Make an account at the first login of someone the portal does not know yet.
SSR_OIDC_CREATE_USERS = env_bool("SSR_OIDC_CREATE_USERS", default=False)
# Update name, e-mail and roles from the claims at every login.
SSR_OIDC_UPDATE_USERS = env_bool("SSR_OIDC_UPDATE_USERS", default=True)
# Link a first login to an existing account by e-mail only when the provider
# says the address is verified (email_verified), or, with this, always: for a
# provider such as Entra ID whose tenant owns every address it issues.
SSR_OIDC_TRUST_EMAIL = env_bool("SSR_OIDC_TRUST_EMAIL", default=False)
if SSR_OIDC_ENABLED:
    _missing = [
        name
        for name, value in [
            ("SSR_OIDC_ISSUER", SSR_OIDC_ISSUER),
            ("SSR_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("SSR_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("SSR_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("SSR_OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            # An HS256 provider signs with the client secret instead.
            (
                "SSR_OIDC_JWKS_URI",
                OIDC_OP_JWKS_ENDPOINT or OIDC_RP_SIGN_ALGO[:2] == "HS",
            ),
        ]
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "SSR_OIDC_CLIENT_ID turns the single sign-on on; it needs "
            + ", ".join(_missing)
            + " too (manage.py oidc_discover <issuer> prints them)"
        )

# Lockout (django-axes, members/lockout.py): after SSR_LOGIN_FAILURE_LIMIT failed
# logins in a row for one username, or from one address, that username (and that
# address) is refused for SSR_LOGIN_COOLOFF_SECONDS, counted from the last attempt.
# A successful login clears the count. The attempts are kept in the database, so
# every app server sees them; the admin lists them ("Axes") and can clear one.
AXES_FAILURE_LIMIT = env_int("SSR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("SSR_LOGIN_COOLOFF_SECONDS", 15 * 60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "members.lockout.lockout_response"
# The client's address: REMOTE_ADDR, or with SSR_TRUSTED_PROXY_COUNT proxies in
# front (each adding to X-Forwarded-For) the address the outermost one saw.
AXES_CLIENT_IP_CALLABLE = "members.lockout.client_address"
SSR_TRUSTED_PROXY_COUNT = env_int("SSR_TRUSTED_PROXY_COUNT", 0)

# Sessions (members/middleware.py): a session unused for SSR_SESSION_IDLE_SECONDS
# (default 30 minutes), or older than SSR_SESSION_MAX_SECONDS since its login
# (default 10 hours), ends; the person logs in again and comes back to the page.
SSR_SESSION_IDLE_SECONDS = env_int("SSR_SESSION_IDLE_SECONDS", 30 * 60)
SSR_SESSION_MAX_SECONDS = env_int("SSR_SESSION_MAX_SECONDS", 10 * 60 * 60)
SESSION_COOKIE_AGE = SSR_SESSION_MAX_SECONDS

# Two-factor login (django-otp, members/two_factor.py): the chief executive, the
# board secretary and the registrar give a code from an authenticator app (TOTP)
# after their password; anyone else gives one before a step that needs it (a
# justering, registering or changing secrecy). On unless debug is (`make run`'s
# demo is usable without a phone; SSR_OTP_REQUIRED=true shows it there too).
SSR_OTP_REQUIRED = env_bool("SSR_OTP_REQUIRED", default=not DEBUG)
# The name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = env_str("SSR_OTP_ISSUER", "SSR-portalen")

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Swedish first, English second (STYLE.md §7).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("SSR_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("SSR_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded and generated files: a folder under MEDIA_ROOT (the embedded default),
# or with SSR_S3_BUCKET a bucket of S3-compatible object storage, private and never
# overwritten (ssr_portal/lib/storage.py). Nothing serves MEDIA_URL either way:
# files reach a reader through the portal's views. Static files stay on whitenoise.
S3_BUCKET = env_str("SSR_S3_BUCKET")
STORAGES = {
    "default": (
        s3_storage_settings(
            bucket=S3_BUCKET,
            endpoint_url=env_str("SSR_S3_ENDPOINT_URL"),
            region=env_str("SSR_S3_REGION"),
            access_key_id=env_str("SSR_S3_ACCESS_KEY_ID"),
            secret_access_key=env_str("SSR_S3_SECRET_ACCESS_KEY"),
            prefix=env_str("SSR_S3_PREFIX"),
            addressing_style=env_str("SSR_S3_ADDRESSING_STYLE"),
        )
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Cache and sessions shared by the app servers. With Redis (SSR_REDIS_URL, Django's
# own Redis backend): the cache in Redis, sessions read from Redis and kept in the
# database (cached_db), so a Redis restart logs nobody out and a Redis outage
# slows pages down instead of breaking them (ssr_portal/lib/cache.py). Without:
# one process's memory and sessions in the database (the embedded setup).
REDIS_URL = env_str("SSR_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ssr_portal.lib.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("SSR_CACHE_KEY_PREFIX", "ssr"),
            "OPTIONS": {
                # A Redis that does not answer costs a request half a second at
                # most, once: then it is a miss.
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "health_check_interval": 30,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

EMAIL_BACKEND = env_str(
    "SSR_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("SSR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SSR_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SSR_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("SSR_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("SSR_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("SSR_DEFAULT_FROM_EMAIL", "ssr-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: on by default outside debug; SSR_SECURE_SSL_REDIRECT=false behind a proxy
# that already redirects.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SSR_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SSR_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SSR_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A window the portal opens shares nothing with another site's (Django's default,
# said here so that nobody loses it).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from
# the portal itself, no inline script or style anywhere (every page, the admin and
# the API's Swagger UI keep theirs in static files), no framing, no plugins, forms
# post only back to the portal. A response that sets its own policy keeps it (the
# sandboxed letterhead logos, ssr_portal/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the favicon and the icons of Django's admin and Swagger UI.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Permissions-Policy (ssr_portal/middleware.py): the portal uses none of the
# browser's powerful features, so no page, and nothing a page embeds, may ask for one.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "fullscreen": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
SILENCED_SYSTEM_CHECKS = env_list("SSR_SILENCED_SYSTEM_CHECKS")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Reading what is public needs no login; every write does, whether or not a
    # view remembers to say so (each service checks the person's role as well).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Machine clients: `Authorization: Bearer ssr_…` (members/api_auth.py).
        "members.api_auth.BearerTokenAuthentication",
    ],
    # JSON only: the interactive documentation is Swagger UI at /api/docs/. DRF's
    # browsable HTML pages would be a second interface with forms for every write,
    # and their templates carry inline styles that the Content-Security-Policy
    # refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # A refused service step (PermissionDenied, StepRefused, Django's
    # ValidationError) as 403/409/400 JSON, the same for every view.
    "EXCEPTION_HANDLER": "ssr_portal.lib.refusals.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SSR-portalen API",
    "DESCRIPTION": "Members, populations, boards and cases of the SSR portal.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every error an operation can answer, in the schema (ssr_portal/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ssr_portal.api_schema.document_errors",
    ],
    # No badge from swagger.io's online validator: it would send the schema's
    # address to another site and load an image the CSP refuses.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": "none"},
}

# Background work: Django's tasks API (the django-tasks backport), queued in the
# database (django-tasks-db) and run by `manage.py db_worker` (ssr_portal/worker.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker writes its heartbeat this often; a task whose worker has not been seen
# for SSR_WORKER_STALE_SECONDS is run again by another.
SSR_WORKER_HEARTBEAT_SECONDS = env_int("SSR_WORKER_HEARTBEAT_SECONDS", 10)
SSR_WORKER_STALE_SECONDS = env_int("SSR_WORKER_STALE_SECONDS", 60)

# Where the demo reads SSR's reference data (population.csv: SCB's folkmängd of the
# county's municipalities). The portal ships a copy in members/data/.
SSR_SHARED_DATA_DIR = Path(
    env_str("SSR_SHARED_DATA_DIR", str(BASE_DIR / "members" / "data"))
)
SSR_CASES_PER_PAGE = env_int("SSR_CASES_PER_PAGE", 25)
# Largest attachment an official may upload, in bytes (default 25 MB).
SSR_UPLOAD_MAX_BYTES = env_int("SSR_UPLOAD_MAX_BYTES", 25 * 1024 * 1024)

# One JSON object per line (ssr_portal/lib/log.py), or plain text for a developer's
# terminal: SSR_LOG_FORMAT, json by default outside debug. Every logger, Django's
# too (its request and runserver lines), writes once, through the root's handler.
LOG_FORMAT = log_format(env_str("SSR_LOG_FORMAT", "text" if DEBUG else "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ssr_portal.lib.log.JsonFormatter"},
        "text": {"()": "ssr_portal.lib.log.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env_str("SSR_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's defaults print in debug and mail the (unset) ADMINS.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint and fontTools narrate every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes narrates every failed login at INFO; the failures themselves
        # and the lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}
