"""The URL map: Wagtail owns `/` and the artist pages, Oscar the shop, the API lives under /api/v1/."""

import re

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from artiqo.api import errors as api_errors
from artiqo.ops import health
from shop.payment.views import stripe_webhook

urlpatterns = [
    # Probes for load balancers and supervisors (artiqo/ops/health.py): alive, and ready to serve.
    path("healthz", health.alive, name="healthz"),
    path("readyz", health.ReadinessView.as_view(), name="readyz"),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    # The seeds call the admin `/admin/`; Wagtail's admin at /cms/ is the entry point.
    path("admin/", RedirectView.as_view(pattern_name="wagtailadmin_home"), name="admin-entry"),
    path("documents/", include(wagtaildocs_urls)),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    path("api/v1/", include(("artiqo.api.urls", "api"), namespace="api")),
    # Nothing under /api/ falls through to Wagtail's HTML pages: an unknown path is a JSON 404.
    re_path(r"^api(?:/|$)", api_errors.unknown_api_path),
    path("shop/orders/", include("shop.order.urls")),
    path("shop/payments/", include("shop.payment.urls")),
    path("payments/stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploads from local disk: runserver, or `make serve` (SERVE_MEDIA, one machine; check artiqo.W106).
    # Elsewhere they live in a bucket (MEDIA_STORAGE=s3) or behind the web server.
    from django.views.static import serve as serve_upload

    media_prefix = settings.MEDIA_URL.lstrip("/")
    if media_prefix and "://" not in settings.MEDIA_URL:
        urlpatterns.append(
            re_path(rf"^{re.escape(media_prefix)}(?P<path>.*)$", serve_upload, {"document_root": settings.MEDIA_ROOT})
        )

handler404 = "artiqo.api.errors.page_not_found"
handler500 = "artiqo.api.errors.server_error"

# Commissions on the site (h4): the request form at /artists/<slug>/commission/ (artist pages have no
# children, so no page is shadowed) and the buyer's "My commissions" at /account/commissions/.
urlpatterns.append(path("", include("shop.commissions.urls")))

# The "Ask Artiqo" panel's pages (search.assistant): /assistant/ (the form without JavaScript), its script's
# JSON endpoint and a buyer's conversation page.
urlpatterns.append(path("assistant/", include("search.assistant.urls")))

# Wagtail's catch-all comes last: every path not claimed above is a page.
urlpatterns.append(path("", include(wagtail_urls)))
