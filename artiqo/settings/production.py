"""Production: every secret from the environment, no fallbacks, hardened transport."""

import os

from artiqo.ops.logs import logging_config, tag_with_request_id

from .base import *  # noqa: F403
from .base import env

ARTIQO_ENVIRONMENT = "production"
DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: a missing key stops start-up
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Empty keys are refused by the start-up checks (artiqo.ops.checks), which list every one missing at once.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# base.py falls back to SQLite, a per-process cache and console mail for development; production must not
# run on them unnoticed, so the start-up checks refuse while any of these was not given (REDIS_URL counts
# for the cache, as in base.py).
SERVICE_VARIABLES_NOT_SET = [
    name
    for name, given in [
        ("DATABASE_URL", os.environ.get("DATABASE_URL")),
        ("CACHE_URL", os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")),
        ("EMAIL_URL", os.environ.get("EMAIL_URL")),
    ]
    if not given
]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe instances over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Cookies only over HTTPS. SECURE_SSL_REDIRECT=false with SECURE_COOKIES=false serves plain HTTP on
# loopback (`make serve`, tests); the start-up checks warn about either.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# One process serves the whole site: WhiteNoise answers /static/ from STATIC_ROOT (filled by collectstatic
# in the release step) with hashed names, gzip copies and a year's Cache-Control for hashed files.
# (New lists and dicts, not edits of base.py's: a process that imported both must not mix them.)
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_security], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_security:]]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# JSON lines with time, level, logger, message and request id (artiqo.ops.logs).
LOGGING = logging_config(log_format=env("LOG_FORMAT", default="json"), level=env("LOG_LEVEL", default="INFO"))

# A sync worker serves one request at a time: it keeps its database connection between requests
# instead of opening one (and re-running SQLite's pragmas or MariaDB's handshake) per request;
# the health check replaces a connection the server has dropped.
DATABASES = {
    **DATABASES,
    "default": {
        **DATABASES["default"],
        "CONN_MAX_AGE": env.int("DB_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    },
}

# Errors to Sentry, tagged with their request's id, when SENTRY_DSN is set; sentry-sdk finds Django by itself.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        send_default_pii=False,  # no buyer's address, cookies or user details leave the site
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        before_send=tag_with_request_id,
    )
