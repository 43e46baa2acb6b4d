"""The project's URLs plus the buyer's order actions, routed as `artiqo/urls.py` is to mount them."""

from django.urls import include, path

from artiqo.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("shop/orders/", include("shop.order.urls")),
    *project_urlpatterns,
]
