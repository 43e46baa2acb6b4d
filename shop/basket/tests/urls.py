"""The project's URLs plus the cart API, routed as `artiqo/api/urls.py` is to register it."""

from django.urls import path

from artiqo.urls import urlpatterns as project_urlpatterns
from shop.api.cart import CartItemsView, CartItemView, CartView

urlpatterns = [
    path("api/v1/cart/", CartView.as_view(), name="cart"),
    path("api/v1/cart/items/", CartItemsView.as_view(), name="cart-items"),
    path("api/v1/cart/items/<int:pk>/", CartItemView.as_view(), name="cart-item"),
    *project_urlpatterns,
]
