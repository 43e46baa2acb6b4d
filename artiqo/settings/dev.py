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
