"""Featuring fees settled by Stripe's webhooks and the sweep when we did not hear the outcome ourselves."""

from datetime import timedelta

import pytest
from django.test import Client

from shop.marketplace import featuring
from shop.marketplace.featuring_payments import reconcile_featuring
from shop.marketplace.models import FeaturedListing
from shop.payment import gateway
from shop.payment.tests.conftest import post_webhook

from . import featuring_setup
from .featuring_setup import FEE, feature, revenue_of, stripe_event

pytestmark = pytest.mark.django_db
# The shared fixtures, used by name below.
starter_artist = featuring_setup.starter_artist


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    localstripe.forget_everything()


def feature_unheard(artwork, payment_method="pm_card_visa") -> FeaturedListing:
    """The fee is charged at Stripe, but the answer is lost (the server restarted mid-request)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(featuring, "settle", lambda listing, intent: None)
        listing = feature(artwork, payment_method=payment_method)
    listing.refresh_from_db()
    assert listing.status == "pending_payment" and listing.intent_id
    return listing


def test_the_webhook_settles_a_featuring_fee_charged_while_we_did_not_hear(starter_artist, localstripe):
    listing = feature_unheard(starter_artist["harbour"])
    assert localstripe.get(f"/v1/payment_intents/{listing.intent_id}")["status"] == "succeeded"

    client = Client()
    for event_id in ("evt_1", "evt_1", "evt_2"):  # a redelivery, then a second event about the same intent
        body = stripe_event(event_id, "payment_intent.succeeded", {"id": listing.intent_id})
        assert post_webhook(client, body).status_code == 200

    listing.refresh_from_db()
    assert listing.status == "active" and listing.ends_at - listing.starts_at == timedelta(days=7)
    assert revenue_of(listing) == [FEE]


def test_the_webhook_fails_a_declined_featuring_fee(starter_artist):
    listing = feature_unheard(starter_artist["harbour"], payment_method="pm_card_chargeCustomerFail")
    body = stripe_event("evt_1", "payment_intent.payment_failed", {"id": listing.intent_id})
    assert post_webhook(Client(), body).status_code == 200
    listing.refresh_from_db()
    assert listing.status == "failed" and revenue_of(listing) == []


def test_the_sweep_settles_what_no_webhook_told(starter_artist):
    listing = feature_unheard(starter_artist["harbour"])
    assert reconcile_featuring(older_than=timedelta(0)) == {"active": 1, "failed": 0, "pending": 0, "errors": 0}
    listing.refresh_from_db()
    assert listing.status == "active" and revenue_of(listing) == [FEE]


def test_the_sweep_stops_an_abandoned_unconfirmed_fee_from_charging(starter_artist, localstripe):
    listing = feature(starter_artist["harbour"])  # no card: the client never confirmed
    later = listing.created_at + timedelta(hours=2)
    assert reconcile_featuring(older_than=timedelta(0), now=later)["failed"] == 1
    listing.refresh_from_db()
    assert listing.status == "failed"
    assert localstripe.get(f"/v1/payment_intents/{listing.intent_id}")["status"] == "canceled"


def test_a_refund_made_at_stripe_ends_the_featuring_and_reverses_the_fee_once(starter_artist):
    listing = feature(starter_artist["harbour"], payment_method="pm_card_visa")
    gateway.refund(listing.intent_id, amount=FEE, currency="GBP", idempotency_key="dashboard-refund")

    client = Client()
    for event_id in ("evt_r1", "evt_r1", "evt_r2"):
        body = stripe_event(event_id, "charge.refunded", {"id": "ch_x", "payment_intent": listing.intent_id})
        assert post_webhook(client, body).status_code == 200

    listing.refresh_from_db()
    assert listing.status == "ended" and listing.refund_id.startswith("re_")
    assert revenue_of(listing) == [-FEE, FEE]


def test_a_refund_of_something_else_is_acknowledged(starter_artist):
    body = stripe_event("evt_x", "charge.refunded", {"id": "ch_y", "payment_intent": "pi_not_ours"})
    assert post_webhook(Client(), body).status_code == 200
