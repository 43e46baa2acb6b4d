"""Discovery endpoints: recommendations for the caller and artworks similar to one artwork.

Routes (registered in `artiqo/api/urls.py`, under /api/v1/):
    path("recommendations/", RecommendationsView.as_view(), name="recommendations")
    path("products/<int:pk>/similar/", SimilarArtworksView.as_view(), name="product-similar")
    path("featured/", FeaturedArtworksView.as_view(), name="featured")
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscar.core.loading import get_model
from rest_framework import permissions, serializers
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.api.serializers import ArtworkSerializer
from shop.catalogue.discovery.featured import featured_artworks

from .recommendations import recommended_for, similar_to

Product = get_model("catalogue", "Product")

MAX_LIMIT = 24


class DiscoveryLimitSerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, required=False, help_text=f"How many artworks (1–{MAX_LIMIT})."
    )


class DiscoveryResultsSerializer(serializers.Serializer):
    """A short ranked list of artworks, best first (not paginated)."""

    results = ArtworkSerializer(many=True)


def _limit(request, default: int) -> int:
    query = DiscoveryLimitSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("limit", default)


def _results(request, artworks, **context) -> Response:
    context["request"] = request
    return Response({"results": ArtworkSerializer(artworks, many=True, context=context).data})


BAD_LIMIT = OpenApiResponse(description=f"`limit` is not a whole number from 1 to {MAX_LIMIT}.")


class RecommendationsView(APIView):
    """Artworks for the caller: related to what they bought; popular ones for guests and new buyers."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="recommendations_list",
        description=(
            "For a signed-in buyer with orders: live, available artworks related to what they bought "
            "(co-purchases first, then the same artists, categories and mediums), never ones they already "
            "bought, their own, or sold-out ones; topped up with featured then popular artworks. Anyone else "
            "gets the artworks featured now, then those most ordered in the last 90 days, then the newest."
        ),
        parameters=[DiscoveryLimitSerializer],
        responses={200: DiscoveryResultsSerializer, 400: BAD_LIMIT},
    )
    def get(self, request):
        return _results(request, recommended_for(request.user, _limit(request, default=8)))


class SimilarArtworksView(APIView):
    """Live, available artworks sharing a category, artist, medium or kind with a live artwork."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="products_similar_list",
        description=(
            "Artworks like this one, most alike first: a shared category weighs most, then the same artist, "
            "the same medium, the same kind (original or print). Never the artwork itself or sold-out ones."
        ),
        parameters=[
            # drf-spectacular shows the `pk` URL keyword as `id`, like the products router's routes.
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The artwork's id."),
            DiscoveryLimitSerializer,
        ],
        responses={
            200: DiscoveryResultsSerializer,
            400: BAD_LIMIT,
            404: OpenApiResponse(description="No such artwork, or it is not live."),
        },
    )
    def get(self, request, pk: int):
        artwork = get_object_or_404(Product.objects.live(), pk=pk)
        return _results(request, similar_to(artwork, _limit(request, default=4)))


class FeaturedArtworksView(APIView):
    """Artworks featured now, newest first: a running featured listing, live, with units left."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="featured_list",
        description=(
            "Artworks featured now (paid or editorial featured listings), newest first: the same artworks the "
            "catalogue puts first and flags `featured`. One that sells out, is hidden, whose artist is suspended "
            "or whose featuring ended is left out at once."
        ),
        parameters=[DiscoveryLimitSerializer],
        responses={200: DiscoveryResultsSerializer, 400: BAD_LIMIT},
    )
    def get(self, request):
        artworks = list(featured_artworks().for_listing()[: _limit(request, default=12)])
        return _results(request, artworks, featured_ids={artwork.pk for artwork in artworks})
