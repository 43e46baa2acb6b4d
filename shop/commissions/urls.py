"""The buyer's commission pages, mounted at the site root by artiqo/urls.py (before Wagtail's catch-all).

The request form sits under the artist (`/artists/<slug>/commission/`: artist pages have no child pages, so
nothing of Wagtail's is shadowed); the buyer's requests live in the account (`/account/commissions/`).
"""

from django.urls import path

from . import views

app_name = "commissions"

urlpatterns = [
    path("artists/<slug:artist_slug>/commission/", views.new_commission, name="new"),
    path("account/commissions/", views.commission_list, name="list"),
    path("account/commissions/<int:pk>/", views.commission_detail, name="detail"),
    path("account/commissions/<int:pk>/accept/", views.accept, name="accept"),
    path("account/commissions/<int:pk>/pay/", views.pay, name="pay"),
    path("account/commissions/<int:pk>/decline/", views.decline, name="decline"),
    path("account/commissions/<int:pk>/messages/", views.reply, name="message"),
]
