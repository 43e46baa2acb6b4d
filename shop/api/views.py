"""Artists, categories and artworks. Views stay thin: filters read, serializers check, services write."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from oscar.core.loading import get_class, get_model
from rest_framework import parsers, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from artists.models import Artist
from artists.selling import selling_artist
from artists.services import update_artist_profile
from shop.catalogue.discovery import find_artworks
from shop.catalogue.images import ImageTooLarge
from shop.marketplace.limits import ListingLimitReached

from .filters import ArtistFilter, ArtworkFilter, artwork_filters, filter_artists
from .orders import Conflict
from .permissions import IsAdminOrReadOnly, IsApprovedArtist, IsApprovedArtistOrAdmin
from .serializers import (
    ArtistProfileSerializer,
    ArtistSerializer,
    ArtworkImageSerializer,
    ArtworkImageUploadSerializer,
    ArtworkSerializer,
    ArtworkWriteSerializer,
    CategorySerializer,
)
from .uploads import UploadTooLarge, limit_image_uploads, too_large_message

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
create_artwork = get_class("catalogue.services", "create_artwork")
update_artwork = get_class("catalogue.services", "update_artwork")
remove_artwork = get_class("catalogue.services", "remove_artwork")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")
delete_category = get_class("catalogue.services", "delete_category")


OWN_ARTIST_RESPONSES = {403: OpenApiResponse(description="Not an artist, or a suspended one.")}
PROFILE_API_NAMES = {"display_name": "name"}


def own_artist_record(user) -> Artist:
    """The caller's artist record, pending or approved; a suspended artist changes nothing until reinstated."""
    artist = Artist.objects.filter(user=user).first()
    if artist is None:
        raise PermissionDenied("Only artists have an artist profile.")
    if artist.status == Artist.Status.SUSPENDED:
        raise PermissionDenied("Your artist account is suspended, so your profile cannot change.")
    return artist


@extend_schema_view(list=extend_schema(parameters=[ArtistFilter]))
class ArtistViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved artists only; pending and suspended ones answer 404. `me/` is the caller's own record."""

    serializer_class = ArtistSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        live_artworks = (
            Product.objects.live()
            .filter(artist=OuterRef("pk"))
            .order_by()
            .values("artist")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            Artist.objects.approved()
            .select_related("page")
            .annotate(artwork_count=Coalesce(Subquery(live_artworks), Value(0), output_field=IntegerField()))
            .order_by("display_name", "pk")
        )

    def filter_queryset(self, queryset):
        if self.action == "list":
            return filter_artists(queryset, self.request.query_params)
        return queryset

    @extend_schema(methods=["GET"], responses={200: ArtistProfileSerializer, **OWN_ARTIST_RESPONSES})
    @extend_schema(
        methods=["PATCH"],
        request=ArtistProfileSerializer,
        responses={
            200: ArtistProfileSerializer,
            400: OpenApiResponse(description="Invalid field values."),
            **OWN_ARTIST_RESPONSES,
        },
    )
    @action(detail=False, methods=["get", "patch"], url_path="me", permission_classes=[permissions.IsAuthenticated])
    def me(self, request):
        """The caller's own artist record: name, city, region and bio are theirs to change."""
        artist = own_artist_record(request.user)
        if request.method == "PATCH":
            form = ArtistProfileSerializer(data=request.data, partial=True)
            form.is_valid(raise_exception=True)
            try:
                artist = update_artist_profile(artist=artist, **form.validated_data)
            except DjangoValidationError as refused:
                raise ValidationError(
                    {PROFILE_API_NAMES.get(field, field): errors for field, errors in refused.message_dict.items()}
                ) from refused
        return Response(ArtistProfileSerializer(artist).data)


class CategoryViewSet(viewsets.ModelViewSet):
    """Everyone reads the public categories; admins see and manage all of them."""

    serializer_class = CategorySerializer
    permission_classes = [IsAdminOrReadOnly]

    def get_permissions(self):
        # AllowAny for reads is what IsAdminOrReadOnly lets through anyway; saying it lets the
        # schema mark reads as needing no login.
        if self.request is not None and self.request.method in permissions.SAFE_METHODS:
            return [permissions.AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        categories = Category.objects.all() if self.request.user.is_staff else Category.objects.browsable()
        return categories.order_by("path")

    def perform_destroy(self, category):
        delete_category(category=category)


ARTWORK_WRITE_RESPONSES = {
    400: OpenApiResponse(description="Invalid field values."),
    403: OpenApiResponse(description="Not an approved artist or an admin."),
    404: OpenApiResponse(description="No such artwork, or not yours."),
}
# Creating an artwork on sale (or putting one back) beyond the artist's plan's listing limit.
LISTING_LIMIT_RESPONSES = {409: OpenApiResponse(description="Over your plan's listing limit.")}


@extend_schema_view(
    list=extend_schema(parameters=[ArtworkFilter]),
    create=extend_schema(
        request=ArtworkWriteSerializer,
        responses={201: ArtworkSerializer, **ARTWORK_WRITE_RESPONSES, **LISTING_LIMIT_RESPONSES},
    ),
    update=extend_schema(
        request=ArtworkWriteSerializer,
        responses={200: ArtworkSerializer, **ARTWORK_WRITE_RESPONSES, **LISTING_LIMIT_RESPONSES},
    ),
    partial_update=extend_schema(
        request=ArtworkWriteSerializer,
        responses={200: ArtworkSerializer, **ARTWORK_WRITE_RESPONSES, **LISTING_LIMIT_RESPONSES},
    ),
    destroy=extend_schema(
        description="Deleted if nobody ever ordered it; otherwise unpublished, so orders keep their artwork.",
        responses={204: None, **ARTWORK_WRITE_RESPONSES},
    ),
)
class ArtworkViewSet(viewsets.ModelViewSet):
    """Live artworks for everyone; an artist edits only their own (others' answer 404), admins any."""

    serializer_class = ArtworkSerializer
    permission_classes = [permissions.AllowAny]
    permissions_by_action = {
        "create": [permissions.IsAuthenticated, IsApprovedArtist],
        "update": [permissions.IsAuthenticated, IsApprovedArtistOrAdmin],
        "partial_update": [permissions.IsAuthenticated, IsApprovedArtistOrAdmin],
        "destroy": [permissions.IsAuthenticated, IsApprovedArtistOrAdmin],
        "images": [permissions.IsAuthenticated, IsApprovedArtistOrAdmin],
    }

    def get_permissions(self):
        return [permission() for permission in self.permissions_by_action.get(self.action, self.permission_classes)]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Product.objects.none()
        user = self.request.user
        if self.action == "list":
            return Product.objects.live()
        if user.is_staff:
            return Product.objects.all()
        if self.action == "retrieve":
            # The owner may look at their own hidden or unpublished artwork, and a buyer at the one-off
            # they commissioned; nobody else may.
            own = Product.objects.owned_by(user.artist) if hasattr(user, "artist") else Product.objects.none()
            return Product.objects.visible_to(user) | own
        artist = selling_artist(user)
        return Product.objects.owned_by(artist) if artist is not None else Product.objects.none()

    def list(self, request, *args, **kwargs):
        """The site's catalogue query: the same filters, full-text ranking and order as `/shop/`."""
        results = find_artworks(artwork_filters(request.query_params))
        page = self.paginate_queryset(results)
        # Which are featured: known from the page's own query in the default order, else one query.
        context = {**self.get_serializer_context(), "featured_ids": results.featured_among(a.pk for a in page)}
        return self.get_paginated_response(self.get_serializer(page, many=True, context=context).data)

    def get_object(self):
        artwork = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, artwork)
        return artwork

    def _respond_with(self, artwork, status_code=status.HTTP_200_OK) -> Response:
        fresh = Product.objects.filter(pk=artwork.pk).for_listing().get()
        return Response(self.get_serializer(fresh).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self._respond_with(self.get_object())

    def create(self, request, *args, **kwargs):
        form = ArtworkWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            artwork = create_artwork(artist=selling_artist(request.user), **form.validated_data)
        except ListingLimitReached as full:
            raise Conflict(full.messages[0]) from full
        return self._respond_with(artwork, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        artwork = self.get_object()
        form = ArtworkWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        form.is_valid(raise_exception=True)
        try:
            artwork = update_artwork(artwork=artwork, **form.validated_data)
        except ListingLimitReached as full:
            raise Conflict(full.messages[0]) from full
        return self._respond_with(artwork)

    def destroy(self, request, *args, **kwargs):
        remove_artwork(artwork=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": ArtworkImageUploadSerializer},
        responses={
            201: ArtworkImageSerializer,
            **ARTWORK_WRITE_RESPONSES,
            413: OpenApiResponse(description="The file is over the size limit."),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser])
    def images(self, request, pk=None):
        """Add a picture after the existing ones; it is checked by content and stored re-encoded."""
        artwork = self.get_object()  # before the body is read: a stranger's upload goes nowhere
        limit_image_uploads(request)
        form = ArtworkImageUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            image = add_artwork_image(artwork=artwork, image=form.validated_data["image"])
        except ImageTooLarge as error:
            raise UploadTooLarge(too_large_message()) from error
        return Response(ArtworkImageSerializer(image, context=self.get_serializer_context()).data, status=201)
