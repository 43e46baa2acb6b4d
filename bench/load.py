"""Artiqo's bulk loader: a database with N artworks, built fast enough to bench 100,000.

usage (run.py calls it with the production environment of common.artiqo_env):
    DATABASE_URL=... python bench/load.py --size 100000

It migrates, runs `load_demo_data` (5 artists with partners, the categories, 45 artworks with
pictures), adds 15 more approved artists, then bulk-creates the rest: Product + one StockRecord at
the artist's partner + one ProductCategory each, varied so filters and facets have something to
do. The word SEARCH_WORD is in the title and description of ~10% of the artworks, like the peer's
`vase`. The listing columns are filled by `refresh_listing()` and the new artworks are put in the
Wagtail search index with `add_bulk` in chunks (see `index_artworks` for why not `update_index`).
FEATURED_COUNT of them, spread evenly, get a running editorial featured listing (ten years long, so
a cached database stays featured), as a busy marketplace would have: the default order, search ties
and `?featured=true` are measured with featuring in play. It prints what it did and, last, one line
of JSON with the timings.
"""

import argparse
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402
from pages import SEARCH_WORD  # noqa: E402  (bench/pages.py: one of NOUNS below)

from artists.models import Artist  # noqa: E402
from artists.services import approve_artist, register_artist  # noqa: E402

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

NOUNS = [SEARCH_WORD, "orchard", "viaduct", "meadow", "quarry", "skyline", "allotment", "moorland", "pier", "canal"]
ADJECTIVES = ["quiet", "stormy", "golden", "misty", "distant", "northern", "winter", "evening", "early", "broken"]
COLOURS = ["ochre", "indigo", "sage", "rust", "ivory", "teal", "plum", "slate", "cobalt", "umber"]
# (medium, category, an original?) — prints are never originals, the rest nearly always are.
MEDIA = [
    ("Oil on canvas", "Painting", True),
    ("Acrylic on panel", "Painting", True),
    ("Watercolour on paper", "Painting", True),
    ("Charcoal on paper", "Drawing", True),
    ("Ink on paper", "Drawing", True),
    ("Archival pigment print", "Photography", False),
    ("Screen print", "Prints", False),
    ("Linocut", "Prints", False),
    ("Giclée print", "Prints", False),
    ("Bronze", "Sculpture", True),
    ("Stoneware", "Ceramics", True),
    ("Woven wool", "Textiles", True),
]
CITIES = [("Bristol", "South West England"), ("Manchester", "Greater Manchester"), ("Edinburgh", "Scotland")]
CITIES += [("Leeds", "West Yorkshire"), ("Glasgow", "Scotland"), ("Cardiff", "Wales"), ("Norwich", "East of England")]
EXTRA_ARTISTS = 15
BATCH = 5000


def extra_artists() -> None:
    """More approved artists (each with a partner, made by the real services) so facets are wider than 5."""
    User = get_user_model()
    for n in range(EXTRA_ARTISTS):
        username = f"bench-artist-{n:02d}"
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(f"{username}@example.com", None, username=username)
        city, region = CITIES[n % len(CITIES)]
        artist = register_artist(user=user, display_name=f"Bench Artist {n:02d}", city=city, region=region)
        approve_artist(artist=artist, notify=False)


def new_artwork(i: int, rnd: random.Random, artist, product_class, categories) -> tuple:
    noun, adjective, colour = rnd.choice(NOUNS), rnd.choice(ADJECTIVES), rnd.choice(COLOURS)
    medium, category, original = rnd.choice(MEDIA)
    original = original and rnd.random() < 0.9
    title = f"{adjective.title()} {noun} in {colour} no. {i}"
    width = Decimal(rnd.choice([20, 30, 40, 50, 60, 80, 100, 120]))
    product = Product(
        structure=Product.STANDALONE,
        product_class=product_class,
        upc=f"BENCH-{i:07d}",
        title=title,
        slug=slugify(title)[:128],
        description=f"A {adjective} {noun} in {colour}, {medium.lower()}, made in {artist.city} by "
        f"{artist.display_name}. {'One of a kind.' if original else 'From a numbered edition.'}",
        artist=artist,
        medium=medium,
        width_cm=width,
        height_cm=width * Decimal(rnd.choice(["0.75", "1", "1.25"])),
        year=rnd.randint(2015, 2026),
        is_original=original,
        edition_size=None if original else rnd.choice([25, 50, 100]),
        is_public=rnd.random() < 0.98,
    )
    price = Decimal(rnd.randint(150, 3000) if original else rnd.randint(30, 250))
    stock = 0 if rnd.random() < 0.05 else (1 if original else rnd.randint(5, 50))
    return product, price, stock, categories[category]


def bulk_artworks(count: int, seed: int = 42) -> None:
    """`count` artworks with a stock record and a category each, BATCH rows per INSERT round."""
    rnd = random.Random(seed)
    artists = list(Artist.objects.approved().select_related("partner").order_by("pk"))
    product_class = Product.objects.filter(upc__startswith="DEMO-").first().product_class
    categories = {c.name: c for c in Category.objects.filter(depth=1)}
    start = Product.objects.filter(upc__startswith="BENCH-").count()
    for offset in range(start, start + count, BATCH):
        rows = [
            new_artwork(i, rnd, rnd.choice(artists), product_class, categories)
            for i in range(offset, min(offset + BATCH, start + count))
        ]
        with transaction.atomic():
            products = Product.objects.bulk_create([row[0] for row in rows])
            if products[0].pk is None:  # a backend that does not return ids from bulk INSERT
                ids = dict(Product.objects.filter(upc__in=[p.upc for p in products]).values_list("upc", "pk"))
                for product in products:
                    product.pk = ids[product.upc]
            StockRecord.objects.bulk_create(
                StockRecord(
                    product_id=product.pk,
                    partner=product.artist.partner,
                    partner_sku=product.upc,
                    price=price,
                    price_currency="GBP",
                    num_in_stock=stock,
                    num_allocated=0,
                )
                for product, price, stock, _ in rows
            )
            ProductCategory.objects.bulk_create(
                ProductCategory(product_id=product.pk, category=category) for product, _, _, category in rows
            )


def refresh_listings() -> str:
    """Fill the denormalised listing columns; tolerated missing while the listing code is being written."""
    try:
        from shop.catalogue.listing import refresh_listing
    except ImportError as error:
        return f"skipped ({error})"
    with transaction.atomic():
        refresh_listing(Product.objects.all())
    return "done"


FEATURED_COUNT = 50


def feature_artworks(count: int = FEATURED_COUNT) -> int:
    """Give `count` bulk artworks, spread evenly by id, a running editorial featured listing (tops up only)."""
    from datetime import timedelta

    from django.apps import apps
    from django.utils import timezone

    try:
        FeaturedListing = apps.get_model("marketplace", "FeaturedListing")
    except LookupError:
        return 0
    now = timezone.now()
    if FeaturedListing.objects.running(now).count() >= count:
        return 0
    ids = list(
        Product.objects.filter(upc__startswith="BENCH-", is_live=True, units_left__gt=0)
        .order_by("pk")
        .values_list("pk", "artist_id")
    )
    if not ids:
        return 0
    editor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if editor is None:
        editor = get_user_model().objects.create_user(username="bench-editor", email="editor@bench.invalid")
    step = max(len(ids) // count, 1)
    days = 3650
    FeaturedListing.objects.bulk_create(
        FeaturedListing(
            artwork_id=pk,
            artist_id=artist_id,
            requested_by=editor,
            paid_with="editorial",
            status="active",
            days=days,
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=days),
        )
        for pk, artist_id in ids[::step][:count]
    )
    return min(count, len(ids[::step]))


def index_artworks(chunk: int = 2000) -> int:
    """Index the bulk-created artworks with the search backend's add_bulk, `chunk` at a time.

    bulk_create sends no signals, so nothing indexed them. `manage.py update_index` would rebuild
    every indexed model (pages, images, users…) and reindex all artworks; add_bulk over only the
    new ones with artist and categories prefetched does the same work for artworks alone (measured
    at 10k: see README's benchmark section).
    """
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    ids = list(Product.objects.filter(upc__startswith="BENCH-").order_by("pk").values_list("pk", flat=True))
    queryset = Product.get_indexed_objects()
    for offset in range(0, len(ids), chunk):
        with transaction.atomic():
            backend.add_bulk(Product, list(queryset.filter(pk__in=ids[offset : offset + chunk])))
    return len(ids)


def timed(label: str, timings: dict, fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    timings[label] = round(time.perf_counter() - started, 1)
    print(f"{label}: {timings[label]:.1f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="artworks in all, demo ones included")
    parser.add_argument("--index", choices=["add_bulk", "update_index"], default="add_bulk")
    options = parser.parse_args()
    timings = {}
    timed("migrate", timings, call_command, "migrate", "--verbosity", "0")
    if not Product.objects.filter(upc__startswith="DEMO-").exists():
        timed(
            "load_demo_data",
            timings,
            call_command,
            "load_demo_data",
            "--allow-production",
            "--no-history",  # the catalogue alone: the benchmark grows its own data
            "--verbosity",
            "0",
        )
    timed("extra artists", timings, extra_artists)
    missing = options.size - Product.objects.count()
    if missing > 0:
        timed("bulk create", timings, bulk_artworks, missing)
    listing = timed("refresh_listing", timings, refresh_listings)
    timed("featured listings", timings, feature_artworks)
    if options.index == "add_bulk":
        timed("search index (add_bulk)", timings, index_artworks)
    else:
        timed("search index (update_index)", timings, call_command, "update_index", "--verbosity", "0")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    total = Product.objects.count()
    hits = Product.objects.filter(title__icontains=SEARCH_WORD).count()
    connection.close()
    print(json.dumps({"artworks": total, "search_word_hits": hits, "listing": listing, "seconds": timings}))


if __name__ == "__main__":
    main()
