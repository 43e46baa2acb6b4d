"""Oscar's catalogue views, with the marketplace's rule for who may see an artwork."""

from functools import partial

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch
from oscar.apps.catalogue.views import *  # noqa: F403  (the fork keeps Oscar's other views)
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from .listing import catalogue_version
from .view_counts import count_artwork_view

AttributeValue = get_model("catalogue", "ProductAttributeValue")
Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


ARTWORK_SECONDS = 60 * 60  # the catalogue version makes a stale artwork unreachable; this only frees memory


class ProductDetailView(OscarProductDetailView):
    def get_object(self, queryset=None):
        """The artwork with its pictures, stock and attributes, kept in the cache per catalogue version.

        Building the query costs more than the rest of the view, and everything it loads changes
        only through writes that bump the version (stock, price, text, pictures, attributes, the
        artist and their page), so a page view after the first reads one cache entry instead.
        `is_viewable()` still decides, per request, who may see it.
        """
        if hasattr(self, "object") or queryset is not None:
            return super().get_object(queryset)
        key = f"artwork-page:{catalogue_version()}:{self.kwargs.get(self.pk_url_kwarg)}"
        artwork = cache.get(key)
        if artwork is None:
            artwork = super().get_object()
            cache.set(key, artwork, ARTWORK_SECONDS)
        return artwork

    def get_queryset(self):
        """The artwork with everything its page shows, in one query plus one per list of related rows."""
        return (
            super()
            .get_queryset()
            .select_related("artist__page", "product_class", "main_category")
            .prefetch_related(
                Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
                Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
                Prefetch("attribute_values", queryset=AttributeValue.objects.select_related("attribute")),
            )
            # Oscar's `Product.has_options` reads these when present (the add-to-basket form asks).
            .annotate(
                has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
                has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            )
        )

    def is_viewable(self, product, request):
        """Live artworks for everyone; the others for their artist and staff, and a commission for its buyer.

        Unpublished, hidden or suspended artworks, and commissioned one-offs, are a 404 to everyone else.
        """
        # `is_live` is the column `Product.objects.live()` reads, loaded with the artwork itself.
        if product.is_live:
            return True
        user = request.user
        if user.is_staff:
            return True
        if not user.is_authenticated:
            return False
        if product.artist_id and product.artist.user_id == user.pk:
            return True
        # Read afresh, not from the cached artwork: a declined commission's artwork is gone at once.
        return product.commission_id is not None and Product.objects.reserved_for(user).filter(pk=product.pk).exists()

    def get_alert_status(self):
        # Asked by the template only when it offers a stock alert (a sold-out print): an artwork
        # for sale costs no query for it. Templates call a callable context value.
        return partial(super().get_alert_status)

    def send_signal(self, request, response, product):
        """Count the view in the cache instead of sending `product_viewed`.

        Oscar's receivers of that signal write analytics rows and set the recently-viewed cookie on
        every GET; the views are flushed to the analytics by `manage.py flush_artwork_views`, and no
        page here shows recently viewed artworks.
        """
        user_id = request.user.pk if request.user.is_authenticated else None
        count_artwork_view(artwork_id=product.pk, user_id=user_id)
