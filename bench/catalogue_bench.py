"""Catalogue, product and search response figures on a large catalogue.

Usage: `make bench` or `.venv/bin/python bench/catalogue_bench.py [--artworks 10000] [--requests 30]`.
It builds its own database (BENCH_DATABASE_URL, default a SQLite file in /tmp; point it at
MariaDB to measure that), loads N artworks once in bulk, indexes them for search, then times
requests through Django's test client and prints median/p95 latency and queries per request.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "artiqo.settings.dev")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/artiqo-bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", "/tmp/artiqo-bench-media")
os.environ["DJANGO_DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")

WORDS = (
    "harbour dusk estuary moon jar river grid quiet signal arch mill tide ash bronze seed nest "
    "weave plaid window contour study light blue red ochre moss ink clay stone shore field"
).split()
MEDIA = ["Oil on canvas", "Acrylic on panel", "Giclée print", "Screen print", "Stoneware", "Ink on paper"]


def ensure_catalogue(target: int) -> None:
    call_command("migrate", verbosity=0)
    if not Product.objects.filter(upc__startswith="DEMO-").exists():
        call_command("load_demo_data", verbosity=0)
    missing = target - Product.objects.count()
    if missing <= 0:
        return
    print(f"loading {missing} artworks in bulk…", flush=True)
    started = time.perf_counter()
    demo = list(Product.objects.filter(upc__startswith="DEMO-").select_related("artist"))
    categories = list(Category.objects.all())
    product_class = demo[0].product_class
    batch = 2000
    for offset in range(0, missing, batch):
        size = min(batch, missing - offset)
        with transaction.atomic():
            artworks = Product.objects.bulk_create(
                [
                    Product(
                        structure=Product.STANDALONE,
                        product_class=product_class,
                        title=f"{WORDS[(offset + i) % len(WORDS)].title()} {WORDS[(offset + i * 7) % len(WORDS)]} "
                        f"no. {offset + i}",
                        slug=f"bench-{offset + i}",
                        description=f"A bench artwork about {WORDS[(offset + i * 3) % len(WORDS)]}.",
                        artist=demo[(offset + i) % len(demo)].artist,
                        medium=MEDIA[(offset + i) % len(MEDIA)],
                        is_original=(offset + i) % 3 != 0,
                        is_public=True,
                    )
                    for i in range(size)
                ]
            )
            StockRecord.objects.bulk_create(
                [
                    StockRecord(
                        product=artwork,
                        partner=artwork.artist.partner,
                        partner_sku=f"BENCH-{artwork.pk}",
                        price=Decimal(40 + (artwork.pk % 1900)),
                        price_currency="GBP",
                        num_in_stock=1 if artwork.is_original else 10,
                    )
                    for artwork in artworks
                ]
            )
            ProductCategory.objects.bulk_create(
                [ProductCategory(product=a, category=categories[a.pk % len(categories)]) for a in artworks]
            )
    print(f"  loaded in {time.perf_counter() - started:.1f} s; indexing for search…", flush=True)
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    print(f"  indexed in {time.perf_counter() - started:.1f} s", flush=True)


def measure(client: Client, url: str, requests: int) -> tuple[float, float, int]:
    client.get(url)  # warm: thumbnails, site root, compiled templates
    timings, queries = [], 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artworks", type=int, default=int(os.environ.get("BENCH_ARTWORKS", 10_000)))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 30)))
    options = parser.parse_args()
    ensure_catalogue(options.artworks)
    artwork = Product.objects.live().order_by("-pk").first()
    category = Category.objects.first()
    client = Client(HTTP_HOST="127.0.0.1")
    pages = [
        ("catalogue, page 1", "/shop/"),
        ("catalogue, 48 a page, page 20", "/shop/?page_size=48&page=20"),
        ("catalogue, city + print + price", "/shop/?city=Bristol&kind=print&min_price=100&max_price=900"),
        ("category page", category.get_absolute_url()),
        ("product page", artwork.get_absolute_url()),
        ("search 'harbour'", "/shop/search/?q=harbour"),
        ("search 'blue study' + city", "/shop/search/?q=blue+study&city=Manchester"),
        ("autocomplete 'har'", "/shop/search/autocomplete/?q=har"),
        ("API products list", "/api/v1/products/?page_size=50"),
        ("API products search", "/api/v1/products/?search=harbour"),
    ]
    total = Product.objects.live().count()
    print(f"\n{total} live artworks, {options.requests} requests each ({connection.vendor})\n")
    print(f"{'request':38} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in pages:
        median, p95, queries = measure(client, url, options.requests)
        print(f"{label:38} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
