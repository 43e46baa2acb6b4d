"""Production's start-up checks: refuse to run on a development default, and say which variable is missing.

base.py gives every service a development default (SQLite, a per-process memory cache, mail printed to
the console, localstripe in dev and tests), so `make run` needs no configuration. Production must never
fall back to them silently: with artiqo.settings.production these checks are Errors naming the variable,
raised by every manage.py command that runs system checks (migrate, db_worker, run_scheduler, check…)
and by wsgi.py before gunicorn serves a request. Choices that are allowed but worth seeing (a fake
Stripe for a staging run, plain HTTP on loopback, SQLite on one machine) are Warnings.

DJANGO_SECRET_KEY and ALLOWED_HOSTS are refused earlier still: production.py reads them without a
default, so Django cannot even load its settings without them (the message names the variable).
"""

import logging

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# The tag of these checks; wsgi.py runs just these at start-up (`manage.py check --tag production` too).
PRODUCTION_TAG = "production"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
MAIL_LOSING_BACKENDS = ("django.core.mail.backends.locmem.EmailBackend", "django.core.mail.backends.dummy.EmailBackend")
MAIL_NOT_SENDING_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)
STRIPE_KEYS = {
    "STRIPE_SECRET_KEY": ("artiqo.E106", "no payment can be taken"),
    "STRIPE_PUBLISHABLE_KEY": ("artiqo.E107", "the payment page cannot load Stripe.js"),
    "STRIPE_WEBHOOK_SECRET": ("artiqo.E108", "Stripe's payment events would be refused, or trusted unsigned"),
}
SERVICE_HINTS = {
    "DATABASE_URL": ("artiqo.E101", "mysql://artiqo:secret@db.internal:3306/artiqo"),
    "CACHE_URL": ("artiqo.E102", "redis://cache.internal:6379/1"),
    "EMAIL_URL": ("artiqo.E104", "smtp+tls://user:password@smtp.example.com:587"),
}

logger = logging.getLogger(__name__)


def in_production() -> bool:
    return settings.ARTIQO_ENVIRONMENT == "production"


def variables_not_set() -> list[str]:
    """Which of DATABASE_URL, CACHE_URL, EMAIL_URL production.py found missing from the environment."""
    return getattr(settings, "SERVICE_VARIABLES_NOT_SET", [])


@checks.register(PRODUCTION_TAG)
def services_are_given(app_configs, **kwargs):
    """Database, cache and mail server come from the environment, never from base.py's development defaults."""
    if not in_production():
        return []
    return [
        checks.Error(
            f"{name} is not set: production will not run on the development default.",
            hint=f"Set {name}, e.g. {example}.",
            id=check_id,
        )
        for name, (check_id, example) in SERVICE_HINTS.items()
        if name in variables_not_set()
    ]


@checks.register(PRODUCTION_TAG)
def cache_is_shared(app_configs, **kwargs):
    """API throttles, cached pages and the catalogue's version must be the same for every process.

    Counts, facets and anonymous pages are cached under a catalogue version: with a cache local to each
    process, a sale handled by one process would leave the others serving counts and pages from before it.
    """
    if not in_production() or "CACHE_URL" in variables_not_set():
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend == REDIS_CACHE:
        return []
    return [
        checks.Error(
            f"CACHE_URL names {backend}, not Redis: app processes would not share counts, throttles and pages.",
            hint="Set CACHE_URL to a Redis server, e.g. redis://cache.internal:6379/1.",
            id="artiqo.E103",
        )
    ]


@checks.register(PRODUCTION_TAG)
def mail_is_sent(app_configs, **kwargs):
    """Order confirmations and artists' approvals must reach people, not a process's memory."""
    if not in_production() or "EMAIL_URL" in variables_not_set():
        return []
    # Requests only enqueue mail; the worker delivers it through the backend EMAIL_URL chose (artiqo/ops/mail.py).
    backends = {getattr(settings, "EMAIL_DELIVERY_BACKEND", ""), settings.EMAIL_BACKEND}
    if lost := sorted(backends.intersection(MAIL_LOSING_BACKENDS)):
        return [
            checks.Error(
                f"EMAIL_URL gives {lost[0]}, which throws every email away.",
                hint="Set EMAIL_URL to a mail server, e.g. smtp+tls://user:password@smtp.example.com:587.",
                id="artiqo.E105",
            )
        ]
    if printed := sorted(backends.intersection(MAIL_NOT_SENDING_BACKENDS)):
        return [
            checks.Warning(
                f"EMAIL_URL gives {printed[0]}: emails are printed, not sent.",
                hint="Fine for a trial on this machine; set EMAIL_URL to a mail server before buyers come.",
                id="artiqo.W101",
            )
        ]
    return []


@checks.register(PRODUCTION_TAG)
def stripe_is_real(app_configs, **kwargs):
    """Every Stripe key is given; a fake Stripe is used only when STRIPE_API_BASE asks for it."""
    if not in_production():
        return []
    problems = [
        checks.Error(f"{name} is empty: {consequence}.", hint=f"Set {name} from Stripe's dashboard.", id=check_id)
        for name, (check_id, consequence) in STRIPE_KEYS.items()
        if not getattr(settings, name)
    ]
    if settings.STRIPE_API_BASE:
        problems.append(
            checks.Warning(
                f"STRIPE_API_BASE is set ({settings.STRIPE_API_BASE}): payments go to a fake Stripe, not to Stripe.",
                hint="Right for a staging run against localstripe; unset it to take real payments.",
                id="artiqo.W102",
            )
        )
    return problems


@checks.register(PRODUCTION_TAG)
def one_machine_only(app_configs, **kwargs):
    sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if not in_production() or not sqlite or "DATABASE_URL" in variables_not_set():
        return []
    return [
        checks.Warning(
            "DATABASE_URL names SQLite: app, worker and scheduler processes must all run on this one machine.",
            hint="Use MariaDB (mysql://…) to run processes on several machines.",
            id="artiqo.W103",
        )
    ]


@checks.register(PRODUCTION_TAG)
def https_only(app_configs, **kwargs):
    """Plain HTTP is allowed for loopback (`make serve`, tests), never by accident."""
    if not in_production():
        return []
    problems = []
    if not settings.SECURE_SSL_REDIRECT:
        problems.append(
            checks.Warning(
                "SECURE_SSL_REDIRECT is off: pages are served over plain HTTP.",
                hint="Only for loopback, or when a proxy in front already redirects to HTTPS.",
                id="artiqo.W104",
            )
        )
    if not getattr(settings, "SECURE_COOKIES", True):
        problems.append(
            checks.Warning(
                "SECURE_COOKIES is off: session and CSRF cookies travel over plain HTTP.",
                hint="Only for loopback; anywhere else anyone on the network can take over a session.",
                id="artiqo.W105",
            )
        )
    return problems


@checks.register(PRODUCTION_TAG)
def uploads_served_by_the_app(app_configs, **kwargs):
    """SERVE_MEDIA lets gunicorn answer /media/ from local disk: fine for `make serve`, not for a fleet."""
    if not in_production() or not getattr(settings, "SERVE_MEDIA", False):
        return []
    return [
        checks.Warning(
            "SERVE_MEDIA is on: the app processes serve uploaded pictures from MEDIA_ROOT on this machine.",
            hint="Only for one machine; use MEDIA_STORAGE=s3 (or a web server in front) to scale out.",
            id="artiqo.W106",
        )
    ]


def refuse_to_serve_on_errors() -> None:
    """Run the production checks as manage.py would; raise with every Error's message, log the Warnings.

    gunicorn then stops the worker from booting and shows the message, rather than serving a site
    that half works.
    """
    problems = [problem for problem in checks.run_checks(tags=[PRODUCTION_TAG]) if not problem.is_silenced()]
    errors = [problem for problem in problems if problem.is_serious()]
    if errors:
        raise ImproperlyConfigured("Production refuses to start:\n" + "\n".join(f"  {error}" for error in errors))
    for warning in problems:
        logger.warning("%s", warning)
