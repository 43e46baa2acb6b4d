"""Test settings: fast hashing, in-memory mail, local files under a temporary media root."""

import tempfile

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, env

ARTIQO_ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-only-key-not-secret-but-long-enough-for-hs256"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail goes through the queue as in production (conftest puts EMAIL_BACKEND back after Django's test set-up
# swaps in locmem); tasks run at once and deliver to locmem, so mail.outbox fills as before.
EMAIL_BACKEND = "artiqo.ops.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="artiqo-test-media-"))
CACHES = {**CACHES, "default": env.cache("CACHE_URL", default="locmemcache://")}
# Tests see fresh pages; the page cache's own tests switch it on with override_settings.
ANONYMOUS_PAGE_CACHE_SECONDS = 0
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
WAGTAILADMIN_BASE_URL = "http://testserver"
STRIPE_SECRET_KEY = ""  # always localstripe, started by the `localstripe` fixture (which sets STRIPE_API_BASE)
STRIPE_API_BASE = env("STRIPE_API_BASE", default="http://127.0.0.1:8420")
STRIPE_WEBHOOK_SECRET = "whsec_artiqo_test"

# SQLite tests use a file, not memory: WAL, busy timeouts and threads behave as in `make run`.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_SQLITE_NAME", default=str(BASE_DIR / ".test-db.sqlite3"))}
