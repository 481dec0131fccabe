"""Pledge settings: one module, driven by the environment.

Everything a deployment changes is read from an environment variable (see README,
"Running it in production"); a malformed value stops start-up with a message naming it.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-never-use-in-production")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "core",
    "accounts",
    "strategies",
    "actionplans",
    "governance",
    "signon",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads request.POST: a body in another charset is refused here, with a 400.
    "core.middleware.FormCharsetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreWhenSignedInMiddleware",
    "core.middleware.RefusalLogMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.SessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "strategies.context_processors.demo_banner",
            ],
        },
    },
]

# SQLite by default so a newcomer needs no server; PostgreSQL in production via DATABASE_URL.
# Persistent connections with health checks: CONN_MAX_AGE=0 costs ~40% of throughput.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:/// URL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while the in-process worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A password, refused to people whose council signs in through its own provider; and that
# provider, by OpenID Connect (signon/, mozilla-django-oidc, each council's own settings).
AUTHENTICATION_BACKENDS = [
    "signon.backends.PasswordBackend",
    "signon.backends.CouncilProviderBackend",
]
OIDC_AUTHENTICATION_CALLBACK_URL = "signon:callback"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_VERIFY_SSL = True

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "strategies:council-list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after inactivity: a request pushes the expiry forward when it was last pushed
# over a minute ago (accounts.middleware.SessionRefreshMiddleware), not on every request.
SESSION_COOKIE_AGE = env_int("PLEDGE_SESSION_IDLE_SECONDS", 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in throttle (accounts/services.py): after this many failed sign-ins for one username
# from one address, or from one address across all usernames, within the window, further
# attempts are refused, unchecked, until the oldest failure is older than the window.
PLEDGE_SIGN_IN_FAILURES = env_int("PLEDGE_SIGN_IN_FAILURES", 5)
PLEDGE_SIGN_IN_ADDRESS_FAILURES = env_int("PLEDGE_SIGN_IN_ADDRESS_FAILURES", 50)
PLEDGE_SIGN_IN_WINDOW_SECONDS = env_int("PLEDGE_SIGN_IN_WINDOW_SECONDS", 15 * 60)
# Password reset limit (accounts/services.py): at most this many requests for one email
# address, and from one client, within the window; more are refused with a message.
PLEDGE_RESET_PER_EMAIL = env_int("PLEDGE_RESET_PER_EMAIL", 3)
PLEDGE_RESET_PER_CLIENT = env_int("PLEDGE_RESET_PER_CLIENT", 20)
PLEDGE_RESET_WINDOW_SECONDS = env_int("PLEDGE_RESET_WINDOW_SECONDS", 60 * 60)
# Invitations (strategies/people.py): at most this many from one council, and to one address
# from one council, in 24 hours.
PLEDGE_INVITATIONS_PER_DAY = env_int("PLEDGE_INVITATIONS_PER_DAY", 50)
PLEDGE_INVITATIONS_PER_ADDRESS = env_int("PLEDGE_INVITATIONS_PER_ADDRESS", 3)
# How many proxies of ours stand in front of Pledge and append to X-Forwarded-For; 0 means
# people connect directly and REMOTE_ADDR is their address (accounts/addresses.py).
PLEDGE_TRUSTED_PROXY_COUNT = env_int("PLEDGE_TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's compressed manifest storage, also hashing the import in init.mjs.
            else "config.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads (a council's plan to import): a file over this is counted but not kept
# (core.uploads), and the form says it is too large. The importer reads no larger a file
# (actionplans.importing.readers.MAX_BYTES is this). Up to 2.5 MB is held in memory, more in
# a temporary file.
PLEDGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Background work: in-process by default; a database-backed worker in production.
TASKS_BACKEND = env_choice("PLEDGE_TASKS", ("immediate", "database"), "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Caches. The plan table and the plan dashboard keep what they rendered under the council's
# data revision (core.pages, strategies.revisions), which moves with every committed change, so each
# worker's own memory cache is correct on its own. PLEDGE_CACHE=database shares one table
# between workers (run `manage.py createcachetable` once after migrating).
_CACHES = {
    # A page kept is 100 to 250 kB: at most about 50 MB a worker (when full, the least
    # recently used third is dropped).
    "memory": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pledge_cache",
    },
}
CACHES = {"default": _CACHES[env_choice("PLEDGE_CACHE", tuple(_CACHES), "memory")]}
# Seconds a rendered page may be reused at most (for a change made in SQL by hand, which moves
# no revision); 0 turns the page cache off.
PLEDGE_PAGE_CACHE_SECONDS = env_int("PLEDGE_PAGE_CACHE_SECONDS", 300)

# Password reset emails. The console backend prints them; set PLEDGE_EMAIL_BACKEND=smtp and
# the SMTP variables in production.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_choice("PLEDGE_EMAIL_BACKEND", tuple(_EMAIL_BACKENDS), "console")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKENDS[_email_backend],
        "OPTIONS": (
            {
                "host": env_str("PLEDGE_SMTP_HOST", "localhost"),
                "port": env_int("PLEDGE_SMTP_PORT", 587),
                "username": env_str("PLEDGE_SMTP_USERNAME", ""),
                "password": env_str("PLEDGE_SMTP_PASSWORD", ""),
                "use_tls": env_bool("PLEDGE_SMTP_USE_TLS", default=True),
            }
            if _email_backend == "smtp"
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("PLEDGE_FROM_EMAIL", "pledge@localhost")

# Reminders (manage.py send_reminders): links in emails start with the site's address; a
# plan's own "days before" overrides the default; plan owners' digest goes out once a week,
# on the first run on or after this weekday (0 is Monday).
PLEDGE_SITE_URL = env_str("PLEDGE_SITE_URL", "http://localhost:8000").rstrip("/")
PLEDGE_REMINDER_DAYS_BEFORE = env_int("PLEDGE_REMINDER_DAYS_BEFORE", 7)
PLEDGE_DIGEST_WEEKDAY = env_int("PLEDGE_DIGEST_WEEKDAY", 0)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Only our own static files run: the one inline script (GOV.UK's js-enabled class) has a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# W021 asks for HSTS preload: that commits the whole parent domain (often the council's own)
# to HTTPS in browsers' built-in lists, a decision for the council, not for this app.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
X_FRAME_OPTIONS = "DENY"

PLEDGE_PHASE = env_str("PLEDGE_PHASE", "Beta")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"timed": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "timed"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
