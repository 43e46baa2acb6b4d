"""Listing and editing artworks: approved artists on their own work, admins on any, nobody else."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from artiqo.testing import api_as
from artists.models import Artist
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.order.tests.factories import basket_with

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def new_artwork(marketplace):
    return {
        "title": "Clifton at Night",
        "description": "The bridge lit up.",
        "price": "350.00",
        "stock": 1,
        "category_id": marketplace["painting"].pk,
        "medium": "Acrylic",
        "width_cm": "50.0",
        "height_cm": "70.0",
        "year": 2025,
    }


def order_of(artwork, buyer):
    """An order placed for the artwork, the way Oscar's checkout places one."""
    return create_order(basket=basket_with(buyer, artwork), user=buyer)


def snapshot(artwork):
    artwork = Product.objects.get(pk=artwork.pk)
    record = artwork.stockrecords.get()
    return (artwork.title, artwork.is_public, artwork.artist_id, record.price, record.num_in_stock)


# --- create ----------------------------------------------------------------------------------


def test_an_approved_artist_lists_an_artwork_they_own(marketplace, new_artwork):
    maya = marketplace["maya"]

    response = api_as(maya.user).post("/api/v1/products/", new_artwork, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["artist"] == {"id": maya.pk, "slug": maya.slug, "name": "Maya Okafor"}
    assert (body["title"], body["price"], body["stock"], body["is_available"]) == (
        "Clifton at Night",
        "350.00",
        1,
        True,
    )
    assert body["category"] == {"id": marketplace["painting"].pk, "name": "Painting"}
    artwork = Product.objects.get(pk=body["id"])
    assert artwork.artist == maya and artwork.medium == "Acrylic" and artwork.year == 2025
    record = artwork.stockrecords.get()
    assert (record.price, record.num_in_stock, record.partner.artist) == (Decimal("350.00"), 1, maya)


def test_an_artist_field_in_the_body_is_ignored(marketplace, new_artwork):
    theo = marketplace["theo"]

    response = api_as(marketplace["maya"].user).post(
        "/api/v1/products/", {**new_artwork, "artist": theo.pk, "artist_id": theo.pk}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["artist"]["id"] == marketplace["maya"].pk
    assert not Product.objects.filter(artist=theo, title="Clifton at Night").exists()


def test_a_print_lists_with_an_edition_and_several_copies(marketplace, new_artwork):
    response = api_as(marketplace["maya"].user).post(
        "/api/v1/products/", {**new_artwork, "is_original": False, "edition_size": 25, "stock": 5}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["is_original"], response.json()["edition_size"], response.json()["stock"]) == (
        False,
        25,
        5,
    )


def test_an_original_with_two_in_stock_is_refused(marketplace, new_artwork):
    response = api_as(marketplace["maya"].user).post("/api/v1/products/", {**new_artwork, "stock": 2}, format="json")

    assert response.status_code == 400
    assert "stock" in response.json()
    assert not Product.objects.filter(title="Clifton at Night").exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"price": "0"}, "price"),
        ({"price": "-3"}, "price"),
        ({"price": "12.345"}, "price"),
        ({"price": "abc"}, "price"),
        ({"stock": -1}, "stock"),
        ({"title": "   "}, "title"),
        ({"category_id": 999999}, "category_id"),
        ({"category_id": 99999999999999999999999}, "category_id"),
        ({"category_id": "painting"}, "category_id"),
        ({"year": 3000}, "year"),
        ({"width_cm": "1e400"}, "width_cm"),
    ],
)
def test_invalid_artwork_fields_are_a_400(marketplace, new_artwork, change, field):
    response = api_as(marketplace["maya"].user).post("/api/v1/products/", {**new_artwork, **change}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Product.objects.filter(title="Clifton at Night").exists()


def test_a_hidden_category_cannot_be_chosen(marketplace, new_artwork):
    secret = Category.add_root(name="Secret", is_public=False)

    response = api_as(marketplace["maya"].user).post(
        "/api/v1/products/", {**new_artwork, "category_id": secret.pk}, format="json"
    )

    assert response.status_code == 400
    assert "category_id" in response.json()


def test_required_fields_are_named_when_missing(marketplace):
    response = api_as(marketplace["maya"].user).post("/api/v1/products/", {}, format="json")

    assert response.status_code == 400
    assert {"title", "price", "stock", "category_id"} <= set(response.json())


def test_anonymous_callers_must_authenticate_to_list(marketplace, new_artwork):
    response = api_as().post("/api/v1/products/", new_artwork, format="json")

    assert response.status_code == 401
    assert not Product.objects.filter(title="Clifton at Night").exists()


def test_buyers_and_unapproved_artists_cannot_list(marketplace, new_artwork, buyer, admin):
    pending = make_artist(username="penny", approved=False)
    suspended = make_artist(username="sam")
    Artist.objects.filter(pk=suspended.pk).update(status=Artist.Status.SUSPENDED)

    for caller in (buyer, pending.user, suspended.user, admin):
        response = api_as(caller).post("/api/v1/products/", new_artwork, format="json")
        assert response.status_code == 403, caller
        assert response.json()["detail"]
    assert not Product.objects.filter(title="Clifton at Night").exists()


# --- update ----------------------------------------------------------------------------------


def test_the_owner_changes_price_and_stock_on_the_stock_record(marketplace):
    grid = marketplace["grid"]

    response = api_as(marketplace["theo"].user).patch(
        f"/api/v1/products/{grid.pk}/", {"price": "135.00", "stock": 7}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["price"], response.json()["stock"]) == ("135.00", 7)
    record = StockRecord.objects.get(product=grid)
    assert (record.price, record.num_in_stock) == (Decimal("135.00"), 7)
    assert Product.objects.get(pk=grid.pk).title == "Ancoats Grid"


def test_the_owner_replaces_an_artwork_with_put(marketplace, new_artwork):
    harbour = marketplace["harbour"]

    response = api_as(marketplace["maya"].user).put(
        f"/api/v1/products/{harbour.pk}/",
        {**new_artwork, "title": "Harbour Grey", "category_id": marketplace["prints"].pk},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["slug"]) == ("Harbour Grey", "harbour-grey")
    artwork = Product.objects.get(pk=harbour.pk)
    assert (artwork.title, artwork.medium, artwork.description) == ("Harbour Grey", "Acrylic", "The bridge lit up.")
    assert list(artwork.categories.all()) == [marketplace["prints"]]


def test_put_must_send_the_whole_artwork(marketplace):
    response = api_as(marketplace["maya"].user).put(
        f"/api/v1/products/{marketplace['harbour'].pk}/", {"title": "Only a title"}, format="json"
    )

    assert response.status_code == 400
    assert Product.objects.get(pk=marketplace["harbour"].pk).title == "Harbour Blue"


def test_the_artist_of_an_artwork_cannot_be_changed(marketplace):
    harbour, theo = marketplace["harbour"], marketplace["theo"]

    response = api_as(marketplace["maya"].user).patch(
        f"/api/v1/products/{harbour.pk}/", {"artist": theo.pk, "artist_id": theo.pk, "title": "Mine"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["artist"]["id"] == marketplace["maya"].pk
    assert Product.objects.get(pk=harbour.pk).artist_id == marketplace["maya"].pk


def test_an_original_cannot_be_stocked_twice_by_an_edit(marketplace):
    harbour = marketplace["harbour"]

    response = api_as(marketplace["maya"].user).patch(f"/api/v1/products/{harbour.pk}/", {"stock": 2}, format="json")

    assert response.status_code == 400
    assert "stock" in response.json()
    assert StockRecord.objects.get(product=harbour).num_in_stock == 1


def test_an_admin_edits_any_artwork(marketplace, admin):
    grid = marketplace["grid"]

    response = api_as(admin).patch(f"/api/v1/products/{grid.pk}/", {"title": "Ancoats Grid II"}, format="json")

    assert response.status_code == 200
    assert Product.objects.get(pk=grid.pk).title == "Ancoats Grid II"
    assert Product.objects.get(pk=grid.pk).artist == marketplace["theo"]


def test_another_artist_gets_404_and_nothing_changes(marketplace, new_artwork):
    harbour = marketplace["harbour"]
    before = snapshot(harbour)
    theo = api_as(marketplace["theo"].user)

    responses = [
        theo.patch(f"/api/v1/products/{harbour.pk}/", {"price": "1.00", "title": "Stolen"}, format="json"),
        theo.put(f"/api/v1/products/{harbour.pk}/", new_artwork, format="json"),
        theo.delete(f"/api/v1/products/{harbour.pk}/"),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert snapshot(harbour) == before


def test_buyers_and_anonymous_callers_cannot_edit(marketplace, buyer):
    harbour = marketplace["harbour"]
    before = snapshot(harbour)

    assert api_as().patch(f"/api/v1/products/{harbour.pk}/", {"title": "X"}, format="json").status_code == 401
    assert api_as(buyer).patch(f"/api/v1/products/{harbour.pk}/", {"title": "X"}, format="json").status_code == 403
    assert api_as(buyer).delete(f"/api/v1/products/{harbour.pk}/").status_code == 403
    assert snapshot(harbour) == before


def test_a_suspended_artist_cannot_edit_their_artworks(marketplace):
    Artist.objects.filter(pk=marketplace["maya"].pk).update(status=Artist.Status.SUSPENDED)
    harbour = marketplace["harbour"]
    before = snapshot(harbour)

    response = api_as(marketplace["maya"].user).patch(f"/api/v1/products/{harbour.pk}/", {"title": "X"}, format="json")

    assert response.status_code == 403
    assert snapshot(harbour) == before


# --- delete ----------------------------------------------------------------------------------


def test_deleting_a_never_ordered_artwork_removes_it(marketplace):
    quay = marketplace["quay"]

    response = api_as(marketplace["maya"].user).delete(f"/api/v1/products/{quay.pk}/")

    assert response.status_code == 204
    assert not Product.objects.filter(pk=quay.pk).exists()
    assert not StockRecord.objects.filter(product_id=quay.pk).exists()


def test_deleting_an_ordered_artwork_unpublishes_it(marketplace, buyer):
    grid = marketplace["grid"]
    order = order_of(grid, buyer)
    assert order.lines.get().product == grid

    response = api_as(marketplace["theo"].user).delete(f"/api/v1/products/{grid.pk}/")

    assert response.status_code == 204
    artwork = Product.objects.get(pk=grid.pk)
    assert artwork.is_public is False
    assert order.lines.get().product == artwork
    assert api_as().get(f"/api/v1/products/{grid.pk}/").status_code == 404
    assert api_as(marketplace["theo"].user).get(f"/api/v1/products/{grid.pk}/").status_code == 200
    assert "Ancoats Grid" not in [a["title"] for a in api_as().get("/api/v1/products/").json()["results"]]


def test_an_admin_deletes_any_artwork(marketplace, admin):
    assert api_as(admin).delete(f"/api/v1/products/{marketplace['quay'].pk}/").status_code == 204
    assert not Product.objects.filter(pk=marketplace["quay"].pk).exists()


def test_an_owner_can_edit_their_own_unpublished_artwork(marketplace):
    draft = make_artwork(marketplace["maya"], title="Draft", is_public=False)

    response = api_as(marketplace["maya"].user).patch(
        f"/api/v1/products/{draft.pk}/", {"title": "Draft two"}, format="json"
    )

    assert response.status_code == 200
    assert Product.objects.get(pk=draft.pk).title == "Draft two"
