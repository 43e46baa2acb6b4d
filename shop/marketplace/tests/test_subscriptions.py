"""Artist plans as Stripe subscriptions (against localstripe): buying, upgrading, downgrading, cancelling."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from artists.tests.factories import make_artist
from shop.marketplace import subscriptions
from shop.marketplace.fees import fee_rate_for
from shop.marketplace.models import NegotiatedRate, PlanChange, PlatformRevenue, Subscription, SubscriptionInvoice
from shop.marketplace.plans import current_plan
from shop.marketplace.subscription_sync import apply_period_ends
from shop.payment.gateway import CardDeclined

from .factories import make_plans, put_on, stripe_invoices, stripe_subscriptions

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(db):
    return make_plans()


@pytest.fixture
def maya(site_pages):
    return make_artist(username="maya")


def buy(artist, plan, key="k1", payment_method="pm_card_visa", **options):
    return subscriptions.change_plan(
        artist=artist, plan=plan, idempotency_key=key, payment_method=payment_method, **options
    )


def revenue(artist) -> list[Decimal]:
    return sorted(PlatformRevenue.objects.filter(artist=artist, kind="subscription").values_list("amount", flat=True))


def test_buying_a_plan_starts_a_stripe_subscription_charged_at_once(maya, plans, localstripe):
    subscription = buy(maya, plans["studio"])
    assert current_plan(maya) == plans["studio"]
    assert subscription.status == Subscription.ACTIVE and subscription.current_period_end > timezone.now()
    at_stripe = stripe_subscriptions(localstripe, subscription.stripe_customer_id)
    assert [(s["id"], s["status"], s["plan"]["amount"]) for s in at_stripe] == [
        (subscription.stripe_subscription_id, "active", 900)
    ]
    [invoice] = stripe_invoices(localstripe, subscription.stripe_subscription_id)
    assert invoice["status"] == "paid" and invoice["amount_paid"] == 900
    assert list(subscription.invoices.values_list("stripe_invoice_id", "status", "amount")) == [
        (invoice["id"], "paid", Decimal("9.00"))
    ]
    assert revenue(maya) == [Decimal("9.00")]
    state = subscriptions.subscription_state(maya)
    assert state["plan"] == "studio" and state["status"] == "active" and state["next_plan"] is None


def test_the_same_key_replays_and_another_body_conflicts(maya, plans, localstripe):
    first = buy(maya, plans["studio"])
    again = buy(maya, plans["studio"])
    assert again.pk == first.pk and PlanChange.objects.count() == 1
    assert len(stripe_subscriptions(localstripe, first.stripe_customer_id)) == 1
    with pytest.raises(subscriptions.IdempotencyConflict):
        buy(maya, plans["gallery"])


def test_a_declined_card_changes_nothing_and_says_why(maya, plans, localstripe):
    with pytest.raises(CardDeclined, match="declined"):
        buy(maya, plans["studio"], payment_method="pm_card_chargeCustomerFail")
    assert current_plan(maya) == plans["starter"]
    assert not PlanChange.objects.exists() and not PlatformRevenue.objects.exists()
    kept = Subscription.objects.get(artist=maya)  # only the Stripe customer, for the retry
    assert kept.status == Subscription.CANCELED and kept.stripe_customer_id and not kept.stripe_subscription_id
    assert [s["status"] for s in stripe_subscriptions(localstripe, kept.stripe_customer_id)] == ["canceled"]
    with pytest.raises(CardDeclined):
        buy(maya, plans["studio"], key="k2", payment_method="pm_card_visa_chargeDeclined")  # refused when attached
    retried = buy(maya, plans["studio"], key="k3")
    assert retried.stripe_customer_id == kept.stripe_customer_id and current_plan(maya) == plans["studio"]


def test_a_paid_plan_needs_a_card(maya, plans):
    with pytest.raises(subscriptions.CardRequired):
        buy(maya, plans["studio"], payment_method="")
    assert current_plan(maya) == plans["starter"]


def test_an_upgrade_is_at_once_and_charges_the_difference(maya, plans, localstripe):
    studio = buy(maya, plans["studio"])
    upgraded = buy(maya, plans["gallery"], key="k2", payment_method="")
    assert current_plan(maya) == plans["gallery"] and upgraded.pk == studio.pk
    [at_stripe] = stripe_subscriptions(localstripe, upgraded.stripe_customer_id)
    assert at_stripe["plan"]["amount"] == 2900
    charged = sorted(
        invoice["amount_paid"] for invoice in stripe_invoices(localstripe, upgraded.stripe_subscription_id)
    )
    assert charged == [900, 2000]  # the first month, then the difference, now
    assert revenue(maya) == [Decimal("9.00"), Decimal("20.00")]
    assert fee_rate_for(maya) == Decimal("0.06")


def test_a_refused_upgrade_leaves_the_plan_as_it_was(maya, plans, localstripe):
    studio = buy(maya, plans["studio"])
    with pytest.raises(CardDeclined):
        buy(maya, plans["gallery"], key="k2", payment_method="pm_card_chargeCustomerFail")
    assert current_plan(maya) == plans["studio"]
    [at_stripe] = stripe_subscriptions(localstripe, studio.stripe_customer_id)
    assert at_stripe["plan"]["amount"] == 900
    assert revenue(maya) == [Decimal("9.00")]


def test_a_downgrade_waits_for_the_period_end(maya, plans, localstripe):
    gallery = buy(maya, plans["gallery"])
    buy(maya, plans["studio"], key="k2", payment_method="")
    assert current_plan(maya) == plans["gallery"]
    assert subscriptions.subscription_state(maya)["next_plan"] == "studio"
    assert apply_period_ends() == 0  # not yet
    with time_machine.travel(gallery.current_period_end + timedelta(minutes=1), tick=False):
        assert apply_period_ends() == 1
    assert current_plan(maya) == plans["studio"]
    assert subscriptions.subscription_state(maya)["next_plan"] is None
    [at_stripe] = stripe_subscriptions(localstripe, gallery.stripe_customer_id)
    assert at_stripe["status"] == "active" and at_stripe["plan"]["amount"] == 900


def test_choosing_the_current_plan_again_undoes_a_pending_downgrade(maya, plans):
    buy(maya, plans["gallery"])
    buy(maya, plans["studio"], key="k2", payment_method="")
    buy(maya, plans["gallery"], key="k3", payment_method="")
    state = subscriptions.subscription_state(maya)
    assert state["plan"] == "gallery" and state["next_plan"] is None


def test_cancelling_keeps_the_plan_to_the_period_end_then_the_free_plan(maya, plans, localstripe):
    subscription = buy(maya, plans["studio"])
    subscriptions.cancel_subscription(artist=maya)
    subscriptions.cancel_subscription(artist=maya)  # twice is once
    state = subscriptions.subscription_state(maya)
    assert state["plan"] == "studio" and state["cancel_at_period_end"] and state["next_plan"] == "starter"
    [at_stripe] = stripe_subscriptions(localstripe, subscription.stripe_customer_id)
    assert at_stripe["cancel_at_period_end"] is True
    with time_machine.travel(subscription.current_period_end + timedelta(minutes=1), tick=False):
        assert apply_period_ends() == 1
    assert current_plan(maya) == plans["starter"]
    assert stripe_subscriptions(localstripe, subscription.stripe_customer_id)[0]["status"] == "canceled"


def test_nothing_to_cancel_on_the_free_plan(maya, plans):
    with pytest.raises(subscriptions.PlanRefused):
        subscriptions.cancel_subscription(artist=maya)


def test_pending_and_inactive_plans_are_refused(site_pages, plans):
    pending = make_artist(username="pat", approved=False)
    with pytest.raises(subscriptions.PlanRefused, match="approved"):
        buy(pending, plans["studio"])
    maya = make_artist(username="maya")
    plans["gallery"].is_active = False
    plans["gallery"].save()
    with pytest.raises(subscriptions.PlanRefused, match="no longer offered"):
        buy(maya, plans["gallery"])


def test_the_plan_rate_feeds_the_fee_and_a_negotiated_rate_still_wins(maya, plans, admin, settings):
    from shop.marketplace.models import MarketplaceSettings

    default = MarketplaceSettings.load().default_fee_rate
    assert fee_rate_for(maya) == default
    put_on(maya, plans["studio"])
    assert fee_rate_for(maya) == Decimal("0.10")
    NegotiatedRate.objects.create(artist=maya, fee_rate=Decimal("0.03"), set_by=admin)
    assert fee_rate_for(maya) == Decimal("0.03")


def test_the_plan_rate_is_what_a_sale_books(two_artist_order, admin):
    """Maya on Studio (10%) sells her £980 original: the fee booked is £98.00; Theo, negotiated at 5%, pays 5%."""
    from shop.marketplace import terms
    from shop.marketplace.models import LedgerEntry

    from .conftest import pay

    terms.update_settings(user=admin, default_fee_rate=Decimal("0.15"), minimum_fee=Decimal("0.50"))
    plans = make_plans()
    maya, theo = two_artist_order["maya"], two_artist_order["theo"]
    put_on(maya, plans["studio"])
    put_on(theo, plans["gallery"])
    NegotiatedRate.objects.create(artist=theo, fee_rate=Decimal("0.05"), set_by=admin)
    pay(two_artist_order["order"])
    fees = dict(
        LedgerEntry.objects.filter(kind="fee", is_shipping=False).values_list("artist__user__username", "amount")
    )
    assert fees == {"maya": Decimal("-98.00"), "theo": Decimal("-12.00")}


def test_subscription_invoices_are_listed_newest_first(maya, plans):
    buy(maya, plans["studio"])
    buy(maya, plans["gallery"], key="k2", payment_method="")
    amounts = list(SubscriptionInvoice.objects.filter(subscription__artist=maya).values_list("amount", flat=True))
    assert amounts == [Decimal("20.00"), Decimal("9.00")]


def test_a_stripe_js_card_token_pays_too(maya, plans, localstripe):
    from .factories import stripe_post

    token = stripe_post(
        localstripe,
        "/v1/tokens",
        **{"card[number]": "4242424242424242", "card[exp_month]": "12", "card[exp_year]": "2030", "card[cvc]": "123"},
    )
    subscription = buy(maya, plans["studio"], payment_method="", card_token=token["id"])
    assert subscription.status == Subscription.ACTIVE and current_plan(maya) == plans["studio"]
    assert revenue(maya) == [Decimal("9.00")]
