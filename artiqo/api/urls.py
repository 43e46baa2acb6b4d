"""The root of the REST API: every app registers its routes here, under /api/v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from artiqo.users.api.views import UserViewSet
from search.api import RecommendationsView, SimilarArtworksView
from shop.api.views import ArtistViewSet, ArtworkViewSet, CategoryViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("artists", ArtistViewSet, basename="artist")
router.register("categories", CategoryViewSet, basename="category")
router.register("products", ArtworkViewSet, basename="product")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("artiqo.users.api.urls")),
    path("recommendations/", RecommendationsView.as_view(), name="recommendations"),
    path("products/<int:pk>/similar/", SimilarArtworksView.as_view(), name="product-similar"),
    *router.urls,
]
