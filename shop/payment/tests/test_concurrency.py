"""Many requests at once: one payment, one PaymentIntent, one transition, one refund.

Real threads against MariaDB and localstripe, released together. Transactional tests, so
after-commit work runs as in production. The races are marked `mariadb`: SQLite serialises every
writer, so there they would pass with the row locks removed.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from oscar.core.loading import get_model

from artiqo.testing import all_at_once, api_as, repeat_at_once
from shop.payment import services
from shop.payment.models import Payment, StripeEvent

from .conftest import pay, post_webhook, stripe_event

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.mariadb
def test_twenty_identical_requests_make_one_payment_and_one_payment_intent(unpaid, localstripe):
    order, buyer = unpaid["order"], unpaid["buyer"]
    mail.outbox.clear()  # the artists' approval emails

    def request():
        response = pay(api_as(buyer), order, "double-click", payment_method="pm_card_visa")
        return response.status_code, response.json()

    results = repeat_at_once(20, request)

    assert all(isinstance(result, tuple) for result in results), results
    assert {status for status, _ in results} == {201}
    assert all(body == results[0][1] for _, body in results)  # twenty identical answers
    assert results[0][1]["status"] == "completed"
    assert Payment.objects.count() == 1
    assert len(localstripe.intents_for(order.number)) == 1
    assert Order.objects.get(pk=order.pk).status == "Paid"
    assert len(mail.outbox) == 3


@pytest.mark.mariadb
def test_the_same_webhook_event_delivered_ten_times_at_once_acts_once(charged_quietly):
    payment = charged_quietly
    payload = stripe_event("evt_storm", "payment_intent.succeeded", payment.intent_id)
    mail.outbox.clear()  # the artists' approval emails

    assert repeat_at_once(10, lambda: post_webhook(Client(), payload).status_code) == [200] * 10
    assert StripeEvent.objects.count() == 1
    payment.refresh_from_db()
    assert payment.status == "completed", "a second settlement took the paid order for a double charge"
    order = Order.objects.get(pk=payment.order_id)
    assert list(order.status_changes.values_list("new_status", flat=True)) == ["Paid"]
    assert len(mail.outbox) == 3


@pytest.mark.mariadb
def test_different_events_about_one_charge_arriving_at_once_settle_it_once(charged_quietly, localstripe):
    """Stripe sends several events per PaymentIntent, in any order and at once: the charge is kept once."""
    payment = charged_quietly
    kinds = ["payment_intent.processing", "payment_intent.succeeded"]
    payloads = [stripe_event(f"evt_{n}", kinds[n % 2], payment.intent_id) for n in range(8)]
    mail.outbox.clear()  # the artists' approval emails

    statuses = all_at_once(
        *[lambda payload=payload: post_webhook(Client(), payload).status_code for payload in payloads]
    )

    assert statuses == [200] * 8
    assert StripeEvent.objects.count() == 8
    payment.refresh_from_db()
    assert payment.status == "completed", "a second settlement took the paid order for a double charge"
    assert localstripe.refunds_for(payment.intent_id) == []
    order = Order.objects.get(pk=payment.order_id)
    assert list(order.status_changes.values_list("new_status", flat=True)) == ["Paid"]
    assert len(mail.outbox) == 3


@pytest.mark.mariadb
def test_concurrent_cancels_of_a_paid_order_refund_once(unpaid, localstripe):
    order, buyer = unpaid["order"], unpaid["buyer"]
    pay(unpaid["api"], order, "k", payment_method="pm_card_visa")

    def cancel():
        return api_as(buyer).post(f"/api/v1/orders/{order.number}/cancel/").status_code

    assert repeat_at_once(8, cancel) == [200] * 8
    assert list(order.status_changes.order_by("pk").values_list("new_status", flat=True)) == ["Paid", "Cancelled"]
    payment = Payment.objects.get()
    assert payment.status == "refunded"
    assert len(localstripe.refunds_for(payment.intent_id)) == 1
    assert unpaid["api"].get(f"/api/v1/orders/{order.number}/").json()["payment_status"] == "refunded"


def test_cancelling_answers_with_the_refund_already_made(unpaid, localstripe):
    order = unpaid["order"]
    pay(unpaid["api"], order, "k", payment_method="pm_card_visa")

    response = unpaid["api"].post(f"/api/v1/orders/{order.number}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "Cancelled" and response.json()["payment_status"] == "refunded"


def test_when_stripe_is_down_at_cancel_time_the_order_is_cancelled_and_refunded_later(unpaid, localstripe, settings):
    order = unpaid["order"]
    pay(unpaid["api"], order, "k", payment_method="pm_card_visa")
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    response = unpaid["api"].post(f"/api/v1/orders/{order.number}/cancel/")

    assert response.status_code == 200 and response.json()["status"] == "Cancelled"
    assert Payment.objects.get().status == "completed"  # not yet refunded
    settings.STRIPE_API_BASE = localstripe.url
    assert services.reconcile_payments(older_than=timedelta(0))["refunded"] == 1
    payment = Payment.objects.get()
    assert payment.status == "refunded" and len(localstripe.refunds_for(payment.intent_id)) == 1
