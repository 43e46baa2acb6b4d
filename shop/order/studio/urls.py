"""The Orders section's URLs, mounted under the Wagtail admin at /cms/orders/."""

from django.urls import path

from .views import MoveLineView, OrderIndexView

app_name = "studio_orders"

urlpatterns = [
    path("", OrderIndexView.as_view(), name="index"),
    path("lines/<int:pk>/ship/", MoveLineView.as_view(status="shipped"), name="ship"),
    path("lines/<int:pk>/deliver/", MoveLineView.as_view(status="delivered"), name="deliver"),
]
