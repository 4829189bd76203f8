"""sellerdesk settings: one file, everything from the environment.

The embedded default (no environment at all) is a SQLite database, a Huey queue and a secret
key kept in ``SELLERDESK_DATA_DIR`` (default ``./var``), so ``make demo`` needs nothing else.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("SELLERDESK_DATA_DIR") or "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
# The order dataset (Parquet, see docs/adr/0004-orders-as-parquet.md); not in the database.
ORDERS_DIR = Path(os.environ.get("SELLERDESK_ORDERS_DIR") or DATA_DIR / "orders").resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once and kept in the data dir."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    # For its templates and static files: the API docs page then loads Swagger UI from this
    # server instead of a CDN (there is no internet at run time).
    "ninja",
    "sellerdesk.audit",
    "sellerdesk.accounts",
    "sellerdesk.sites",
    "sellerdesk.cases",
    "sellerdesk.notifications",
    "sellerdesk.sla",
    "sellerdesk.orders",
    "sellerdesk.health",
    "sellerdesk.web",
    "sellerdesk.knowledge",
    "sellerdesk.attachments",
    "sellerdesk.workspace",
    "sellerdesk.appeals",
    "sellerdesk.reports",
    "sellerdesk.surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sellerdesk.lib.api_errors.ApiMethodNotAllowedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sellerdesk.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sellerdesk.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "sellerdesk.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait on the busy
        # timeout instead of failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
    }
    # Tests use a real file too (not shared-cache memory), so concurrency tests see the same
    # WAL and locking behaviour as production; one per process so parallel runs never collide.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One test database per process, so two test runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_sellerdesk_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- i18n and time --------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "sellerdesk" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"  # storage is UTC; each user sees their own zone (UserPreferencesMiddleware)
USE_TZ = True

# --- static ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
# Serve straight from the app directories: no collectstatic step between install and run.
WHITENOISE_USE_FINDERS = True

# --- files ----------------------------------------------------------------------------------
# Evidence files live outside the web root and leave only through the checked download view.
ATTACHMENTS_DIR = Path(
    os.environ.get("SELLERDESK_ATTACHMENTS_DIR") or DATA_DIR / "attachments"
).resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(ATTACHMENTS_DIR), "base_url": None},
    },
}


def _field_key() -> str:
    """Fernet key for sensitive case data: SELLERDESK_FIELD_KEY, else generated once into the
    data dir (like the secret key). Losing it loses the encrypted bank details and ID files."""
    if os.environ.get("SELLERDESK_FIELD_KEY"):
        return os.environ["SELLERDESK_FIELD_KEY"]
    path = DATA_DIR / "field_key"
    if not path.exists():
        import base64

        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    return path.read_text().strip()


SELLERDESK_FIELD_KEY = _field_key()

# --- cache (rate limits) ----------------------------------------------------------------------
# Fixed-window rate limits count in the cache, which every web process must share (a limit
# per process is no limit behind several workers): the database cache on the default database
# (its table is created by `migrate`, see web/apps.py), or Redis when REDIS_URL is set.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sellerdesk_cache",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# --- sessions and security ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES")
X_FRAME_OPTIONS = "DENY"

# --- background work ------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY = {
    "name": "sellerdesk",
    "immediate": envbool("HUEY_IMMEDIATE"),
    "consumer": {"workers": envint("WORKER_THREADS", 2), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")})

# --- email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sellerdesk <support@localhost>")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT_SECONDS", 10)
# Absolute links in emails.
SELLERDESK_BASE_URL = os.environ.get("SELLERDESK_BASE_URL", "http://127.0.0.1:8000")

# --- product defaults (operator-tunable; see docs/configuration.md) -------------------------
SELLERDESK = {
    # A resolved case with no activity for this long is closed by the worker.
    "AUTO_CLOSE_AFTER_DAYS": envint("SELLERDESK_AUTO_CLOSE_AFTER_DAYS", 7),
    # A seller may reopen a resolved or closed case up to this long after resolution.
    "REOPEN_WINDOW_DAYS": envint("SELLERDESK_REOPEN_WINDOW_DAYS", 14),
    # Disputes (A-to-z claims not denied, service chargebacks) on orders bought in this many
    # days count against the SLA's high-health priority (SlaSettings.high_health_max_disputes).
    "DISPUTE_WINDOW_DAYS": envint("SELLERDESK_DISPUTE_WINDOW_DAYS", 60),
    "MAX_SUBJECT_LENGTH": envint("SELLERDESK_MAX_SUBJECT_LENGTH", 200),
    "MAX_TEXT_LENGTH": envint("SELLERDESK_MAX_TEXT_LENGTH", 20_000),
    # Cases per page in the agent console's queue and the seller's My cases.
    "PAGE_SIZE": envint("SELLERDESK_PAGE_SIZE", 25),
    # The team lead's dashboard reloads its panel this often (seconds) while it is open.
    "LEAD_DASHBOARD_REFRESH_SECONDS": envint("SELLERDESK_LEAD_DASHBOARD_REFRESH_SECONDS", 30),
    # Email delivery: retries with exponential back-off, then the notice is marked failed.
    "NOTIFY_MAX_ATTEMPTS": envint("SELLERDESK_NOTIFY_MAX_ATTEMPTS", 12),
    "NOTIFY_RETRY_BASE_SECONDS": envint("SELLERDESK_NOTIFY_RETRY_BASE_SECONDS", 30),
    "NOTIFY_RETRY_MAX_SECONDS": envint("SELLERDESK_NOTIFY_RETRY_MAX_SECONDS", 3600),
    # A worker that claimed an email and died releases it after this long.
    "NOTIFY_LEASE_SECONDS": envint("SELLERDESK_NOTIFY_LEASE_SECONDS", 300),
    # The SLA sweep (every minute) reads the due cases this many per pass, and passes until
    # less than a pass is due or the budget is spent. Each pass reads and writes them this
    # many at a time (one transaction each, which on SQLite holds the write lock throughout:
    # about 0.1 s for 500 cases), on this many threads on PostgreSQL (one on SQLite, which
    # has a single writer). See docs/sla.md and docs/performance.md.
    "SLA_SWEEP_BATCH": envint("SELLERDESK_SLA_SWEEP_BATCH", 5000),
    "SLA_SWEEP_CHUNK": envint("SELLERDESK_SLA_SWEEP_CHUNK", 500),
    "SLA_SWEEP_WORKERS": envint("SELLERDESK_SLA_SWEEP_WORKERS", 2),
    "SLA_SWEEP_BUDGET_SECONDS": envint("SELLERDESK_SLA_SWEEP_BUDGET_SECONDS", 45),
    # Seller University: a case not filed this long after a suggested article was opened
    # counts as deflected; reminders go out this long before a training event.
    "KB_DEFLECTION_WINDOW_MINUTES": envint("SELLERDESK_KB_DEFLECTION_WINDOW_MINUTES", 30),
    "KB_SEARCH_PAGE_SIZE": envint("SELLERDESK_KB_SEARCH_PAGE_SIZE", 10),
    # Search scores at most this many matches per tier (the newest); 0 scores them all.
    "KB_SEARCH_RANK_CAP": envint("SELLERDESK_KB_SEARCH_RANK_CAP", 1000),
    "KB_SUGGESTIONS": envint("SELLERDESK_KB_SUGGESTIONS", 5),
    "KB_ATTACHMENT_MAX_BYTES": envint("SELLERDESK_KB_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024),
    "TRAINING_REMINDER_HOURS": envint("SELLERDESK_TRAINING_REMINDER_HOURS", 24),
    # Order data and health metrics (DuckDB embedded; Spark for larger marketplaces).
    "ORDERS_DUCKDB_THREADS": envint("SELLERDESK_ORDERS_DUCKDB_THREADS", 2),
    "ORDERS_DUCKDB_MEMORY_LIMIT": os.environ.get("SELLERDESK_ORDERS_DUCKDB_MEMORY_LIMIT", "1GB"),
    # How many rejected rows an import reports (and keeps on its record); all are counted.
    "ORDERS_REJECTS_REPORTED": envint("SELLERDESK_ORDERS_REJECTS_REPORTED", 1000),
    "SPARK_MASTER": os.environ.get("SELLERDESK_SPARK_MASTER", "local[2]"),
    "SPARK_SHUFFLE_PARTITIONS": envint("SELLERDESK_SPARK_SHUFFLE_PARTITIONS", 8),
    # Case intake (docs/intake.md).
    "ATTACHMENT_MAX_BYTES": envint("SELLERDESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024),
    "CASE_ATTACHMENTS_MAX_BYTES": envint("SELLERDESK_CASE_ATTACHMENTS_MAX_BYTES", 50 * 1024 * 1024),
    "ATTACHMENT_TYPES": envlist(
        "SELLERDESK_ATTACHMENT_TYPES",
        "image/png,image/jpeg,image/webp,application/pdf,text/csv,"
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ENGLISH_EXPLANATION_MIN_WORDS": envint("SELLERDESK_ENGLISH_EXPLANATION_MIN_WORDS", 30),
    # Duplicates: similarity (0–1) of two case texts from which the new one is a duplicate.
    "DUPLICATE_TEXT_THRESHOLD": float(os.environ.get("SELLERDESK_DUPLICATE_TEXT_THRESHOLD", "0.6")),
    "DUPLICATE_LOOKBACK": envint("SELLERDESK_DUPLICATE_LOOKBACK", 200),
    # Abuse: this many cases closed as invalid/duplicate/spam within the window downgrade
    # support for the cooling period: standard tier, targets at this percent, a daily cap.
    "ABUSE_THRESHOLD": envint("SELLERDESK_ABUSE_THRESHOLD", 5),
    "ABUSE_WINDOW_DAYS": envint("SELLERDESK_ABUSE_WINDOW_DAYS", 30),
    "ABUSE_COOLING_DAYS": envint("SELLERDESK_ABUSE_COOLING_DAYS", 30),
    "ABUSE_TARGET_PERCENT": envint("SELLERDESK_ABUSE_TARGET_PERCENT", 150),
    "ABUSE_DAILY_CASE_CAP": envint("SELLERDESK_ABUSE_DAILY_CASE_CAP", 3),
    # Rate limits (fixed windows): attempts per window, per user and per address.
    "RATE_SIGNIN_PER_ADDRESS": envint("SELLERDESK_RATE_SIGNIN_PER_ADDRESS", 20),
    "RATE_SIGNIN_PER_USER": envint("SELLERDESK_RATE_SIGNIN_PER_USER", 10),
    "RATE_SIGNIN_WINDOW_SECONDS": envint("SELLERDESK_RATE_SIGNIN_WINDOW_SECONDS", 900),
    "RATE_CASES_PER_USER": envint("SELLERDESK_RATE_CASES_PER_USER", 30),
    "RATE_CASES_PER_ADDRESS": envint("SELLERDESK_RATE_CASES_PER_ADDRESS", 60),
    "RATE_CASES_WINDOW_SECONDS": envint("SELLERDESK_RATE_CASES_WINDOW_SECONDS", 3600),
    # Reports: the worker refreshes their rollups every minute from the changes since the
    # last refresh, re-reading this many seconds before it (a change that committed late).
    "REPORTS_OVERLAP_SECONDS": envint("SELLERDESK_REPORTS_OVERLAP_SECONDS", 300),
    # The hour (UTC, at :40) of the nightly rebuild of the reports' rollups; -1: none.
    "REPORTS_REBUILD_HOUR": envint("SELLERDESK_REPORTS_REBUILD_HOUR", 3),
    # A report's range when none is given, in days back from today.
    "REPORTS_DEFAULT_DAYS": envint("SELLERDESK_REPORTS_DEFAULT_DAYS", 90),
    # Satisfaction surveys (docs/surveys.md): the emailed rating link works this long; a case
    # resolved longer ago than the look-back is not invited (a new installation does not mail
    # its whole history); a score at or below the low score asks the team lead to follow up.
    "SURVEY_TOKEN_DAYS": envint("SELLERDESK_SURVEY_TOKEN_DAYS", 14),
    "SURVEY_INVITE_LOOKBACK_DAYS": envint("SELLERDESK_SURVEY_INVITE_LOOKBACK_DAYS", 3),
    "SURVEY_LOW_SCORE": envint("SELLERDESK_SURVEY_LOW_SCORE", 2),
    "SURVEY_COMMENT_MAX_LENGTH": envint("SELLERDESK_SURVEY_COMMENT_MAX_LENGTH", 2000),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"huey": {"level": "WARNING"}},
}
