"""The site's payment step, mounted at /shop/payments/ (the webhook lives at /payments/stripe/webhook/)."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("order/<str:number>/", views.pay_for_order, name="pay"),
    path("order/<str:number>/card/", views.charge_card, name="card"),
    path("<int:pk>/state/", views.payment_state, name="state"),
]
