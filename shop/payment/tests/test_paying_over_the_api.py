"""POST orders/{number}/payments/ and GET payments/{id}/ against localstripe (API.md, section Payments)."""

from decimal import Decimal

import pytest
from django.core import mail
from oscar.core.loading import get_model

from artiqo.users.tests.factories import UserFactory
from shop.payment.models import Payment

from .conftest import api_as, pay

Order = get_model("order", "Order")
Source = get_model("payment", "Source")

pytestmark = pytest.mark.django_db


def test_paying_with_a_card_completes_the_payment_and_the_order(
    unpaid, localstripe, django_capture_on_commit_callbacks
):
    order = unpaid["order"]

    with django_capture_on_commit_callbacks(execute=True):
        response = pay(unpaid["api"], order, "key-1", payment_method="pm_card_visa")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "completed"
    assert Decimal(body["amount"]) == order.total_incl_tax == Decimal("1236.00")  # 980 + 2×120 + £8×2 delivery
    assert body["currency"] == "GBP" and body["order"] == order.number and body["client_secret"]
    order.refresh_from_db()
    assert order.status == "Paid"
    [intent] = localstripe.intents_for(order.number)
    assert intent["status"] == "succeeded" and intent["amount"] == 123600 and intent["currency"] == "gbp"
    assert Payment.objects.get().intent_id == intent["id"]
    # Mirrored for Oscar's dashboard.
    source = Source.objects.get(order=order)
    assert source.amount_debited == order.total_incl_tax and source.reference == intent["id"]
    assert list(order.payment_events.values_list("event_type__name", flat=True)) == ["Paid"]
    # The buyer's confirmation and one email per artist, once.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [order.user.email, unpaid["maya"].user.email, unpaid["theo"].user.email]
    )
    api_order = unpaid["api"].get(f"/api/v1/orders/{order.number}/").json()
    assert api_order["status"] == "Paid" and api_order["payment_status"] == "completed"


def test_a_declined_card_fails_with_the_reason_and_a_retry_succeeds(unpaid, localstripe):
    order = unpaid["order"]

    declined = pay(unpaid["api"], order, "attempt-1", payment_method="pm_card_chargeCustomerFail")

    assert declined.status_code == 201
    assert declined.json()["status"] == "failed"
    assert "declined" in declined.json()["failure_reason"].lower()
    order.refresh_from_db()
    assert order.status == "Pending payment" and mail.outbox == []
    assert unpaid["api"].get(f"/api/v1/orders/{order.number}/").json()["payment_status"] == "failed"

    retry = pay(unpaid["api"], order, "attempt-2", payment_method="pm_card_visa")

    assert retry.status_code == 201 and retry.json()["status"] == "completed"
    order.refresh_from_db()
    assert order.status == "Paid"
    assert sorted(Payment.objects.values_list("status", flat=True)) == ["completed", "failed"]
    assert len(localstripe.intents_for(order.number)) == 2


def test_the_same_key_and_body_returns_the_same_payment_without_a_second_charge(unpaid, localstripe):
    order = unpaid["order"]
    first = pay(unpaid["api"], order, "same", payment_method="pm_card_visa")
    again = pay(unpaid["api"], order, "same", payment_method="pm_card_visa")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Payment.objects.count() == 1
    assert len(localstripe.intents_for(order.number)) == 1


def test_the_same_key_with_another_body_is_a_conflict(unpaid, localstripe):
    order = unpaid["order"]
    assert pay(unpaid["api"], order, "k", payment_method="pm_card_chargeCustomerFail").json()["status"] == "failed"

    conflict = pay(unpaid["api"], order, "k", payment_method="pm_card_visa")

    assert conflict.status_code == 409
    assert "Idempotency-Key" in conflict.json()["detail"]
    assert Payment.objects.count() == 1 and len(localstripe.intents_for(order.number)) == 1


def test_a_payment_needs_an_idempotency_key(unpaid, localstripe):
    for headerless in (pay(unpaid["api"], unpaid["order"], None), pay(unpaid["api"], unpaid["order"], "  ")):
        assert headerless.status_code == 400
        assert "Idempotency-Key" in headerless.json()["detail"]
    assert Payment.objects.count() == 0 and localstripe.intents_for(unpaid["order"].number) == []


def test_without_a_payment_method_the_client_gets_a_secret_to_confirm_with(unpaid, localstripe):
    response = pay(unpaid["api"], unpaid["order"], "js-1")

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["client_secret"].startswith("pi_")
    [intent] = localstripe.intents_for(unpaid["order"].number)
    assert intent["status"] == "requires_payment_method"


def test_a_paid_or_cancelled_order_takes_no_payment(unpaid, localstripe):
    order = unpaid["order"]
    pay(unpaid["api"], order, "first", payment_method="pm_card_visa")

    again = pay(unpaid["api"], order, "second", payment_method="pm_card_visa")

    assert again.status_code == 409 and "paid" in again.json()["detail"]
    assert Payment.objects.count() == 1 and len(localstripe.intents_for(order.number)) == 1


def test_only_the_buyer_pays_and_reads_their_payments(unpaid, localstripe):
    order = unpaid["order"]
    stranger = api_as(UserFactory(username="mallory"))

    assert pay(stranger, order, "k", payment_method="pm_card_visa").status_code == 404
    assert Payment.objects.count() == 0

    payment_id = pay(unpaid["api"], order, "k", payment_method="pm_card_visa").json()["id"]
    assert stranger.get(f"/api/v1/payments/{payment_id}/").status_code == 404
    mine = unpaid["api"].get(f"/api/v1/payments/{payment_id}/")
    assert mine.status_code == 200
    assert mine.json()["status"] == "completed" and mine.json()["order"] == order.number
    assert set(mine.json()) >= {"id", "order", "status", "amount", "currency", "created_at", "updated_at"}
    assert "client_secret" not in mine.json()
    admin = api_as(UserFactory(username="ada", is_staff=True))
    assert admin.get(f"/api/v1/payments/{payment_id}/").status_code == 200
    assert api_as(order.user).post(f"/api/v1/orders/{order.number}/payments/", {}).status_code == 400  # no key


def test_when_stripe_is_down_nothing_is_charged_and_the_same_key_resumes(unpaid, localstripe, settings):
    order = unpaid["order"]
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there

    down = pay(unpaid["api"], order, "resume-me", payment_method="pm_card_visa")

    assert down.status_code == 503 and "Idempotency-Key" in down.json()["detail"]
    order.refresh_from_db()
    assert order.status == "Pending payment"
    settings.STRIPE_API_BASE = localstripe.url

    resumed = pay(unpaid["api"], order, "resume-me", payment_method="pm_card_visa")

    assert resumed.status_code == 201 and resumed.json()["status"] == "completed"
    assert Payment.objects.count() == 1 and len(localstripe.intents_for(order.number)) == 1


def test_an_unknown_payment_method_fails_the_payment_instead_of_erroring(unpaid, localstripe):
    response = pay(unpaid["api"], unpaid["order"], "bogus", payment_method="pm_does_not_exist")

    assert response.status_code == 201
    assert response.json()["status"] == "failed" and response.json()["failure_reason"]
    assert Order.objects.get(pk=unpaid["order"].pk).status == "Pending payment"
    assert pay(unpaid["api"], unpaid["order"], "good", payment_method="pm_card_visa").json()["status"] == "completed"
