"""A commissioned one-off is its buyer's alone: nobody else finds it, sees it or puts it in a cart.

Every way in is tried through the real URL map: the catalogue and search pages, the products,
recommendations and similar-artworks APIs, the artist's page, the product page, and cart adds by id
on the site and the API. Each negative check sits beside a positive one (a live artwork that IS
shown), so a page that shows nothing at all cannot pass.
"""

import pytest
from django.test import Client
from oscar.core.loading import get_model

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.commissions.services import decline_commission
from artists.models import ArtistPage
from shop.basket.services import open_basket_for
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_titles
from shop.order.tests.factories import make_order

from .test_bridge_helpers import accepted, open_studio, reserved_artwork

Product = get_model("catalogue", "Product")

LIVE_TITLE = "Rufus at the Quay"  # a live artwork sharing the commission's words, artist and kind


@pytest.fixture
def shop(site_pages):
    """Maya's portrait of Rufus reserved for Ben; her live "Rufus at the Quay"; Cleo, who bought from Maya.

    Theo is another artist (his user); Maya is her artist record.
    """
    maya = open_studio("maya")
    page = ArtistPage.objects.get(artist=maya)
    page.save_revision().publish()
    ben, cleo = UserFactory(username="ben"), UserFactory(username="cleo")
    live = make_artwork(
        maya, title=LIVE_TITLE, description="Rufus the dog, oils", stock=3, is_original=False, edition_size=10
    )
    bought = make_artwork(maya, title="Harbour Blue", price="300.00")
    make_order(cleo, bought)  # Cleo's purchase makes Maya's work "related" to her
    commission = accepted(artist=maya, buyer=ben)
    return {
        "maya": maya,
        "theo": open_studio("theo").user,
        "ben": ben,
        "cleo": cleo,
        "admin": UserFactory(username="ada", is_staff=True),
        "live": live,
        "artwork": reserved_artwork(commission),
        "commission": commission,
        "page": page,
    }


def client_as(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [artwork["id"] for artwork in response.json()["results"]]


@pytest.mark.django_db(transaction=True)  # searching reads committed rows (MariaDB indexes full text at commit)
def test_it_is_never_listed_searched_recommended_or_suggested(shop):
    artwork, live = shop["artwork"], shop["live"]

    assert not Product.objects.live().filter(pk=artwork.pk).exists()
    for user in (None, shop["ben"], shop["cleo"]):
        client = client_as(user)
        assert LIVE_TITLE in shown_titles(client.get("/shop/", {"page_size": 48}))
        assert artwork.title not in shown_titles(client.get("/shop/", {"page_size": 48}))
        assert shown_titles(client.get("/shop/search/", {"q": "Rufus"})) == [LIVE_TITLE]
        artist_page = client.get(shop["page"].url).content.decode()
        assert LIVE_TITLE in artist_page and "Commission:" not in artist_page

        api = api_as(user)
        assert api_ids(api.get("/api/v1/products/", {"page_size": 100})).count(live.pk) == 1
        assert artwork.pk not in api_ids(api.get("/api/v1/products/", {"page_size": 100}))
        found = api_ids(api.get("/api/v1/products/", {"q": "Rufus"}))
        assert live.pk in found and artwork.pk not in found
        assert artwork.pk not in api_ids(api.get("/api/v1/products/", {"artist": "maya"}))
        recommended = api_ids(api.get("/api/v1/recommendations/", {"limit": 20}))
        assert live.pk in recommended and artwork.pk not in recommended
        similar = api_ids(api.get(f"/api/v1/products/{live.pk}/similar/", {"limit": 20}))
        assert artwork.pk not in similar
        suggestions = client.get("/shop/search/autocomplete/", {"q": "Rufus"})
        assert LIVE_TITLE in suggestions.content.decode() and "Commission:" not in suggestions.content.decode()
    assert api_as().get(f"/api/v1/products/{artwork.pk}/similar/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "cleo", "theo"])
def test_its_page_and_api_record_are_404_to_everyone_else(shop, who):
    user = None if who == "anonymous" else shop[who]
    artwork = shop["artwork"]

    assert client_as(user).get(artwork.get_absolute_url()).status_code == 404
    assert api_as(user).get(f"/api/v1/products/{artwork.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ben", "maya", "admin"])
def test_its_buyer_its_artist_and_staff_see_it(shop, who):
    user = shop["maya"].user if who == "maya" else shop[who]
    artwork = shop["artwork"]

    page = client_as(user).get(artwork.get_absolute_url())
    assert page.status_code == 200 and artwork.title in page.content.decode()
    record = api_as(user).get(f"/api/v1/products/{artwork.pk}/")
    assert record.status_code == 200 and record.json()["title"] == artwork.title


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["cleo", "theo"])
def test_nobody_else_can_put_it_in_a_cart_by_id(shop, who):
    user = shop[who]
    artwork = shop["artwork"]

    added = api_as(user).post("/api/v1/cart/items/", {"product_id": artwork.pk}, format="json")
    assert added.status_code == 404
    site = client_as(user).post(f"/shop/basket/add/{artwork.pk}/", {"quantity": 1}, follow=True)
    assert site.status_code == 200 and "not for sale" in site.content.decode()
    assert list(open_basket_for(user).all_lines()) == []


@pytest.mark.django_db
def test_its_buyer_can_put_it_back_by_id_on_the_site_and_the_api(shop):
    ben, artwork = shop["ben"], shop["artwork"]
    open_basket_for(ben).flush()

    added = api_as(ben).post("/api/v1/cart/items/", {"product_id": artwork.pk}, format="json")
    assert added.status_code == 201, added.content
    assert [line["product"]["id"] for line in added.json()["lines"]] == [artwork.pk]
    more = api_as(ben).post("/api/v1/cart/items/", {"product_id": artwork.pk}, format="json")
    assert more.status_code == 400 and "Only 1 left" in more.json()["quantity"][0]

    open_basket_for(ben).flush()
    client_as(ben).post(f"/shop/basket/add/{artwork.pk}/", {"quantity": 1})
    assert [line.product for line in open_basket_for(ben).all_lines()] == [artwork]


@pytest.mark.django_db
def test_once_declined_even_its_buyer_no_longer_sees_or_buys_it(shop):
    ben, artwork = shop["ben"], shop["artwork"]

    decline_commission(commission=shop["commission"], by_user=ben, reason="Found one I like")

    assert client_as(ben).get(artwork.get_absolute_url()).status_code == 404
    assert api_as(ben).get(f"/api/v1/products/{artwork.pk}/").status_code == 404
    added = api_as(ben).post("/api/v1/cart/items/", {"product_id": artwork.pk}, format="json")
    assert added.status_code == 404
    assert list(open_basket_for(ben).all_lines()) == []
    # It stays on record, unpublished: its artist still reads it.
    artwork.refresh_from_db()
    assert artwork.is_public is False
    assert api_as(shop["maya"].user).get(f"/api/v1/products/{artwork.pk}/").status_code == 200
