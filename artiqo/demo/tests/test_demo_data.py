import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from oscar.core.loading import get_model

from artiqo.demo import content
from artiqo.demo.loader import DemoLoader
from artists.models import Artist, ArtistPage
from home.models import StandardPage

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def test_the_demo_marketplace_is_believable(demo_marketplace, django_user_model):
    artists = Artist.objects.approved()
    assert artists.count() >= 4
    assert artists.values("city").distinct().count() >= 2
    for artist in artists:
        assert artist.partner.name == artist.display_name
        page = ArtistPage.objects.get(artist=artist)
        assert page.live and page.owner == artist.user
        assert any(block.block_type == "paragraph" for block in page.story)

    artworks = Product.objects.live().prefetch_related("images", "stockrecords")
    assert artworks.count() >= 40
    pictures = set()
    for artwork in artworks:
        stock = artwork.stockrecords.get()
        assert stock.partner == artwork.artist.partner and stock.price > 0
        assert stock.num_in_stock == 1 if artwork.is_original else stock.num_in_stock > 1
        for image in artwork.images.all():
            pictures.add(hashlib.sha256(image.original.read()).hexdigest())
    assert len(pictures) >= artworks.count(), "every artwork has its own picture"

    names = set(Category.objects.values_list("name", flat=True))
    assert {"Painting", "Drawing", "Photography", "Prints", "Sculpture", "Ceramics"} <= names

    for username in ("admin", "maya", "theo", "ben", "clara"):
        user = django_user_model.objects.get(username=username)
        assert user.email == f"{username}@example.com"
        assert user.check_password(content.PASSWORD)
    assert django_user_model.objects.get(username="admin").is_superuser
    assert {"maya", "theo"} <= set(artists.values_list("user__username", flat=True))


def test_loading_the_demo_twice_adds_nothing(demo_marketplace, django_user_model):
    counts = (
        Product.objects.count(),
        Artist.objects.count(),
        django_user_model.objects.count(),
        ArtistPage.objects.count(),
        StandardPage.objects.count(),
        Category.objects.count(),
    )

    result = DemoLoader(image_width=240).run()

    assert result["artworks_created"] == 0
    assert counts == (
        Product.objects.count(),
        Artist.objects.count(),
        django_user_model.objects.count(),
        ArtistPage.objects.count(),
        StandardPage.objects.count(),
        Category.objects.count(),
    )


def test_the_command_refuses_production_settings_without_allow_production(settings):
    settings.ARTIQO_ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo_data")

    assert not Product.objects.exists()


def test_the_command_loads_under_production_settings_when_allowed_and_skips_a_second_time(settings):
    settings.ARTIQO_ENVIRONMENT = "production"
    out = io.StringIO()

    call_command("load_demo_data", "--allow-production", "--no-history", stdout=out)
    artworks = Product.objects.count()
    call_command("load_demo_data", "--allow-production", "--no-history", "--skip-if-loaded", stdout=out)

    assert artworks >= 40 and Product.objects.count() == artworks
    assert "already loaded" in out.getvalue()
    assert not Order.objects.exists() and "Demo history" not in out.getvalue()


def test_the_command_says_why_it_cannot_write_the_history_inside_a_transaction(demo_marketplace):
    # Every test without transaction=True runs inside one; so would a caller wrapping the command in atomic().
    with pytest.raises(CommandError, match="outside a transaction"):
        call_command("load_demo_data", stdout=io.StringIO())

    assert not Order.objects.exists()
