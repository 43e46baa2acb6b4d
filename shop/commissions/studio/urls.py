"""The Commissions section's URLs, mounted under the Wagtail admin at /cms/commissions/."""

from django.urls import path

from .views import CommissionDetailView, CommissionIndexView, CompleteView, DeclineView, MessageView, QuoteView

app_name = "studio_commissions"

urlpatterns = [
    path("", CommissionIndexView.as_view(), name="index"),
    path("<int:pk>/", CommissionDetailView.as_view(), name="detail"),
    path("<int:pk>/messages/", MessageView.as_view(), name="message"),
    path("<int:pk>/quote/", QuoteView.as_view(), name="quote"),
    path("<int:pk>/decline/", DeclineView.as_view(), name="decline"),
    path("<int:pk>/complete/", CompleteView.as_view(), name="complete"),
]
