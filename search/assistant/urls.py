"""The "Ask Artiqo" pages, mounted at /assistant/ by artiqo/urls.py (before Wagtail's catch-all)."""

from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.ask_artiqo, name="ask"),
    path("chat/", views.PanelChatView.as_view(), name="chat"),
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
]
