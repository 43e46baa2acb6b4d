"""Refunds when a paid order is cancelled, money never kept without an order, and the reconciler."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from oscar.core.loading import get_model

from shop.order.fulfilment import cancel_order, expire_unpaid_orders
from shop.payment import services
from shop.payment.models import Payment

from .conftest import pay, pay_unheard

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def stock_of(artwork):
    record = StockRecord.objects.get(product=artwork)
    return record.num_in_stock - (record.num_allocated or 0)


def test_cancelling_a_paid_order_refunds_it_once_and_puts_the_stock_back(
    unpaid, localstripe, django_capture_on_commit_callbacks
):
    order, harbour = unpaid["order"], unpaid["harbour"]
    pay(unpaid["api"], order, "k", payment_method="pm_card_visa")
    assert stock_of(harbour) == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = unpaid["api"].post(f"/api/v1/orders/{order.number}/cancel/")
    with django_capture_on_commit_callbacks(execute=True):
        again = unpaid["api"].post(f"/api/v1/orders/{order.number}/cancel/")

    assert response.status_code == again.status_code == 200
    assert response.json()["status"] == "Cancelled"
    assert unpaid["api"].get(f"/api/v1/orders/{order.number}/").json()["payment_status"] == "refunded"
    payment = Payment.objects.get()
    assert payment.status == "refunded" and payment.refund_id.startswith("re_")
    [refund] = localstripe.refunds_for(payment.intent_id)
    assert refund["amount"] == 123600 and refund["id"] == payment.refund_id
    assert stock_of(harbour) == 1
    source = Source.objects.get(order=order)
    assert source.amount_refunded == source.amount_debited == Decimal("1236.00")
    assert set(order.payment_events.values_list("event_type__name", flat=True)) == {"Paid", "Refunded"}
    assert any("cancelled" in message.subject.lower() for message in mail.outbox)


def test_cancelling_an_unpaid_order_stops_its_open_payment_from_charging(unpaid, localstripe):
    order = unpaid["order"]
    pending = pay(unpaid["api"], order, "js").json()  # the buyer opened the card form, then gave up

    cancel_order(order=order)
    services.settle_cancelled_order(order)  # what the order_cancelled receiver runs after commit

    payment = Payment.objects.get(pk=pending["id"])
    assert payment.status == "failed"
    assert localstripe.intents_for(order.number)[0]["status"] == "canceled"


def test_an_order_charged_before_its_hold_ran_out_is_paid_not_expired(unpaid, charged_quietly, localstripe):
    order = unpaid["order"]
    Order.objects.filter(pk=order.pk).update(date_placed=order.date_placed - timedelta(hours=2))

    assert expire_unpaid_orders() == []  # expiry asks Stripe first: the webhook was only late

    assert Order.objects.get(pk=order.pk).status == "Paid"
    charged_quietly.refresh_from_db()
    assert charged_quietly.status == "completed"


def test_a_charge_that_succeeds_after_the_order_expired_is_refunded(unpaid, localstripe):
    order = unpaid["order"]
    opened = pay(unpaid["api"], order, "js").json()  # the card form was open when the hold ran out
    Order.objects.filter(pk=order.pk).update(date_placed=order.date_placed - timedelta(hours=2))
    assert expire_unpaid_orders() == [order.number]
    payment = Payment.objects.get(pk=opened["id"])
    # The browser confirmed the intent at Stripe just before the cancellation reached it.
    services.gateway.confirm_intent(payment.intent_id, idempotency_key="browser", payment_method="pm_card_visa")

    call_command("reconcile_payments", older_than=0, stdout=open("/dev/null", "w"))

    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert Order.objects.get(pk=order.pk).status == "Cancelled"
    assert len(localstripe.refunds_for(payment.intent_id)) == 1


def test_when_webhooks_are_lost_the_reconciler_completes_the_order(
    unpaid, charged_quietly, localstripe, django_capture_on_commit_callbacks
):
    from io import StringIO

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_payments", older_than=0, stdout=out)
        call_command("reconcile_payments", older_than=0, stdout=StringIO())  # a second run changes nothing

    assert "completed 1" in out.getvalue()
    charged_quietly.refresh_from_db()
    assert charged_quietly.status == "completed"
    assert Order.objects.get(pk=unpaid["order"].pk).status == "Paid"
    assert len(mail.outbox) == 3


def test_the_reconciler_leaves_recent_payments_to_their_webhooks(unpaid, charged_quietly):
    assert services.reconcile_payments(older_than=timedelta(minutes=5))["completed"] == 0
    charged_quietly.refresh_from_db()
    assert charged_quietly.status == "pending"


def test_the_reconciler_fails_declined_payments_and_abandoned_attempts(unpaid, localstripe):
    declined = pay_unheard(unpaid, "d", "pm_card_chargeCustomerFail")
    never_reached = Payment.objects.create(
        order=unpaid["order"], payer=unpaid["buyer"], amount=1, currency="GBP", idempotency_key="x", request_hash="0"
    )

    outcomes = services.reconcile_payments(older_than=timedelta(0))

    assert outcomes["failed"] == 2
    assert Payment.objects.get(pk=declined.pk).status == "failed"
    assert Payment.objects.get(pk=never_reached.pk).failure_reason == "The payment never reached Stripe."


def test_a_second_payment_for_an_already_paid_order_is_refunded(unpaid, localstripe):
    order = unpaid["order"]
    first = pay(unpaid["api"], order, "tab-1").json()  # two tabs each opened a payment
    second = pay(unpaid["api"], order, "tab-2").json()
    from shop.payment import gateway

    for payment_id in (first["id"], second["id"]):
        payment = Payment.objects.get(pk=payment_id)
        gateway.confirm_intent(payment.intent_id, idempotency_key=f"t{payment_id}", payment_method="pm_card_visa")
        services.sync_payment(payment)

    statuses = dict(Payment.objects.values_list("pk", "status"))
    assert statuses == {first["id"]: "completed", second["id"]: "refunded"}
    assert Order.objects.get(pk=order.pk).status == "Paid"


def test_the_reconciler_closes_attempts_left_open_on_a_paid_order(unpaid, localstripe):
    order = unpaid["order"]
    opened = pay(unpaid["api"], order, "form-opened").json()  # the buyer opened the card form, then used the API
    pay(unpaid["api"], order, "paid", payment_method="pm_card_visa")

    outcomes = services.reconcile_payments(older_than=timedelta(0))

    assert outcomes["failed"] == 1
    left_open = Payment.objects.get(pk=opened["id"])
    assert left_open.status == "failed"
    statuses = {intent["id"]: intent["status"] for intent in localstripe.intents_for(order.number)}
    assert statuses[left_open.intent_id] == "canceled"
    assert Order.objects.get(pk=order.pk).status == "Paid"
    assert services.reconcile_payments(older_than=timedelta(0)) == dict.fromkeys(outcomes, 0)
