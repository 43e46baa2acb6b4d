"""Stripe's webhooks: signature on the raw body, each event once, any order, forward only."""

import json
import time

import pytest
from django.core import mail
from oscar.core.loading import get_model

from shop.payment import services
from shop.payment.models import Payment, StripeEvent

from .conftest import pay, pay_unheard, post_webhook, sign, stripe_event

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda payload: (payload, "t=1,v1=deadbeef"), id="bad-signature"),
        pytest.param(lambda payload: (payload, sign(payload, secret="whsec_someone_else")), id="wrong-secret"),
        pytest.param(lambda payload: (payload, sign(payload, timestamp=int(time.time()) - 3600)), id="stale"),
        pytest.param(lambda payload: (payload.replace(b"succeeded", b"failed!!!"), sign(payload)), id="tampered-body"),
        pytest.param(lambda payload: (payload, ""), id="no-signature"),
    ],
)
def test_a_webhook_that_does_not_check_out_is_refused_and_changes_nothing(
    client, charged_quietly, tamper, django_capture_on_commit_callbacks
):
    payment = charged_quietly
    payload, signature = tamper(stripe_event("evt_1", "payment_intent.succeeded", payment.intent_id))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/payments/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
        )

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    payment.refresh_from_db()
    assert payment.status == "pending" and payment.order.status == "Pending payment"
    assert mail.outbox == []


def test_payment_succeeded_completes_the_payment_and_pays_the_order(
    client, charged_quietly, django_capture_on_commit_callbacks
):
    payment = charged_quietly
    payload = stripe_event("evt_ok", "payment_intent.succeeded", payment.intent_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, payload)

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == "completed"
    assert Order.objects.get(pk=payment.order_id).status == "Paid"
    assert StripeEvent.objects.get().payment == payment
    assert len(mail.outbox) == 3  # the buyer, and each of the two artists


def test_the_same_event_ten_times_is_one_transition_and_one_round_of_emails(
    client, charged_quietly, django_capture_on_commit_callbacks
):
    payment = charged_quietly
    payload = stripe_event("evt_again", "payment_intent.succeeded", payment.intent_id)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [post_webhook(client, payload).status_code for _ in range(10)]

    assert answers == [200] * 10
    assert StripeEvent.objects.count() == 1
    order = Order.objects.get(pk=payment.order_id)
    assert list(order.status_changes.values_list("new_status", flat=True)) == ["Paid"]
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    "events",
    [
        ("payment_intent.payment_failed", "payment_intent.succeeded"),
        ("payment_intent.succeeded", "payment_intent.payment_failed"),
        ("payment_intent.payment_failed", "payment_intent.succeeded", "payment_intent.payment_failed"),
        ("payment_intent.canceled", "payment_intent.payment_failed", "payment_intent.succeeded"),
    ],
)
def test_whatever_order_events_arrive_in_a_charged_payment_ends_completed(
    client, charged_quietly, events, django_capture_on_commit_callbacks
):
    payment = charged_quietly

    with django_capture_on_commit_callbacks(execute=True):
        for number, kind in enumerate(events):
            assert post_webhook(client, stripe_event(f"evt_{number}", kind, payment.intent_id)).status_code == 200

    payment.refresh_from_db()
    assert payment.status == "completed"
    assert Order.objects.get(pk=payment.order_id).status == "Paid"
    assert len(mail.outbox) == 3


def test_a_failure_event_for_a_declined_card_fails_the_payment(client, unpaid, localstripe):
    payment = pay_unheard(unpaid, "k", "pm_card_chargeCustomerFail")

    assert (
        post_webhook(client, stripe_event("evt_f", "payment_intent.payment_failed", payment.intent_id)).status_code
        == 200
    )

    payment.refresh_from_db()
    assert payment.status == "failed" and "declined" in payment.failure_reason.lower()
    assert Order.objects.get(pk=payment.order_id).status == "Pending payment"


def test_a_late_failure_never_undoes_a_completed_payment(client, unpaid, localstripe):
    paid = pay(unpaid["api"], unpaid["order"], "k", payment_method="pm_card_visa").json()
    payment = Payment.objects.get(pk=paid["id"])

    services._settle(payment, services.gateway.Intent(payment.intent_id, "canceled", 0, "gbp", "", "too late"))

    payment.refresh_from_db()
    assert payment.status == "completed" and payment.failure_reason == ""


def test_events_about_other_intents_and_other_types_are_acknowledged(client, unpaid):
    assert post_webhook(client, stripe_event("evt_a", "payment_intent.succeeded", "pi_not_ours")).status_code == 200
    assert post_webhook(client, stripe_event("evt_b", "customer.created", "cus_1")).status_code == 200
    assert StripeEvent.objects.count() == 2
    assert Order.objects.get(pk=unpaid["order"].pk).status == "Pending payment"


def test_a_webhook_body_that_is_not_an_event_is_refused(client):
    payload = json.dumps(["not", "an", "event"]).encode()
    assert post_webhook(client, payload).status_code == 400
    assert client.get("/payments/stripe/webhook/").status_code == 405
