"""The buyer's order actions, mounted at /shop/orders/ (Oscar's account pages show the orders)."""

from django.urls import path

from . import views

app_name = "buyer_orders"

urlpatterns = [
    path("<str:order_number>/cancel/", views.cancel_order_view, name="cancel"),
]
