"""Writes to the catalogue: an artwork and its single stock record always change together."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from .images import clean_artwork_image
from .listing import LISTING_COLUMNS, refresh_listing

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

ARTWORK_CLASS_NAME = "Artwork"


def artwork_product_class():
    """Every artwork shares one product class: tracked stock, shipped."""
    product_class, _ = ProductClass.objects.get_or_create(
        slug="artwork", defaults={"name": ARTWORK_CLASS_NAME, "requires_shipping": True, "track_stock": True}
    )
    return product_class


def check_edition(*, is_original: bool, edition_size: int | None, stock: int) -> None:
    """A print cannot have more copies for sale than its edition holds."""
    if not is_original and edition_size and stock > edition_size:
        raise ValidationError({"stock": f"The edition has {edition_size} copies; stock cannot exceed it."})


@transaction.atomic
def create_artwork(
    *,
    artist,
    title: str,
    price: Decimal,
    stock: int = 1,
    description: str = "",
    category=None,
    medium: str = "",
    width_cm: Decimal | None = None,
    height_cm: Decimal | None = None,
    depth_cm: Decimal | None = None,
    year: int | None = None,
    is_original: bool = True,
    edition_size: int | None = None,
    upc: str | None = None,
    is_public: bool = True,
) -> Product:
    """Create the product and its single stock record at the artist's partner, in one transaction."""
    if not artist.is_approved:
        raise ValidationError("Only approved artists can list artworks.")
    price = Decimal(price)
    if price <= 0:
        raise ValidationError({"price": "Price must be greater than zero."})
    if stock < 0:
        raise ValidationError({"stock": "Stock cannot be negative."})
    if is_original and stock > 1:
        raise ValidationError({"stock": "An original is unique: stock is 0 or 1."})
    check_edition(is_original=is_original, edition_size=edition_size, stock=stock)
    partner = artist.partner  # created on approval; its absence is a bug worth a loud error
    artwork = Product.objects.create(
        structure=Product.STANDALONE,
        product_class=artwork_product_class(),
        title=title.strip(),
        slug=slugify(title)[:128] or "artwork",
        description=description,
        artist=artist,
        medium=medium,
        width_cm=width_cm,
        height_cm=height_cm,
        depth_cm=depth_cm,
        year=year,
        is_original=is_original,
        edition_size=None if is_original else edition_size,
        upc=upc,
        is_public=is_public,
    )
    StockRecord.objects.create(
        product=artwork,
        partner=partner,
        partner_sku=f"ART-{artwork.pk}",
        price=price,
        price_currency=_currency(),
        num_in_stock=stock,
    )
    if category is not None:
        ProductCategory.objects.create(product=artwork, category=category)
    artwork.refresh_from_db(fields=LISTING_COLUMNS)
    return artwork


ARTWORK_FIELDS = {
    "title",
    "description",
    "medium",
    "width_cm",
    "height_cm",
    "depth_cm",
    "year",
    "is_original",
    "edition_size",
}


@transaction.atomic
def update_artwork(
    *,
    artwork: Product,
    price: Decimal | None = None,
    stock: int | None = None,
    category=None,
    is_public: bool | None = None,
    **fields,
) -> Product:
    """Change an artwork and, in the same transaction, its single stock record and category."""
    unknown = set(fields) - ARTWORK_FIELDS
    if unknown:
        raise ValueError(f"Not artwork fields: {sorted(unknown)}")
    artwork = Product.objects.select_for_update().get(pk=artwork.pk)
    for name, value in fields.items():
        setattr(artwork, name, value.strip() if name == "title" else value)
    if "title" in fields:
        artwork.slug = slugify(artwork.title)[:128] or "artwork"
    if artwork.is_original:
        artwork.edition_size = None
    if is_public is not None:
        # A moderator's hide (hidden_reason) outranks this switch: the artist may fix the artwork and
        # keep it "published", but it stays off the shop until a moderator restores it.
        artwork.is_public = is_public
    artwork.save()
    record = StockRecord.objects.select_for_update().get(product=artwork)
    if price is not None:
        price = Decimal(price)
        if price <= 0:
            raise ValidationError({"price": "Price must be greater than zero."})
        record.price = price
    if stock is not None:
        # Units already promised to orders stay promised: stock cannot drop below them.
        if stock < (record.num_allocated or 0):
            raise ValidationError({"stock": f"{record.num_allocated} are already sold and awaiting shipping."})
        record.num_in_stock = stock
    if artwork.is_original and record.num_in_stock > 1:
        raise ValidationError({"stock": "An original is unique: stock is 0 or 1."})
    check_edition(is_original=artwork.is_original, edition_size=artwork.edition_size, stock=record.num_in_stock)
    record.save()
    if category is not None:
        ProductCategory.objects.filter(product=artwork).delete()
        ProductCategory.objects.create(product=artwork, category=category)
    artwork.refresh_from_db(fields=LISTING_COLUMNS)
    return artwork


@transaction.atomic
def remove_artwork(*, artwork: Product) -> str:
    """Take an artwork down: unpublished if anyone ever ordered it (orders keep it), else deleted."""
    Line = get_model("order", "Line")
    if Line.objects.filter(product=artwork).exists():
        Product.objects.filter(pk=artwork.pk).update(is_public=False)
        refresh_listing(Product.objects.filter(pk=artwork.pk))
        return "unpublished"
    artwork.delete()
    return "deleted"


@transaction.atomic
def hide_artwork(*, artwork: Product, reason: str) -> Product:
    """Moderation: an admin hides an artwork from the public with a reason the artist sees."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why, so the artist can fix it."})
    # `live()` excludes anything with a reason, so the artist's own published/unpublished choice
    # is left alone and comes back unchanged when a moderator restores the artwork.
    Product.objects.filter(pk=artwork.pk).update(hidden_reason=reason.strip())
    refresh_listing(Product.objects.filter(pk=artwork.pk))
    artwork.refresh_from_db()
    return artwork


@transaction.atomic
def restore_artwork(*, artwork: Product) -> Product:
    """Moderation: lift a hide; the artwork is as public as its artist had left it."""
    Product.objects.filter(pk=artwork.pk).update(hidden_reason="")
    refresh_listing(Product.objects.filter(pk=artwork.pk))
    artwork.refresh_from_db()
    return artwork


@transaction.atomic
def add_artwork_image(*, artwork: Product, image: File, caption: str = "") -> ProductImage:
    """Check, clean and attach an uploaded picture after the existing ones."""
    clean = clean_artwork_image(image)
    position = artwork.images.count()
    return ProductImage.objects.create(product=artwork, original=clean.file, caption=caption, display_order=position)


@transaction.atomic
def reorder_artwork_images(*, artwork: Product, image_ids: list[int]) -> None:
    """Put the artwork's pictures in the given order; the first is the one cards show."""
    images = {image.pk: image for image in artwork.images.select_for_update()}
    if set(image_ids) != set(images):
        raise ValidationError({"images": "Give every image of this artwork exactly once."})
    for position, image_id in enumerate(image_ids):
        images[image_id].display_order = position
        images[image_id].save(update_fields=["display_order"])


@transaction.atomic
def delete_artwork_image(*, image: ProductImage) -> None:
    artwork = image.product
    image.delete()
    for position, remaining in enumerate(artwork.images.order_by("display_order", "pk")):
        if remaining.display_order != position:
            ProductImage.objects.filter(pk=remaining.pk).update(display_order=position)


def _currency() -> str:
    from django.conf import settings

    return settings.OSCAR_DEFAULT_CURRENCY
