"""The studio's Artworks section, driven through the Wagtail admin at /cms/artworks/."""

import io
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import OrderLineFactory
from PIL import Image

from artiqo.users.tests.factories import UserFactory
from artists.models import Artist
from artists.services import studio_group
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")
hide_artwork = get_class("catalogue.services", "hide_artwork")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("category")]

INDEX = "/cms/artworks/"


def url(name, *args):
    return reverse(f"studio_artworks:{name}", args=args)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def jpeg_bytes(width=40, height=30, colour=(200, 80, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def png_of(width, height) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def upload(name="harbour.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg_bytes() if data is None else data, content_type=content_type)


def png_claiming(width, height) -> bytes:
    """A tiny PNG whose header claims a huge picture: refused before anything is decoded."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def artwork_form(**overrides):
    """A filled-in artwork form; the category is the `category` fixture's unless given."""
    data = {
        "title": "Harbour at dusk",
        "description": "Oil on linen, painted on the quay.",
        "category": Category.objects.get(slug="painting").pk,
        "medium": "Oil on linen",
        "width_cm": "40",
        "height_cm": "30",
        "depth_cm": "",
        "year": "2024",
        "is_original": "1",
        "edition_size": "",
        "price": "350.00",
        "stock": "1",
        "is_public": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def live_titles():
    return set(Product.objects.live().values_list("title", flat=True))


# --- the artist's own list ------------------------------------------------------------------


def test_artist_sees_only_their_own_artworks_in_the_list(maya, theo):
    make_artwork(maya, title="Maya's harbour", price="120.00", stock=1)
    make_artwork(theo, title="Theo's teapot", price="45.00")

    response = client_for(maya.user).get(INDEX)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Maya&#x27;s harbour" in body or "Maya's harbour" in body
    assert "£120.00" in body
    assert "Theo" not in body
    assert [row.artwork.title for row in response.context["rows"]] == ["Maya's harbour"]


def test_artists_and_moderators_see_the_menu_item_and_buyers_do_not_get_in(maya, admin_user):
    for user in (maya.user, admin_user):
        assert INDEX in client_for(user).get("/cms/").content.decode()

    buyer = client_for(UserFactory(username="bob"))
    response = buyer.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")
    assert buyer.post(url("create"), artwork_form()).status_code == 302
    assert not Product.objects.exists()


@pytest.mark.parametrize("status", [Artist.Status.PENDING, Artist.Status.SUSPENDED])
def test_pending_or_suspended_artist_is_refused_even_inside_the_studio_group(site_pages, status):
    artist = make_artist(username="pat", approved=False)
    Artist.objects.filter(pk=artist.pk).update(status=status)
    # As if removal from the group had been forgotten: the section must still say no.
    artist.user.groups.add(studio_group())
    client = client_for(artist.user)

    dashboard = client.get("/cms/")
    assert dashboard.status_code == 200
    assert INDEX not in dashboard.content.decode()
    for response in (client.get(INDEX), client.get(url("create")), client.post(url("create"), artwork_form())):
        assert response.status_code == 302
        assert response["Location"] == "/cms/"
    assert not Product.objects.exists()


# --- creating and editing ------------------------------------------------------------------


def test_artist_creates_an_artwork_with_one_stock_record_at_their_partner(maya, category):
    response = client_for(maya.user).post(url("create"), artwork_form(category=category.pk))

    artwork = Product.objects.get(title="Harbour at dusk")
    assert response.status_code == 302
    assert response["Location"] == url("edit", artwork.pk) + "#pictures"
    assert artwork.artist == maya
    assert (artwork.medium, artwork.width_cm, artwork.year, artwork.is_original) == (
        "Oil on linen",
        Decimal("40.0"),
        2024,
        True,
    )
    assert list(artwork.categories.all()) == [category]
    record = StockRecord.objects.get(product=artwork)
    assert (record.partner, record.price, record.num_in_stock) == (maya.partner, Decimal("350.00"), 1)
    assert "Harbour at dusk" in live_titles()


def test_a_print_keeps_its_edition_size_and_an_original_drops_it(maya, category):
    client = client_for(maya.user)
    client.post(url("create"), artwork_form(title="Gull print", is_original="0", edition_size="50", stock="12"))
    client.post(url("create"), artwork_form(title="Gull original", edition_size="50"))

    assert Product.objects.get(title="Gull print").edition_size == 50
    assert Product.objects.get(title="Gull print").stockrecords.get().num_in_stock == 12
    assert Product.objects.get(title="Gull original").edition_size is None


def test_artist_edits_price_and_stock(maya, category):
    artwork = make_artwork(maya, title="Jug", price="80.00", stock=3, is_original=False, edition_size=10)
    client = client_for(maya.user)

    page = client.get(url("edit", artwork.pk))
    assert page.status_code == 200
    assert page.context["form"].initial["price"] == Decimal("80.00")

    response = client.post(
        url("edit", artwork.pk),
        artwork_form(title="Jug", is_original="0", edition_size="10", price="95.50", stock="7", category=category.pk),
    )

    assert response.status_code == 302
    record = StockRecord.objects.get(product=artwork)
    assert (record.price, record.num_in_stock) == (Decimal("95.50"), 7)


def test_service_errors_show_on_the_field_they_concern(maya):
    artwork = make_artwork(maya, title="Unique bowl", price="60.00", stock=1)
    client = client_for(maya.user)

    too_many = client.post(url("edit", artwork.pk), artwork_form(title="Unique bowl", stock="2"))
    free = client.post(url("create"), artwork_form(title="Free bowl", price="0"))

    assert too_many.status_code == 200
    assert too_many.context["form"].errors["stock"] == ["An original is unique: stock is 0 or 1."]
    assert "An original is unique" in too_many.content.decode()
    assert StockRecord.objects.get(product=artwork).num_in_stock == 1
    assert free.context["form"].errors["price"] == ["Price must be greater than zero."]
    assert not Product.objects.filter(title="Free bowl").exists()


# --- someone else's artwork -------------------------------------------------------------------


def test_artist_cannot_open_change_remove_or_add_pictures_to_another_artists_artwork(maya, theo):
    theirs = make_artwork(theo, title="Theo's teapot", price="45.00")
    their_image = add_artwork_image(artwork=theirs, image=ContentFile(jpeg_bytes(), name="teapot.jpg"))
    mine = make_artwork(maya, title="Maya's harbour")
    client = client_for(maya.user)

    attempts = [
        client.get(url("edit", theirs.pk)),
        client.post(url("edit", theirs.pk), artwork_form(title="Stolen", price="1.00")),
        client.get(url("remove", theirs.pk)),
        client.post(url("remove", theirs.pk)),
        client.post(url("image_upload", theirs.pk), {"images": [upload()]}),
        client.post(url("image_move", theirs.pk, their_image.pk), {"direction": "down"}),
        client.post(url("image_delete", theirs.pk, their_image.pk)),
        # Their picture reached through my artwork's URL is just as missing.
        client.post(url("image_delete", mine.pk, their_image.pk)),
        client.post(url("image_move", mine.pk, their_image.pk), {"direction": "up"}),
    ]

    assert [response.status_code for response in attempts] == [404] * len(attempts)
    theirs.refresh_from_db()
    assert theirs.title == "Theo's teapot"
    assert theirs.is_public
    assert StockRecord.objects.get(product=theirs).price == Decimal("45.00")
    assert list(theirs.images.values_list("pk", flat=True)) == [their_image.pk]


# --- removing -----------------------------------------------------------------------------


def test_removing_a_never_ordered_artwork_deletes_it(maya):
    artwork = make_artwork(maya, title="Sketch")
    client = client_for(maya.user)

    confirm = client.get(url("remove", artwork.pk))
    response = client.post(url("remove", artwork.pk), follow=True)

    assert "will be <strong>deleted</strong>" in confirm.content.decode()
    assert not Product.objects.filter(pk=artwork.pk).exists()
    assert not StockRecord.objects.filter(product_id=artwork.pk).exists()
    assert "“Sketch” is deleted." in response.content.decode()


def test_removing_an_ordered_artwork_unpublishes_it(maya):
    artwork = make_artwork(maya, title="Sold seascape")
    OrderLineFactory(product=artwork, stockrecord=artwork.stockrecords.get(), partner=maya.partner, partner_sku="ART-1")
    client = client_for(maya.user)

    confirm = client.get(url("remove", artwork.pk))
    response = client.post(url("remove", artwork.pk), follow=True)

    assert "will be <strong>unpublished</strong>" in confirm.content.decode()
    artwork.refresh_from_db()
    assert not artwork.is_public
    assert "Sold seascape" not in live_titles()
    body = response.content.decode()
    assert "has been ordered before, so it was unpublished rather than deleted" in body
    assert [row.status.code for row in response.context["rows"]] == ["unpublished"]


# --- pictures -----------------------------------------------------------------------------


def test_admin_sees_every_artwork_and_filters_by_artist(maya, theo, admin_user):
    make_artwork(maya, title="Maya's harbour")
    make_artwork(theo, title="Theo's teapot")
    client = client_for(admin_user)

    everything = client.get(INDEX)
    only_theo = client.get(INDEX, {"artist": theo.pk})

    assert {row.artwork.title for row in everything.context["rows"]} == {"Maya's harbour", "Theo's teapot"}
    assert "Maya Lindqvist" in everything.content.decode() and "Theo Marsh" in everything.content.decode()
    assert [row.artwork.title for row in only_theo.context["rows"]] == ["Theo's teapot"]


@pytest.mark.django_db(transaction=True)  # MariaDB indexes full text at commit
def test_admin_filters_by_status_and_searches_words_as_the_shop_does(maya, theo, admin_user):
    make_artwork(maya, title="Harbour at dusk", description="Boats on the Avon.")
    make_artwork(maya, title="Draft harbour", is_public=False)
    hide_artwork(artwork=make_artwork(theo, title="Teapot", description="A harbour teapot."), reason="Blurry")
    client = client_for(admin_user)

    def titles(**params):
        return sorted(row.artwork.title for row in client.get(INDEX, params).context["rows"])

    assert titles(status="live") == ["Harbour at dusk"]
    assert titles(status="unpublished") == ["Draft harbour"]
    assert titles(status="hidden") == ["Teapot"]
    assert titles(q="avon") == ["Harbour at dusk"]
    assert titles(q="harbour", status="live") == ["Harbour at dusk"]


def test_admin_can_edit_any_artwork_but_has_nothing_to_add(maya, admin_user):
    artwork = make_artwork(maya, title="Harbour", price="100.00")
    client = client_for(admin_user)

    response = client.post(url("edit", artwork.pk), artwork_form(title="Harbour (retitled)", price="110.00"))

    assert response.status_code == 302
    artwork.refresh_from_db()
    assert artwork.title == "Harbour (retitled)"
    assert artwork.artist == maya
    assert client.get(url("create")).status_code == 302


def test_hidden_artwork_shows_the_reason_to_its_artist_and_stays_hidden_until_restored(maya, admin_user):
    artwork = make_artwork(maya, title="Harbour")
    admin = client_for(admin_user)
    artist = client_for(maya.user)

    refused = admin.post(url("hide", artwork.pk), {"reason": "   "})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    hidden = admin.post(url("hide", artwork.pk), {"reason": "The photo shows a different painting."})
    assert hidden.status_code == 302
    assert "Harbour" not in live_titles()

    listing = artist.get(INDEX).content.decode()
    assert "The photo shows a different painting." in listing
    assert "Hidden by a moderator" in listing
    assert "A moderator hid one of your artworks" in listing
    assert "The photo shows a different painting." in artist.get(url("edit", artwork.pk)).content.decode()

    fixed = artist.post(url("edit", artwork.pk), artwork_form(title="Harbour", price="120.00", is_public="on"))
    assert fixed.status_code == 302, "the artist may fix a hidden artwork"
    assert "Harbour" not in live_titles(), "but it stays off the shop until a moderator restores it"

    assert admin.post(url("restore", artwork.pk)).status_code == 302
    assert "Harbour" in live_titles()
    assert "The photo shows" not in artist.get(INDEX).content.decode()


def test_artists_cannot_hide_or_restore(maya):
    artwork = make_artwork(maya, title="Harbour")
    hide_artwork(artwork=make_artwork(maya, title="Hidden one"), reason="Blurry")
    client = client_for(maya.user)

    assert client.post(url("hide", artwork.pk), {"reason": "I like hiding"})["Location"] == "/cms/"
    assert client.post(url("restore", Product.objects.get(title="Hidden one").pk))["Location"] == "/cms/"
    assert live_titles() == {"Harbour"}


def test_posts_without_a_csrf_token_are_refused(maya):
    artwork = make_artwork(maya, title="Harbour")
    client = Client(enforce_csrf_checks=True)
    client.force_login(maya.user)

    assert client.post(url("remove", artwork.pk)).status_code == 403
    assert client.post(url("create"), artwork_form()).status_code == 403
    assert Product.objects.filter(pk=artwork.pk).exists()


# --- cost -----------------------------------------------------------------------------------


def list_queries(client) -> tuple[int, int]:
    client.get(INDEX)  # first sight makes thumbnails; the count that matters is the steady state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200
    return len(queries), len(response.context["rows"])


def add_artworks(artist, count, start=0):
    for number in range(start, start + count):
        artwork = make_artwork(artist, title=f"Study {number}")
        add_artwork_image(artwork=artwork, image=ContentFile(jpeg_bytes(colour=(number * 10, 50, 90)), name="s.jpg"))


@pytest.mark.parametrize("as_admin", [False, True], ids=["artist", "admin"])
def test_the_list_costs_the_same_queries_for_2_or_20_artworks(maya, theo, admin_user, as_admin):
    client = client_for(admin_user if as_admin else maya.user)
    add_artworks(maya, 2)
    add_artworks(theo, 1)
    few, few_rows = list_queries(client)

    add_artworks(maya, 18, start=2)
    add_artworks(theo, 5, start=1)
    many, many_rows = list_queries(client)

    assert (few_rows, many_rows) == ((3, 26) if as_admin else (2, 20))
    assert few == many
