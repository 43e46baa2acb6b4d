"""Stripe's word on subscriptions, heard through signed webhooks, the sweeps and the reconciler (localstripe)."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from artists.tests.factories import make_artist
from shop.marketplace import subscriptions
from shop.marketplace.models import PlatformRevenue, Subscription, SubscriptionInvoice
from shop.marketplace.plans import current_plan
from shop.marketplace.subscription_sync import end_grace_periods, reconcile_subscriptions
from shop.payment import billing
from shop.payment.tests.conftest import post_webhook

from .factories import event, make_plans, renew_at_stripe, stripe_subscriptions

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(db):
    return make_plans()


@pytest.fixture
def maya(site_pages):
    return make_artist(username="maya")


@pytest.fixture
def on_studio(maya, plans):
    return subscriptions.change_plan(
        artist=maya, plan=plans["studio"], idempotency_key="k1", payment_method="pm_card_visa"
    )


def revenue(artist) -> list[Decimal]:
    return sorted(PlatformRevenue.objects.filter(artist=artist, kind="subscription").values_list("amount", flat=True))


def deliver(event_id: str, event_type: str, object_id: str):
    response = post_webhook(Client(), event(event_id, event_type, object_id))
    assert response.status_code == 200, response.content
    return response


@pytest.mark.parametrize("event_type", ["invoice.paid", "invoice.payment_succeeded"])
def test_a_renewal_is_recorded_and_booked_once(on_studio, maya, localstripe, event_type):
    renewal = renew_at_stripe(localstripe, on_studio)
    assert renewal["status"] == "paid"
    deliver("evt_1", event_type, renewal["id"])
    deliver("evt_1", event_type, renewal["id"])  # redelivered: the same event id
    deliver("evt_2", "invoice.payment_succeeded", renewal["id"])  # the other name for the same invoice
    assert revenue(maya) == [Decimal("9.00"), Decimal("9.00")]
    row = SubscriptionInvoice.objects.get(stripe_invoice_id=renewal["id"])
    assert row.status == "paid" and row.amount == Decimal("9.00")
    on_studio.refresh_from_db()
    assert on_studio.status == Subscription.ACTIVE
    assert (
        on_studio.current_period_end
        == billing.retrieve_subscription(on_studio.stripe_subscription_id).current_period_end
    )


def test_an_invoice_of_something_else_is_acknowledged_and_ignored(on_studio, localstripe):
    deliver("evt_x", "invoice.paid", "in_not_ours_at_all")
    deliver("evt_y", "customer.subscription.updated", "sub_not_ours")
    assert SubscriptionInvoice.objects.count() == 1


def fail_next_invoice(localstripe, subscription) -> dict:
    billing.set_default_card(
        subscription.stripe_customer_id, idempotency_key="new-card", payment_method="pm_card_chargeCustomerFail"
    )
    failed = renew_at_stripe(localstripe, subscription)
    assert failed["status"] == "open"
    return failed


def test_a_failed_renewal_is_past_due_with_one_email_then_the_free_plan_after_the_grace(
    on_studio, maya, plans, localstripe, django_capture_on_commit_callbacks, settings
):
    failed = fail_next_invoice(localstripe, on_studio)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deliver("evt_f1", "invoice.payment_failed", failed["id"])
        deliver("evt_f2", "invoice.payment_failed", failed["id"])  # Stripe's retry fails again: no second email
    on_studio.refresh_from_db()
    assert on_studio.status == Subscription.PAST_DUE and on_studio.past_due_since is not None
    assert SubscriptionInvoice.objects.get(stripe_invoice_id=failed["id"]).status == "failed"
    assert [message.to for message in mail.outbox] == [[maya.user.email]]
    assert "payment failed" in mail.outbox[0].subject and str(settings.SUBSCRIPTION_GRACE_DAYS) in mail.outbox[0].body
    assert current_plan(maya) == plans["studio"]  # through the grace period
    assert subscriptions.subscription_state(maya)["status"] == "past_due"
    assert end_grace_periods() == 0
    with time_machine.travel(timezone.now() + timedelta(days=settings.SUBSCRIPTION_GRACE_DAYS, hours=1), tick=False):
        assert end_grace_periods() == 1
    assert current_plan(maya) == plans["starter"]
    [at_stripe] = stripe_subscriptions(localstripe, on_studio.stripe_customer_id)
    assert at_stripe["status"] == "canceled"
    assert revenue(maya) == [Decimal("9.00")]  # the failed month earned nothing


def test_a_failed_invoice_paid_later_clears_past_due_and_a_late_failure_changes_nothing(on_studio, maya, localstripe):
    from .factories import stripe_post

    failed = fail_next_invoice(localstripe, on_studio)
    deliver("evt_f1", "invoice.payment_failed", failed["id"])
    billing.set_default_card(on_studio.stripe_customer_id, idempotency_key="card-3", payment_method="pm_card_visa")
    assert stripe_post(localstripe, f"/v1/invoices/{failed['id']}/pay")["status"] == "paid"  # Stripe retries
    deliver("evt_p", "invoice.payment_succeeded", failed["id"])
    deliver("evt_f3", "invoice.payment_failed", failed["id"])  # late, out of order: re-fetched, it is paid
    on_studio.refresh_from_db()
    assert on_studio.status == Subscription.ACTIVE and on_studio.past_due_since is None
    assert SubscriptionInvoice.objects.get(stripe_invoice_id=failed["id"]).status == "paid"
    assert revenue(maya) == [Decimal("9.00"), Decimal("9.00")]


def test_a_subscription_cancelled_at_stripe_is_mirrored_by_its_webhook(on_studio, maya, plans):
    billing.cancel_now(on_studio.stripe_subscription_id, idempotency_key="dashboard")
    deliver("evt_d", "customer.subscription.deleted", on_studio.stripe_subscription_id)
    assert current_plan(maya) == plans["starter"]


def test_the_reconciler_puts_a_paying_artist_back_on_their_plan(on_studio, maya, plans, localstripe):
    Subscription.objects.filter(pk=on_studio.pk).update(status=Subscription.CANCELED)  # a state we got wrong
    renewal = renew_at_stripe(localstripe, on_studio)  # and a renewal whose webhook was lost
    assert current_plan(maya) == plans["starter"]
    outcome = reconcile_subscriptions()
    assert outcome == {"checked": 1, "changed": 1, "invoices": 1, "errors": 0}
    assert current_plan(maya) == plans["studio"]
    assert SubscriptionInvoice.objects.get(stripe_invoice_id=renewal["id"]).status == "paid"
    assert revenue(maya) == [Decimal("9.00"), Decimal("9.00")]
    assert reconcile_subscriptions() == {"checked": 1, "changed": 0, "invoices": 0, "errors": 0}


def test_the_reconciler_takes_a_plan_stripe_cancelled_away(on_studio, maya, plans):
    billing.cancel_now(on_studio.stripe_subscription_id, idempotency_key="dashboard")  # its webhook lost
    assert current_plan(maya) == plans["studio"]
    assert reconcile_subscriptions()["changed"] == 1
    assert current_plan(maya) == plans["starter"]


def test_the_reconcile_task_and_command_run(on_studio, maya):
    from django.core.management import call_command

    from shop.marketplace.tasks import reconcile_subscriptions_task, subscriptions_sweep_task

    assert reconcile_subscriptions_task.call()["checked"] == 1
    assert subscriptions_sweep_task.call() == {"period_ends": 0, "grace_ended": 0}
    call_command("reconcile_subscriptions")
