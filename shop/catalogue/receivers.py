"""Keep the artworks' listing columns true whatever saved the rows they are copied from.

The catalogue services refresh them explicitly; these receivers cover every other writer: Oscar's
stock allocation (which sends post_save after its atomic UPDATE), its dashboard, Django's admin,
and the artist lifecycle in the `artists` app (which must not import the shop).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model
from wagtail.search import index

from artists.models import Artist
from artists.signals import artists_updated

from .listing import catalogue_changed, refresh_listing
from .tasks import reindex_artworks_of_artists_task

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
FeaturedListing = apps.get_model("marketplace", "FeaturedListing")  # models are loaded when receivers are

# The artist's fields an artwork's search document copies (its `RelatedFields("artist", ...)`).
ARTIST_FIELDS_IN_ARTWORK_SEARCH = frozenset(
    searched.field_name
    for field in Product.get_search_fields()
    if isinstance(field, index.RelatedFields) and field.field_name == "artist"
    for searched in field.fields
)


def reindex_artworks_if_searched(artist_ids, changed_fields) -> None:
    """A new artist name or city must find their artworks under it (and not under the old one)."""
    if changed_fields is None or ARTIST_FIELDS_IN_ARTWORK_SEARCH & set(changed_fields):
        reindex_artworks_of_artists_task.enqueue(list(artist_ids))


@receiver(post_save, sender=Product)
def artwork_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_listing(Product.objects.filter(pk=instance.pk))


@receiver(post_save, sender=StockRecord)
@receiver(post_delete, sender=StockRecord)
@receiver(post_save, sender=ProductCategory)
@receiver(post_delete, sender=ProductCategory)
def artwork_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.product_id:
        refresh_listing(Product.objects.filter(pk=instance.product_id))


@receiver(post_save, sender=Artist)
def artist_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    """Approval, suspension and reinstatement change whether every artwork of the artist is live."""
    if not raw:
        refresh_listing(Product.objects.filter(artist=instance))
        if not created:  # a new artist has no artworks yet
            reindex_artworks_if_searched([instance.pk], update_fields)


@receiver(artists_updated)
def artists_bulk_updated(sender, artist_ids, fields=None, **kwargs):
    refresh_listing(Product.objects.filter(artist_id__in=artist_ids))
    if artist_ids:
        reindex_artworks_if_searched(artist_ids, fields)


@receiver(post_save, sender=ProductImage)
@receiver(post_delete, sender=ProductImage)
@receiver(post_save, sender=ProductAttributeValue)
@receiver(post_delete, sender=ProductAttributeValue)
@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def shown_detail_changed(sender, raw=False, **kwargs):
    """Pictures, attributes and category names are shown, not filtered on: cached pages only go stale."""
    if not raw:
        catalogue_changed()


@receiver(post_save, sender=FeaturedListing)
@receiver(post_delete, sender=FeaturedListing)
def featuring_changed(sender, raw=False, **kwargs):
    """A listing started, ended, was refunded or removed: cached pages put other artworks first now.

    Reads of "featured now" are made at request time anyway (featured.py); this covers whole pages
    kept by the anonymous page cache. A listing that simply runs past `ends_at` saves nothing: the
    featuring sweep (`end_expired()`) ends it with a save, or calls `catalogue_changed()` itself.
    """
    if not raw:
        catalogue_changed()
