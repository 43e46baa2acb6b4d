"""The Artworks section's URLs, mounted under the Wagtail admin at /cms/artworks/."""

from django.urls import path

from .views import artworks, images, moderation

app_name = "studio_artworks"

urlpatterns = [
    path("", artworks.ArtworkIndexView.as_view(), name="index"),
    path("add/", artworks.ArtworkCreateView.as_view(), name="create"),
    path("<int:pk>/", artworks.ArtworkEditView.as_view(), name="edit"),
    path("<int:pk>/remove/", artworks.ArtworkRemoveView.as_view(), name="remove"),
    path("<int:pk>/pictures/", images.ImageUploadView.as_view(), name="image_upload"),
    path("<int:pk>/pictures/<int:image_pk>/move/", images.ImageMoveView.as_view(), name="image_move"),
    path("<int:pk>/pictures/<int:image_pk>/delete/", images.ImageDeleteView.as_view(), name="image_delete"),
    path("<int:pk>/hide/", moderation.ArtworkHideView.as_view(), name="hide"),
    path("<int:pk>/restore/", moderation.ArtworkRestoreView.as_view(), name="restore"),
]
