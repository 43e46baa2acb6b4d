"""Commissions under concurrency (MariaDB, real threads): an artist's maximum of open commissions holds.

SQLite serialises every writer and would pass with the artist lock removed, so this is marked `mariadb`.
`slow_count` holds each request for a moment after it has counted the open ones, before it writes:
with the artist row locked the next request waits and counts again; without it all of them see room.
"""

import time

import pytest

from artiqo.testing import all_at_once
from artiqo.users.tests.factories import UserFactory
from artists.commissions import services
from artists.commissions.models import CommissionRequest
from artists.commissions.services import CommissionRefused
from artists.services import update_artist_profile
from artists.tests.factories import make_artist

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db(transaction=True)]

PAUSE_SECONDS = 0.3
REQUESTS = 6


@pytest.fixture
def slow_count(monkeypatch):
    count = services.open_count

    def count_then_pause(artist):
        result = count(artist)
        time.sleep(PAUSE_SECONDS)
        return result

    monkeypatch.setattr(services, "open_count", count_then_pause)


def test_six_buyers_at_once_to_an_artist_taking_one_commission_make_exactly_one(site_pages, slow_count):
    maya = make_artist(username="maya", display_name="Maya Lindqvist")
    update_artist_profile(artist=maya, open_for_commissions=True, max_open_commissions=1)
    buyers = [UserFactory() for _ in range(REQUESTS)]

    outcomes = all_at_once(
        *[
            lambda buyer=buyer: services.request_commission(buyer=buyer, artist=maya, brief="A portrait")
            for buyer in buyers
        ]
    )

    made = [outcome for outcome in outcomes if isinstance(outcome, CommissionRequest)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, CommissionRefused)]
    assert len(made) == 1 and len(refused) == REQUESTS - 1, outcomes
    assert {refusal.code for refusal in refused} == {"at_capacity"}
    assert CommissionRequest.objects.filter(artist=maya).count() == 1
