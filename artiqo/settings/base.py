"""Settings shared by every environment; anything deployment-specific comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from django.urls import reverse_lazy
from oscar.defaults import *  # noqa: F403  (Oscar's documented way to get its defaults)

from artiqo.ops.logs import logging_config

from .assistant import *  # noqa: F403  (the art assistant: its model, limits and retention)
from .database import tune_database
from .schedule import *  # noqa: F403  (the periodic jobs and the scheduler's lock)
from .security_headers import PERMISSIONS_POLICY, content_security_policies  # noqa: F401
from .storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# .env is a development convenience: elsewhere only the real environment counts, unless asked for.
if env("DJANGO_SETTINGS_MODULE", default="") == "artiqo.settings.dev" or env.bool("DJANGO_READ_DOT_ENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies in front of Django append to X-Forwarded-For. 0 (the default): the
# header is ignored, since any client can send one; N: the N-th address from the right is the
# client's. Login lockouts (django-axes) and API throttles both count by that address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Which settings file is in force; commands that must never run in production check it.
ARTIQO_ENVIRONMENT = "development"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Our apps first so their templates and static override Oscar's and Wagtail's.
    "artiqo.users",
    "home",
    "artists",
    "artiqo.demo.apps.DemoConfig",  # composition root: the load_demo_data command
    "artiqo.ops.apps.OpsConfig",  # start-up checks, health, logs, email queue, scheduler
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "artiqo.users.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    # Oscar, with our forks in place of the stock apps
    "shop.config.ArtiqoShop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shop.shipping.apps.ShippingConfig",
    "shop.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.partner.apps.PartnerConfig",
    "shop.basket.apps.BasketConfig",
    "shop.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "shop.order.apps.OrderConfig",
    "shop.marketplace.apps.MarketplaceConfig",
    "shop.commissions.apps.CommissionsConfig",
    "shop.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    # API
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",  # the production queue's table; tests run a real worker against it
    "health_check",
    "django_guid",  # a request id on every log line
    "axes",
    # Browser security: CSP (checks its settings), CORS for a separately hosted front end
    "csp",
    "corsheaders",
]

MIDDLEWARE = [
    # First, so every log line of the request, other middleware's included, carries its id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached pages get the headers too (no nonces: cached HTML is shared).
    "artiqo.content_security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before CommonMiddleware, so a preflight is answered before any redirect (django-cors-headers' docs).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: it serves cached pages only to anonymous visitors with no messages waiting.
    "shop.catalogue.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the lockout that any login form or API call raised.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "artiqo.urls"
WSGI_APPLICATION = "artiqo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL=mysql://user:pass@host:3306/artiqo for MariaDB.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
tune_database(DATABASES["default"])
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
CACHES = {
    "default": env.cache("CACHE_URL", default=env("REDIS_URL", default="locmemcache://")),
    # sorl-thumbnail's key-value store: an entry never changes once written and the database keeps
    # it too, so each process holds its own copy instead of a network round trip per card picture.
    "thumbnails": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "thumbnails",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}
THUMBNAIL_CACHE = "thumbnails"

# Catalogue, artwork, artist and home pages for visitors who are not logged in are kept whole this
# long (shop.catalogue.page_cache); any change to what they show makes them stale at once. 0 = off.
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=300)

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: a locked-out username+IP is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "artiqo.users.backends.UsernameOrEmailBackend",
]
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Brute-force protection (django-axes, database-backed) -----------------------------------
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock the pair, not the address: a neighbour behind the same NAT keeps logging in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "artiqo.users.backends.login_key_for_lockout"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "artiqo.users.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The same client address as the API's throttles (TRUSTED_PROXY_COUNT), so nobody escapes the
# count with a made-up X-Forwarded-For, and behind a proxy each client is counted, not the proxy.
AXES_CLIENT_IP_CALLABLE = "artiqo.users.lockout.client_address"

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "collected-static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Local disk, or a bucket when MEDIA_STORAGE=s3 (then MEDIA_URL is the bucket's): see storage.py.
media_files, MEDIA_URL = media_storage(env, local_media_url=env("MEDIA_URL", default="/media/"))
# Production serves local uploads itself only when asked (one machine, `make serve`); runserver always does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
STORAGES = {
    "default": media_files,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_ID = 1

# --- Email ----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Requests only enqueue mail (artiqo/ops/mail.py); a worker delivers it through EMAIL_URL's backend.
EMAIL_DELIVERY_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "artiqo.ops.mail.QueuedEmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Artiqo <hello@artiqo.local>")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Artiqo"
# The admin's CSP (connect-src 'self') refuses Wagtail's call to releases.wagtail.org: don't make it.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin loads nothing from outside (its CSP allows our own images only) and
# editors' email hashes are not sent to a third party; Wagtail shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = SITE_URL
# The database backend picks SQLite FTS5 or MySQL/MariaDB FULLTEXT from the connection.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": env("WAGTAILSEARCH_BACKEND", default="wagtail.search.backends.database"),
        **({"URLS": env.list("WAGTAILSEARCH_URLS")} if env("WAGTAILSEARCH_URLS", default="") else {}),
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Oscar ----------------------------------------------------------------------------------
OSCAR_DYNAMIC_CLASS_LOADER = "shop.loading.class_loader"
OSCAR_SHOP_NAME = "Artiqo"
OSCAR_SHOP_TAGLINE = "Art by local artists"
OSCAR_DEFAULT_CURRENCY = env("CURRENCY", default="GBP")
OSCAR_HOMEPAGE = "/"
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_ALLOW_ANON_CHECKOUT = False
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_INITIAL_ORDER_STATUS = "Pending payment"
OSCAR_INITIAL_LINE_STATUS = "pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending payment": ("Paid", "Cancelled"),
    "Paid": ("Shipped", "Cancelled"),
    "Shipped": ("Delivered",),
    "Delivered": (),
    "Cancelled": (),
}
OSCAR_ORDER_STATUS_CASCADE = {"Cancelled": "cancelled"}
OSCAR_LINE_STATUS_PIPELINE = {
    "pending": ("shipped", "cancelled"),
    "shipped": ("delivered",),
    "delivered": (),
    "cancelled": (),
}
THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # JWT only: the admin's session never authenticates an API call, so CSRF does not apply.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "artiqo.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "artiqo.api.errors.exception_handler",
    # JSON in and out. The parser refuses absurdly nested bodies (400, not a RecursionError's 500);
    # the browsable HTML API is added only in development (dev.py), never in production.
    "DEFAULT_PARSER_CLASSES": [
        "artiqo.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Throttles count per client address; X-Forwarded-For is read only behind TRUSTED_PROXY_COUNT proxies.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Counted in the shared cache (Redis when CACHE_URL is set), so limits hold across processes.
    "DEFAULT_THROTTLE_RATES": {
        "auth": env("THROTTLE_AUTH", default="30/minute"),
        "register": env("THROTTLE_REGISTER", default="10/hour"),
        "commissions": env("THROTTLE_COMMISSIONS", default="60/hour"),  # requests and messages send email
    },
}
SIMPLE_JWT = {
    # Short-lived access tokens are the logout story: a stolen one dies within minutes.
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # Tokens carry a hash of the password: changing it revokes every token issued before.
    "CHECK_REVOKE_TOKEN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Artiqo API",
    "DESCRIPTION": "The marketplace of local artists: artworks, cart, orders, payments.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "PREPROCESSING_HOOKS": ["artiqo.api.schema.only_public_api"],
    # Swagger UI from drf-spectacular-sidecar's local copy: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Orders and payments both have a `status`; give each its own named enum.
    "ENUM_NAME_OVERRIDES": {"PaymentStatusEnum": "shop.payment.models.Payment.STATUS_CHOICES"},
}


# --- Browser security headers ---------------------------------------------------------------
CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY = content_security_policies(STATIC_URL, MEDIA_URL)

# CORS for a separately hosted front end (the React client of the seeds): only the listed
# origins (comma-separated, with scheme), only the API. Tokens travel in the Authorization
# header, not cookies, so credentials stay off.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (*default_cors_headers, "idempotency-key")

# --- Stripe ---------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Where Stripe calls go instead of api.stripe.com: a fake (localstripe) for development, tests or a staging
# run. Empty: real Stripe. dev.py and test.py point it at localstripe while there is no secret key.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_TIMEOUT_SECONDS = env.int("STRIPE_TIMEOUT_SECONDS", default=20)
# A payment still pending after this long is settled by `manage.py reconcile_payments` from Stripe's record.
PAYMENT_RECONCILE_AFTER_MINUTES = env.int("PAYMENT_RECONCILE_AFTER_MINUTES", default=5)
# An artist whose plan payment failed keeps the plan this many days, then moves to the free plan.
SUBSCRIPTION_GRACE_DAYS = env.int("SUBSCRIPTION_GRACE_DAYS", default=7)

# --- Logging --------------------------------------------------------------------------------
# Readable lines with the request id (django-guid's X-Request-ID); production switches to JSON lines.
LOGGING = logging_config(log_format=env("LOG_FORMAT", default="text"), level=env("LOG_LEVEL", default="WARNING"))
# A client's X-Request-ID is kept only when it is a UUID; otherwise (or without one) a fresh id is made.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "EXPOSE_HEADER": False}

# --- Commissions -------------------------------------------------------------------------
# A quote the buyer leaves unanswered this long expires (the scheduler's sweep), freeing the artist.
COMMISSION_QUOTE_DAYS = env.int("COMMISSION_QUOTE_DAYS", default=14)
# Reference pictures a buyer may send with a request (each through the artwork image pipeline).
COMMISSION_MAX_REFERENCES = 3

# --- Orders -------------------------------------------------------------------------------
# How long an unpaid order holds its stock before `manage.py expire_unpaid_orders` releases it.
ORDER_PAYMENT_HOLD_MINUTES = env.int("ORDER_PAYMENT_HOLD_MINUTES", default=30)
# Each artist posts their own pieces: delivery costs this much per artist in an order.
SHIPPING_RATE_PER_ARTIST = env("SHIPPING_RATE_PER_ARTIST", default="8.00")
