"""Payment fixtures: an unpaid order of two artists' work, payments over the API, signed webhook posts."""

import hashlib
import hmac
import json
import time

import pytest
from django.conf import settings

from artiqo.testing import api_as


def pay(client, order, key, **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(f"/api/v1/orders/{order.number}/payments/", body, format="json", **headers)


def sign(payload: bytes, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """A Stripe-Signature header as Stripe computes it (HMAC-SHA256 of "t.payload")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(event_id: str, event_type: str, intent_id: str) -> bytes:
    body = {"id": event_id, "object": "event", "type": event_type, "data": {"object": {"id": intent_id}}}
    return json.dumps(body).encode()


def post_webhook(client, payload: bytes, signature: str | None = None):
    return client.post(
        "/payments/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload) if signature is None else signature,
    )


def pay_unheard(unpaid, key: str, payment_method: str):
    """Confirm a payment at Stripe without hearing the outcome (webhook lost, server restarted mid-request)."""
    from shop.payment import services
    from shop.payment.models import Payment

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_settle", lambda payment, intent: None)
        body = pay(unpaid["api"], unpaid["order"], key, payment_method=payment_method).json()
    payment = Payment.objects.get(pk=body["id"])
    assert payment.status == "pending"
    return payment


@pytest.fixture
def charged_quietly(unpaid, localstripe):
    """A payment Stripe has charged while we still think it pending."""
    payment = pay_unheard(unpaid, "k1", "pm_card_visa")
    assert localstripe.intents_for(unpaid["order"].number)[0]["status"] == "succeeded"
    return payment


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    localstripe.forget_everything()


@pytest.fixture
def unpaid(two_artist_order):
    """Ben's order for Maya's original (£980) and two of Theo's prints (£120 each), awaiting payment."""
    order = two_artist_order["order"]
    return {**two_artist_order, "buyer": order.user, "api": api_as(order.user)}
