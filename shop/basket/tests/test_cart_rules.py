"""Every cart rule holds the same way on the API and on the site's forms, with the same message."""

from html import unescape

import pytest
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from artists.services import suspend_artist

from .conftest import in_cart, open_basket_for

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
add_to_cart = get_class("basket.services", "add_to_cart")
update_artwork = get_class("catalogue.services", "update_artwork")
hide_artwork = get_class("catalogue.services", "hide_artwork")

NOT_FOR_SALE = "“Harbour Blue” is not for sale at the moment."


def promise_to_placed_orders(artwork, units: int) -> None:
    StockRecord.objects.filter(product=artwork).update(num_allocated=units)


# --- adding: each arrangement returns who adds what, and how many ---------------------------


def more_than_in_stock(m, buyer):
    return buyer, m["grid"], 4


def more_than_left_after_orders_and_the_cart(m, buyer):
    promise_to_placed_orders(m["grid"], 1)
    add_to_cart(basket=open_basket_for(buyer), product=m["grid"], quantity=1)
    return buyer, m["grid"], 2


def own_artwork(m, buyer):
    return m["maya"].user, m["quay"], 1


def sold_out(m, buyer):
    update_artwork(artwork=m["harbour"], stock=0)
    return buyer, m["harbour"], 1


def sold_to_a_placed_order(m, buyer):
    promise_to_placed_orders(m["harbour"], 1)
    return buyer, m["harbour"], 1


def unpublished(m, buyer):
    update_artwork(artwork=m["harbour"], is_public=False)
    return buyer, m["harbour"], 1


def hidden_by_a_moderator(m, buyer):
    hide_artwork(artwork=m["harbour"], reason="Blurry photo")
    return buyer, m["harbour"], 1


def artist_suspended(m, buyer):
    suspend_artist(artist=m["maya"])
    return buyer, m["harbour"], 1


def no_quantity(m, buyer):
    return buyer, m["grid"], 0


# (arrangement, the message, how the API answers: the 400's key, or 404 for an artwork that is not live)
ADD_RULES = [
    pytest.param(more_than_in_stock, "Only 3 left.", "quantity", id="more-than-in-stock"),
    pytest.param(
        more_than_left_after_orders_and_the_cart,
        "Only 2 left, and your cart already has 1.",
        "quantity",
        id="stock-minus-allocated-counting-the-cart",
    ),
    pytest.param(own_artwork, "You can't buy your own artwork.", "detail", id="own-artwork"),
    pytest.param(sold_out, NOT_FOR_SALE, "detail", id="sold-out"),
    pytest.param(sold_to_a_placed_order, NOT_FOR_SALE, "detail", id="allocated-to-an-order"),
    pytest.param(unpublished, NOT_FOR_SALE, 404, id="unpublished"),
    pytest.param(hidden_by_a_moderator, NOT_FOR_SALE, 404, id="hidden"),
    pytest.param(artist_suspended, NOT_FOR_SALE, 404, id="artist-suspended"),
    pytest.param(no_quantity, "Quantity must be at least 1.", "quantity", id="quantity-0"),
]


def refusal(key, message):
    return {"detail": message} if key == "detail" else {key: [message]}


def site_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(("arrange", "message", "api_answer"), ADD_RULES)
def test_the_api_adds_nothing_a_cart_rule_forbids(marketplace, buyer, arrange, message, api_answer):
    user, artwork, quantity = arrange(marketplace, buyer)
    before = in_cart(user)

    response = api_as(user).post("/api/v1/cart/items/", {"product_id": artwork.pk, "quantity": quantity}, format="json")

    if api_answer == 404:
        assert response.status_code == 404
    else:
        assert response.status_code == 400
        assert response.json() == refusal(api_answer, message)
    assert in_cart(user) == before


@pytest.mark.parametrize(("arrange", "message", "api_answer"), ADD_RULES)
def test_the_site_adds_nothing_a_cart_rule_forbids_and_says_why(
    client, marketplace, buyer, arrange, message, api_answer
):
    user, artwork, quantity = arrange(marketplace, buyer)
    before = in_cart(user)
    client.force_login(user)

    response = client.post(f"/shop/basket/add/{artwork.pk}/", {"quantity": quantity}, follow=True)

    assert response.status_code == 200
    assert site_messages(response) == [message]
    assert message in unescape(response.content.decode())
    assert in_cart(user) == before


def test_an_artwork_that_may_be_bought_goes_into_the_cart_on_the_site(client, marketplace, buyer):
    client.force_login(buyer)

    response = client.post(f"/shop/basket/add/{marketplace['grid'].pk}/", {"quantity": 3}, follow=True)

    assert response.status_code == 200
    assert in_cart(buyer) == {"Ancoats Grid": 3}


# --- changing a line already in the cart ------------------------------------------------------


def line_of(user, artwork):
    return open_basket_for(user).lines.get(product=artwork)


def grid_beyond_its_stock(m, buyer):
    add_to_cart(basket=open_basket_for(buyer), product=m["grid"], quantity=1)
    return m["grid"], 4


def harbour_bought_by_someone_else(m, buyer):
    add_to_cart(basket=open_basket_for(buyer), product=m["harbour"], quantity=1)
    promise_to_placed_orders(m["harbour"], 1)
    return m["harbour"], 1


def harbour_after_its_artist_was_suspended(m, buyer):
    add_to_cart(basket=open_basket_for(buyer), product=m["harbour"], quantity=1)
    suspend_artist(artist=m["maya"])
    return m["harbour"], 1


def harbour_after_a_moderator_hid_it(m, buyer):
    add_to_cart(basket=open_basket_for(buyer), product=m["harbour"], quantity=1)
    hide_artwork(artwork=m["harbour"], reason="Blurry photo")
    return m["harbour"], 1


UPDATE_RULES = [
    pytest.param(grid_beyond_its_stock, "Only 3 left.", "quantity", id="more-than-in-stock"),
    pytest.param(harbour_bought_by_someone_else, NOT_FOR_SALE, "detail", id="sold-meanwhile"),
    pytest.param(harbour_after_its_artist_was_suspended, NOT_FOR_SALE, "detail", id="artist-suspended"),
    pytest.param(harbour_after_a_moderator_hid_it, NOT_FOR_SALE, "detail", id="hidden"),
]


@pytest.mark.parametrize(("arrange", "message", "api_answer"), UPDATE_RULES)
def test_the_api_keeps_a_line_a_cart_rule_forbids_changing(marketplace, buyer, arrange, message, api_answer):
    artwork, quantity = arrange(marketplace, buyer)
    line = line_of(buyer, artwork)

    response = api_as(buyer).patch(f"/api/v1/cart/items/{line.pk}/", {"quantity": quantity}, format="json")

    assert response.status_code == 400
    assert response.json() == refusal(api_answer, message)
    line.refresh_from_db()
    assert line.quantity == 1


@pytest.mark.parametrize(("arrange", "message", "api_answer"), UPDATE_RULES)
def test_the_cart_page_keeps_a_line_a_cart_rule_forbids_changing(
    client, marketplace, buyer, arrange, message, api_answer
):
    artwork, quantity = arrange(marketplace, buyer)
    line = line_of(buyer, artwork)
    client.force_login(buyer)

    response = client.post("/shop/basket/", basket_formset({line.pk: quantity}))

    assert response.status_code == 200  # the page again, with the line's error under it
    assert message in unescape(response.content.decode())
    line.refresh_from_db()
    assert line.quantity == 1


def test_the_cart_page_changes_and_removes_lines_within_the_rules(client, marketplace, buyer):
    basket = open_basket_for(buyer)
    grid = add_to_cart(basket=basket, product=marketplace["grid"], quantity=1)
    quay = add_to_cart(basket=basket, product=marketplace["quay"], quantity=1)
    client.force_login(buyer)

    response = client.post("/shop/basket/", basket_formset({grid.pk: 3, quay.pk: 0}))

    assert response.status_code == 302
    assert in_cart(buyer) == {"Ancoats Grid": 3}


def test_the_api_refuses_a_negative_quantity(marketplace, buyer):
    line = add_to_cart(basket=open_basket_for(buyer), product=marketplace["grid"], quantity=2)

    response = api_as(buyer).patch(f"/api/v1/cart/items/{line.pk}/", {"quantity": -1}, format="json")

    assert response.status_code == 400
    assert response.json() == {"quantity": ["Quantity cannot be negative."]}
    assert in_cart(buyer) == {"Ancoats Grid": 2}


def basket_formset(quantities: dict[int, int]) -> dict:
    """The cart page's form as a browser posts it: one form per line, in the page's order."""
    data = {
        "form-TOTAL_FORMS": str(len(quantities)),
        "form-INITIAL_FORMS": str(len(quantities)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, (line_id, quantity) in enumerate(quantities.items()):
        data[f"form-{index}-id"] = str(line_id)
        data[f"form-{index}-quantity"] = str(quantity)
    return data
