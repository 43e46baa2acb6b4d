"""Development: the embedded defaults of `make run` (SQLite, local media, console email, localstripe)."""

from .base import *  # noqa: F403
from .base import env

ARTIQO_ENVIRONMENT = "development"
DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed key is acceptable only here: dev never holds real sessions; production refuses to start without one.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# localstripe (started by `make run`) signs the events it posts to /payments/stripe/webhook/ with this.
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_artiqo_dev")
# Stripe calls go to that localstripe unless a real (test-mode) key is given.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="" if STRIPE_SECRET_KEY else "http://127.0.0.1:8420")
# The browsable HTML API is a development aid only; base.py (and so production) renders JSON alone.
if DEBUG:
    REST_FRAMEWORK = {
        **REST_FRAMEWORK,
        "DEFAULT_RENDERER_CLASSES": [
            *REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"],
            "rest_framework.renderers.BrowsableAPIRenderer",
        ],
    }
