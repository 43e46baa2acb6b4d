"""The site's payment step: the page, charging a Stripe.js card token, and the polled state."""

import json

import pytest
import requests
from django.urls import reverse
from oscar.core.loading import get_model

from artiqo.users.tests.factories import UserFactory
from shop.payment.models import Payment

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def card_token(localstripe, number: str) -> str:
    """What Stripe.js does in the browser: send the card to Stripe with the publishable key, get a token."""
    card = {"card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2030", "card[cvc]": "123"}
    response = requests.post(f"{localstripe.url}/v1/tokens", data={**card, "key": "pk_test_artiqo"}, timeout=10)
    response.raise_for_status()
    return response.json()["id"]


@pytest.fixture
def buyer_client(client, unpaid):
    client.force_login(unpaid["buyer"])
    return client


def charge(client, order, token):
    url = reverse("payments:card", kwargs={"number": order.number})
    return client.post(url, json.dumps({"token": token}), content_type="application/json")


def test_the_payment_page_offers_the_card_form_for_an_unpaid_order(buyer_client, unpaid, localstripe):
    page = buyer_client.get(reverse("payments:pay", kwargs={"number": unpaid["order"].number}))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="card-element"' in html and "£1,236.00" in html
    assert f'src="{localstripe.url}/js.stripe.com/v3/"' in html  # the stand-in, from localstripe itself
    assert Payment.objects.count() == 0  # no intent until a card is tried


def test_a_card_token_pays_the_order_and_the_same_token_again_charges_nothing_more(buyer_client, unpaid, localstripe):
    order = unpaid["order"]
    token = card_token(localstripe, "4242424242424242")

    first, again = charge(buyer_client, order, token), charge(buyer_client, order, token)

    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == again.json()["status"] == "completed"
    assert first.json()["order_status"] == "Paid"
    assert first.json()["order_url"] == reverse("customer:order", kwargs={"order_number": order.number})
    assert Payment.objects.count() == 1 and len(localstripe.intents_for(order.number)) == 1
    assert buyer_client.get(reverse("payments:pay", kwargs={"number": order.number})).status_code == 302


def test_a_declined_card_shows_the_reason_and_another_card_pays(buyer_client, unpaid, localstripe):
    order = unpaid["order"]

    declined = charge(buyer_client, order, card_token(localstripe, "4000000000000341"))

    assert declined.status_code == 200 and declined.json()["status"] == "failed"
    assert "declined" in declined.json()["failure_reason"]
    page = buyer_client.get(reverse("payments:pay", kwargs={"number": order.number})).content.decode()
    assert "Your last attempt failed" in page
    paid = charge(buyer_client, order, card_token(localstripe, "4242424242424242"))
    assert paid.json()["status"] == "completed"
    state = buyer_client.get(paid.json()["state_url"])
    assert state.json()["status"] == "completed" and state.json()["order_status"] == "Paid"


@pytest.mark.parametrize("body", ['{"token": "card_123"}', "not json", '["tok_1"]', '{"token": 5}', ""])
def test_a_request_without_a_card_token_is_refused(buyer_client, unpaid, body):
    url = reverse("payments:card", kwargs={"number": unpaid["order"].number})
    response = buyer_client.post(url, body, content_type="application/json")
    assert response.status_code == 400 and "token" in response.json()["detail"]
    assert Payment.objects.count() == 0


def test_other_peoples_orders_and_payments_are_not_found(client, unpaid, localstripe):
    order = unpaid["order"]
    paid = (
        unpaid["api"]
        .post(f"/api/v1/orders/{order.number}/payments/", {}, format="json", HTTP_IDEMPOTENCY_KEY="k")
        .json()
    )
    client.force_login(UserFactory(username="mallory"))

    assert client.get(reverse("payments:pay", kwargs={"number": order.number})).status_code == 404
    assert charge(client, order, card_token(localstripe, "4242424242424242")).status_code == 404
    assert client.get(reverse("payments:state", kwargs={"pk": paid["id"]})).status_code == 404
    assert Order.objects.get(pk=order.pk).status == "Pending payment"


def test_a_guest_is_sent_to_log_in(client, unpaid):
    response = client.get(reverse("payments:pay", kwargs={"number": unpaid["order"].number}))
    assert response.status_code == 302 and "login" in response.url


def test_a_cancelled_order_cannot_be_paid_from_the_page(buyer_client, unpaid, localstripe):
    from shop.order.fulfilment import cancel_order

    cancel_order(order=unpaid["order"])

    response = charge(buyer_client, unpaid["order"], card_token(localstripe, "4242424242424242"))
    assert response.status_code == 409 and "cancelled" in response.json()["detail"]
    assert Payment.objects.count() == 0
