"""Writes to the catalogue: an artwork and its single stock record always change together."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

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
    return artwork


@transaction.atomic
def add_artwork_image(*, artwork: Product, image: File, caption: str = "") -> ProductImage:
    """Attach an image after the existing ones."""
    position = artwork.images.count()
    return ProductImage.objects.create(product=artwork, original=image, caption=caption, display_order=position)


def _currency() -> str:
    from django.conf import settings

    return settings.OSCAR_DEFAULT_CURRENCY
