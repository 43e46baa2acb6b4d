"""Featuring an artwork: plan credits first, then the fee through localstripe; editorial; expiry."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from artists.services import suspend_artist
from shop.catalogue.discovery.featured import is_featured_map
from shop.catalogue.services import hide_artwork, update_artwork
from shop.marketplace import featuring, featuring_payments
from shop.marketplace.featuring import FeaturingInvalid, FeaturingRefused, IdempotencyConflict
from shop.marketplace.models import FeaturedListing, PlatformRevenue

from . import featuring_setup
from .featuring_setup import FEE, feature, revenue_of, set_fee

pytestmark = pytest.mark.django_db
# The shared fixtures, used by name below.
starter_artist = featuring_setup.starter_artist
studio_artist = featuring_setup.studio_artist
LONDON_MID_MONTH = datetime(2026, 11, 15, 12, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    localstripe.forget_everything()


def test_the_first_featuring_uses_the_credit_and_the_second_pays_the_fee(studio_artist):
    theo = studio_artist["artist"]
    assert featuring.credits_left(theo) == 1

    first = feature(studio_artist["grid"], "k1")
    second = feature(studio_artist["canal"], "k2", payment_method="pm_card_visa")

    assert (first.paid_with, first.status, first.intent_id) == ("credit", "active", "")
    assert first.ends_at - first.starts_at == timedelta(days=7)
    assert (second.paid_with, second.status, second.amount) == ("payment", "active", FEE)
    assert second.intent_id.startswith("pi_")
    assert featuring.credits_left(theo) == 0
    assert revenue_of(first) == [] and revenue_of(second) == [FEE]
    assert is_featured_map([studio_artist["grid"].pk, studio_artist["canal"].pk, studio_artist["mill"].pk]) == {
        studio_artist["grid"].pk,
        studio_artist["canal"].pk,
    }


def test_credits_come_back_with_the_next_calendar_month(studio_artist):
    theo = studio_artist["artist"]
    with time_machine.travel(LONDON_MID_MONTH, tick=False):
        assert feature(studio_artist["grid"], "k1", days=3).paid_with == "credit"
        assert featuring.credits_left(theo) == 0
    with time_machine.travel(LONDON_MID_MONTH.replace(day=30, hour=23, minute=59), tick=False):
        assert featuring.credits_left(theo) == 0
    with time_machine.travel(LONDON_MID_MONTH.replace(month=12, day=1, hour=0, minute=0), tick=False):
        assert featuring.credits_left(theo) == 1
        assert feature(studio_artist["canal"], "k2").paid_with == "credit"
        assert featuring.credits_left(theo) == 0


def test_a_paid_featuring_books_its_fee_once_however_often_it_is_settled(starter_artist):
    from shop.marketplace.featuring_payments import reconcile_featuring, sync_listing

    listing = feature(starter_artist["harbour"], payment_method="pm_card_visa")
    sync_listing(listing)
    reconcile_featuring(older_than=timedelta(0))
    again = feature(starter_artist["harbour"], payment_method="pm_card_visa")

    assert again.pk == listing.pk
    assert FeaturedListing.objects.count() == 1
    assert revenue_of(listing) == [FEE]
    assert PlatformRevenue.objects.get().source == f"featuring:{listing.pk}"


def test_a_declined_card_features_nothing_and_books_nothing(starter_artist):
    harbour = starter_artist["harbour"]
    listing = feature(harbour, payment_method="pm_card_chargeCustomerFail")

    assert listing.status == "failed" and listing.failure_reason
    assert is_featured_map([harbour.pk]) == set()
    assert PlatformRevenue.objects.count() == 0
    # Another card, another key: this one goes through.
    assert feature(harbour, "k2", payment_method="pm_card_visa").status == "active"


def test_the_same_key_with_another_request_is_a_conflict(starter_artist):
    feature(starter_artist["harbour"], "k1", payment_method="pm_card_visa")
    with pytest.raises(IdempotencyConflict):
        feature(starter_artist["harbour"], "k1", days=3, payment_method="pm_card_visa")


def test_a_free_featuring_fee_charges_nothing(starter_artist):
    set_fee(Decimal("0.00"))
    listing = feature(starter_artist["harbour"])
    assert (listing.status, listing.paid_with, listing.intent_id) == ("active", "payment", "")
    assert PlatformRevenue.objects.count() == 0


@pytest.mark.parametrize("days", [0, 91, "soon"])
def test_days_out_of_range_are_refused(starter_artist, days):
    with pytest.raises(FeaturingInvalid):
        feature(starter_artist["harbour"], days=days)
    assert FeaturedListing.objects.count() == 0


def test_only_a_live_artwork_in_stock_and_not_featured_yet_can_be_featured(studio_artist):
    grid, canal, mill = studio_artist["grid"], studio_artist["canal"], studio_artist["mill"]
    hide_artwork(artwork=grid, reason="Blurry photo")
    update_artwork(artwork=canal, stock=0)
    feature(mill, "k1")

    with pytest.raises(FeaturingRefused, match="live"):
        feature(grid, "k2")
    with pytest.raises(FeaturingRefused, match="sold out"):
        feature(canal, "k3")
    with pytest.raises(FeaturingRefused, match="already featured until"):
        feature(mill, "k4", payment_method="pm_card_visa")
    assert FeaturedListing.objects.count() == 1


def test_only_the_artist_features_their_own_artwork(studio_artist, starter_artist):
    with pytest.raises(FeaturingRefused):
        featuring.feature_artwork(
            artwork=studio_artist["grid"], user=starter_artist["artist"].user, idempotency_key="k1"
        )


@pytest.mark.parametrize("change", ["sold out", "hidden", "suspended"])
def test_a_featured_artwork_stops_showing_at_once(studio_artist, change):
    grid = studio_artist["grid"]
    listing = feature(grid)
    assert is_featured_map([grid.pk]) == {grid.pk}

    if change == "sold out":
        update_artwork(artwork=grid, stock=0)
    elif change == "hidden":
        hide_artwork(artwork=grid, reason="Not the artist's own work")
    else:
        suspend_artist(artist=studio_artist["artist"], reason="Unpaid fees")

    assert is_featured_map([grid.pk]) == set()
    listing.refresh_from_db()
    assert listing.status == "active"  # the listing is untouched: the query decides


def test_admins_feature_editorially_and_unfeature_with_a_reason(studio_artist, admin):
    grid = studio_artist["grid"]
    listing = featuring.feature_editorially(artwork=grid, admin=admin, days=2)
    assert (listing.paid_with, listing.status) == ("editorial", "active")
    assert featuring.credits_left(studio_artist["artist"]) == 1

    with pytest.raises(FeaturingInvalid):
        featuring.unfeature(artwork=grid, by=admin, reason=" ")
    ended = featuring.unfeature(artwork=grid, by=admin, reason="Reported as a copy")

    listing.refresh_from_db()
    assert [item.pk for item in ended] == [listing.pk]
    assert listing.status == "ended" and "Reported as a copy" in listing.end_reason and listing.ended_at
    assert is_featured_map([grid.pk]) == set()
    with pytest.raises(FeaturingRefused, match="not featured"):
        featuring.unfeature(artwork=grid, by=admin, reason="Again")


def test_the_sweep_ends_what_ran_out(studio_artist, admin):
    from shop.marketplace.tasks import featuring_sweep_task

    with time_machine.travel(LONDON_MID_MONTH, tick=False):
        short = featuring.feature_editorially(artwork=studio_artist["grid"], admin=admin, days=1)
        long = featuring.feature_editorially(artwork=studio_artist["canal"], admin=admin, days=5)
    with time_machine.travel(LONDON_MID_MONTH + timedelta(days=1, seconds=1), tick=False):
        assert is_featured_map([studio_artist["grid"].pk, studio_artist["canal"].pk]) == {studio_artist["canal"].pk}
        assert featuring_sweep_task.call()["ended"] == 1
        assert featuring.end_expired() == 0
    short.refresh_from_db()
    long.refresh_from_db()
    assert (short.status, short.end_reason, long.status) == ("ended", "Expired", "active")


def test_refunding_a_featuring_ends_it_and_reverses_the_revenue_once(starter_artist, admin, localstripe):
    harbour = starter_artist["harbour"]
    listing = feature(harbour, payment_method="pm_card_visa")

    featuring_payments.unfeature_and_refund(artwork=harbour, by=admin, reason="Shown by mistake")

    listing.refresh_from_db()
    assert listing.status == "ended" and listing.refund_id.startswith("re_")
    assert revenue_of(listing) == [-FEE, FEE]
    assert len(localstripe.refunds_for(listing.intent_id)) == 1
    from shop.marketplace.featuring_payments import notice_refunds, refund_listing

    refund_listing(listing, reason="Twice")
    notice_refunds(listing)
    assert revenue_of(listing) == [-FEE, FEE]
    assert len(localstripe.refunds_for(listing.intent_id)) == 1


def test_stripe_unreachable_features_nothing_and_a_retry_resumes(starter_artist, settings):
    harbour = starter_artist["harbour"]
    working = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(featuring.gateway.GatewayError):
        feature(harbour, payment_method="pm_card_visa")
    assert is_featured_map([harbour.pk]) == set() and PlatformRevenue.objects.count() == 0
    assert FeaturedListing.objects.get().intent_id == ""

    settings.STRIPE_API_BASE = working
    listing = feature(harbour, payment_method="pm_card_visa")
    assert listing.status == "active" and revenue_of(listing) == [FEE]


def test_removing_a_featured_artwork_unpublishes_it(studio_artist):
    from shop.catalogue.services import remove_artwork

    grid = studio_artist["grid"]
    feature(grid)

    assert remove_artwork(artwork=grid) == "unpublished"
    grid.refresh_from_db()
    assert not grid.is_public and is_featured_map([grid.pk]) == set()
