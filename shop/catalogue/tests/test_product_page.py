"""The artwork page: what it shows, what it costs in queries, and that a visit writes nothing."""

import io
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_class, get_model
from PIL import Image

from artiqo.users.tests.factories import UserFactory
from artists.services import ensure_artist_page
from artists.tests.factories import make_artist
from shop.catalogue import view_counts
from shop.catalogue.tests.factories import make_artwork

add_artwork_image = get_class("catalogue.services", "add_artwork_image")
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductRecord = get_model("analytics", "ProductRecord")
UserRecord = get_model("analytics", "UserRecord")
UserProductView = get_model("analytics", "UserProductView")

# What a warm page may cost, with its two rows of cards full (more by the artist, similar): the
# artwork with its pictures, stock and attributes, the rows' ids, their cards and the footer menu
# come from the cache (per catalogue version); what is left is the category trail and, for a
# signed-in buyer, the session, user, basket, notifications, studio link and Wagtail user bar.
# Before the cache: 13 anonymous, 27 signed in; before any of this work 22 and 36, with an UPDATE
# (and an INSERT) on every visit.
ANONYMOUS_QUERIES = 2  # stock Oscar's product page: 16
SIGNED_IN_QUERIES = 14

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 40, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def gallery(site_pages):
    """Eight oil paintings by two artists in a sub-category, each with a picture; the page shows the last."""
    oil = Category.add_root(name="Painting", slug="painting").add_child(name="Oil", slug="oil")
    maya = make_artist(username="maya", display_name="Maya Lindqvist")
    ensure_artist_page(artist=maya).get_latest_revision().publish()
    theo = make_artist(username="theo")
    for n in range(8):
        artwork = make_artwork(maya if n % 2 else theo, title=f"Quay Study {n}", category=oil, medium="Oil")
        add_artwork_image(artwork=artwork, image=ContentFile(jpeg(), name=f"quay-{n}.jpg"))
    return Product.objects.get(pk=artwork.pk)


def visit(client, artwork):
    client.get(artwork.get_absolute_url())  # thumbnails are generated and remembered on the first visit
    with CaptureQueriesContext(connection) as captured:
        response = client.get(artwork.get_absolute_url())
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def writes(queries: list[str]) -> list[str]:
    return [sql for sql in queries if sql.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}]


def test_the_artwork_page_shows_the_artwork_its_maker_and_related_rows(client, gallery):
    response, _ = visit(client, gallery)
    body = response.content.decode()

    assert '<h1 class="artwork-info__title">Quay Study 7</h1>' in body
    assert 'href="/artists/maya-lindqvist/"' in body and "Maya Lindqvist" in body
    assert "Available: the original, one of a kind" in body
    # Guests are sent to log in first, and back here afterwards.
    assert f'href="/shop/accounts/login/?next=/shop/catalogue/quay-study-7_{gallery.pk}/"' in body
    assert ">Painting</a>" in body and ">Oil</a>" in body  # the category trail
    assert "More by Maya Lindqvist" in body and "Similar artworks" in body
    assert "Quay Study 5" in body and "Quay Study 6" in body


@pytest.mark.parametrize("signed_in, budget", [(False, ANONYMOUS_QUERIES), (True, SIGNED_IN_QUERIES)])
def test_the_artwork_page_costs_a_fixed_number_of_queries_and_writes_nothing(client, gallery, signed_in, budget):
    if signed_in:
        client.force_login(UserFactory(username="bea"))

    _, queries = visit(client, gallery)

    assert writes(queries) == []
    assert len(queries) <= budget, "\n".join(queries)


def test_counted_views_reach_the_analytics_only_when_flushed(client, gallery):
    bea = UserFactory(username="bea")
    client.get(gallery.get_absolute_url())
    client.get(gallery.get_absolute_url())
    client.force_login(bea)
    client.get(gallery.get_absolute_url())
    assert not ProductRecord.objects.filter(product=gallery).exists()

    call_command("flush_artwork_views")  # the views' minute has not closed yet: nothing moves
    assert not ProductRecord.objects.filter(product=gallery).exists()

    assert view_counts.flush_artwork_views(now=time.time() + 3 * view_counts.MINUTE)["views"] == 3
    assert ProductRecord.objects.get(product=gallery).num_views == 3
    assert UserRecord.objects.get(user=bea).num_product_views == 1
    assert not UserProductView.objects.exists()

    view_counts.flush_artwork_views(now=time.time() + 3 * view_counts.MINUTE)  # flushed views are gone
    assert ProductRecord.objects.get(product=gallery).num_views == 3


def test_the_flush_command_adds_to_existing_records(client, gallery, monkeypatch):
    ProductRecord.objects.create(product=gallery, num_views=10)
    client.get(gallery.get_absolute_url())
    later = time.time() + 3 * view_counts.MINUTE
    monkeypatch.setattr(view_counts.time, "time", lambda: later)

    call_command("flush_artwork_views")

    assert ProductRecord.objects.get(product=gallery).num_views == 11


def test_a_warm_artwork_page_reads_the_artwork_from_the_cache_and_shows_an_edited_attribute(
    client, gallery, django_capture_on_commit_callbacks
):
    size = ProductAttribute.objects.create(product_class=gallery.product_class, name="Size", code="size", type="text")
    _, queries = visit(client, gallery)
    assert not any("catalogue_product" in sql for sql in queries)

    with django_capture_on_commit_callbacks(execute=True):
        ProductAttributeValue.objects.create(product=gallery, attribute=size, value_text="40 × 50 cm")

    response, _ = visit(client, gallery)
    assert "<dt>Size</dt><dd>40 × 50 cm</dd>" in response.content.decode()
