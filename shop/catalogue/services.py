"""Writes to the catalogue: artworks (each with its single stock record, changed together) and categories."""

import io
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from . import rules
from .colours import dominant_colours
from .images import clean_artwork_image
from .listing import LISTING_COLUMNS, refresh_listing

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ArtworkColour = get_model("catalogue", "ArtworkColour")
Category = get_model("catalogue", "Category")
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
    commission=None,
) -> Product:
    """Create the product and its single stock record at the artist's partner, in one transaction.

    With `commission`, the one-off a buyer commissioned: reserved for them, never live, and not a
    listing, so the plan's listing limit does not apply.
    """
    if not artist.is_approved:
        raise ValidationError("Only approved artists can list artworks.")
    details = {
        "title": title.strip(),
        "description": description,
        "medium": medium,
        "width_cm": width_cm,
        "height_cm": height_cm,
        "depth_cm": depth_cm,
        "year": year,
        "is_original": is_original,
        "edition_size": None if is_original else edition_size,
    }
    rules.check_artwork_fields(price=price, stock=stock, **details)
    rules.check_stock(is_original=is_original, edition_size=edition_size, stock=stock)
    if is_public and stock > 0 and commission is None:
        _check_listing_limit(artist, adding=1)  # locks the artist: concurrent creations count one by one
    price = Decimal(price)
    partner = artist.partner  # created on approval; its absence is a bug worth a loud error
    artwork = Product.objects.create(
        structure=Product.STANDALONE,
        product_class=artwork_product_class(),
        slug=slugify(title)[:128] or "artwork",
        artist=artist,
        upc=upc,
        is_public=is_public,
        commission=commission,
        **details,
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
    judged = dict(fields)
    if fields.get("is_original"):
        judged.pop("edition_size", None)  # an original has no edition: it is dropped below
    rules.check_artwork_fields(price=price, stock=stock, **judged)
    may_relist = bool(is_public) or (stock is not None and stock > 0)
    if may_relist:
        # The artist's row before the artwork's, in the order create_artwork and the plan services take them.
        _check_listing_limit(artwork.artist, adding=None)
    artwork = Product.objects.select_for_update().get(pk=artwork.pk)
    if artwork.commission_id is not None:
        _check_commission_terms(artwork, price=price, stock=stock, is_public=is_public)
    was_listed = _is_listing(artwork)
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
        record.price = Decimal(price)
    if stock is not None:
        # Units already promised to orders stay promised: stock cannot drop below them.
        if stock < (record.num_allocated or 0):
            raise ValidationError({"stock": f"{record.num_allocated} are already sold and awaiting shipping."})
        record.num_in_stock = stock
    rules.check_stock(is_original=artwork.is_original, edition_size=artwork.edition_size, stock=record.num_in_stock)
    record.save()
    if category is not None:
        ProductCategory.objects.filter(product=artwork).delete()
        ProductCategory.objects.create(product=artwork, category=category)
    artwork.refresh_from_db(fields=LISTING_COLUMNS)
    if may_relist and not was_listed and _is_listing(artwork):
        _check_listing_limit(artwork.artist, adding=0)  # back on sale: it now counts, and must fit
    return artwork


def _check_commission_terms(artwork: Product, *, price, stock, is_public) -> None:
    """A commissioned piece keeps what its buyer accepted: the quoted price, its one unit, published for them."""
    record = StockRecord.objects.get(product=artwork)
    errors = {}
    if price is not None and Decimal(price) != record.price:
        errors["price"] = "A commissioned piece keeps the price its buyer accepted."
    if stock is not None and stock != record.num_in_stock:
        errors["stock"] = "A commissioned piece is one of a kind: its stock stays as it is."
    if is_public is not None and is_public != artwork.is_public:
        errors["is_public"] = "A commissioned piece is withdrawn by declining the commission."
    if errors:
        raise ValidationError(errors)


def _is_listing(artwork: Product) -> bool:
    """Counts against the plan's listing limit (marketplace.limits): public, not hidden, units left.

    A commissioned one-off is reserved for its buyer, not on sale: it never counts.
    """
    listed = artwork.is_public and not artwork.hidden_reason and artwork.units_left > 0
    return listed and artwork.commission_id is None


def _check_listing_limit(artist, *, adding: int | None) -> None:
    """The plan's listing limit (raises ListingLimitReached, a ValidationError); `None` only takes the lock."""
    from shop.marketplace.limits import check_can_list, lock_artist

    if adding is None:
        lock_artist(artist)
    else:
        check_can_list(artist, adding=adding)


@transaction.atomic
def remove_artwork(*, artwork: Product) -> str:
    """Take an artwork down: unpublished if anyone ever ordered or featured it (those records keep it), else deleted."""
    Line = get_model("order", "Line")
    FeaturedListing = get_model("marketplace", "FeaturedListing")  # its fee and dates stay on record
    # A commissioned piece is never deleted: its commission points at it (and declining it withdraws it).
    if artwork.commission_id is not None and artwork.commission.status == "accepted":
        raise ValidationError(
            "This piece is commissioned and awaits its buyer's payment: decline the commission to withdraw it."
        )
    if (
        artwork.commission_id is not None
        or Line.objects.filter(product=artwork).exists()
        or FeaturedListing.objects.filter(artwork=artwork).exists()
    ):
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
    """Check, clean and attach an uploaded picture after the existing ones, up to the rules' count."""
    # Lock the artwork so two uploads at once cannot both take the last free place.
    Product.objects.select_for_update().only("pk").get(pk=artwork.pk)
    position = artwork.images.count()
    rules.check_image_count(existing=position)
    clean = clean_artwork_image(image)
    # Named from the clean bytes in memory: no second read of the stored file (it may be in a bucket).
    source = io.BytesIO(clean.file.read())
    clean.file.seek(0)
    picture = ProductImage.objects.create(product=artwork, original=clean.file, caption=caption, display_order=position)
    index_image_colours(image=picture, source=source)
    return picture


@transaction.atomic
def index_image_colours(*, image: ProductImage, source=None) -> list:
    """(Re)write the dominant palette colours of one artwork picture; `source` defaults to the stored file.

    Its rows are replaced, so running it twice leaves the same rows (the backfill relies on that).
    The image row's own save already made cached counts stale; the backfill says so itself.
    """
    if source is None:
        with image.original.open("rb") as stored:
            found = dominant_colours(stored)
    else:
        found = dominant_colours(source)
    ArtworkColour.objects.filter(image=image).delete()
    return ArtworkColour.objects.bulk_create(
        ArtworkColour(artwork_id=image.product_id, image=image, name=name, share=Decimal(f"{share:.3f}"))
        for name, share in found
    )


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
    """Remove a picture (its colour rows go with it: CASCADE) and close the gap in the order."""
    artwork = image.product
    image.delete()
    for position, remaining in enumerate(artwork.images.order_by("display_order", "pk")):
        if remaining.display_order != position:
            ProductImage.objects.filter(pk=remaining.pk).update(display_order=position)


CATEGORY_NAME_MAX_LENGTH = 255  # Oscar's Category.name and slug columns


def _check_category(*, name: str, slug: str, parent, category=None) -> None:
    """A category needs a name, a slug that can be a URL, and a slug no sibling already has.

    Oscar's category URLs are built from the slugs; an empty one cannot be reversed, and two
    siblings with one slug are the same thing twice to `?category=<slug>`.
    """
    errors = {}
    if not name:
        errors["name"] = "Give the category a name."
    elif len(name) > CATEGORY_NAME_MAX_LENGTH:
        errors["name"] = f"Use at most {CATEGORY_NAME_MAX_LENGTH} characters."
    if name and not slug:
        errors["slug"] = "The name has no letters or digits to make a slug from: give a slug."
    elif len(slug) > CATEGORY_NAME_MAX_LENGTH:
        errors["slug"] = f"Use at most {CATEGORY_NAME_MAX_LENGTH} characters."
    elif slug:
        siblings = parent.get_children() if parent is not None else Category.get_root_nodes()
        if category is not None:
            siblings = siblings.exclude(pk=category.pk)
        if siblings.filter(slug__iexact=slug).exists():
            errors["slug"] = f"Another category here already has the slug “{slug}”."
    if errors:
        raise ValidationError(errors)


def _category_slug(name: str, slug: str) -> str:
    return slug.strip() or Category(name=name).generate_slug()


@transaction.atomic
def create_category(*, name: str, slug: str = "", description: str = "", parent=None):
    """A category at the top of the tree, or under `parent`; its slug is made from the name unless given."""
    name = name.strip()
    slug = _category_slug(name, slug)
    _check_category(name=name, slug=slug, parent=parent)
    fields = {"name": name, "slug": slug, "description": description}
    return parent.add_child(**fields) if parent is not None else Category.add_root(**fields)


@transaction.atomic
def update_category(*, category, name: str | None = None, slug: str | None = None, description: str | None = None):
    """Rename, re-slug or re-describe a category; an empty slug is made afresh from the name."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    old_slug = category.slug
    if name is not None:
        category.name = name.strip()
    if slug is not None:
        category.slug = _category_slug(category.name, slug)
    if description is not None:
        category.description = description
    _check_category(name=category.name, slug=category.slug, parent=category.get_parent(), category=category)
    category.save()
    if category.slug != old_slug:
        # Oscar caches each category's URL (built from its ancestors' slugs): forget this branch's.
        cache.delete_many([node.get_url_cache_key() for node in category.get_descendants_and_self()])
    return category


@transaction.atomic
def delete_category(*, category) -> None:
    """Remove a category and its subcategories; their artworks stay listed, without that category."""
    category.delete()


def _currency() -> str:
    from django.conf import settings

    return settings.OSCAR_DEFAULT_CURRENCY
