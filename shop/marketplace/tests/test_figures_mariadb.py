"""On MariaDB (which has no time-zone tables here, so CONVERT_TZ answers NULL): sums still fall on London days.

`make test` runs the rest of the figures on SQLite; this keeps MariaDB's date arithmetic under test too.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from artists.tests.factories import make_artist
from shop.marketplace.figures import Period, headline, series, top_artists
from shop.marketplace.models import LedgerEntry

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def london(settings):
    settings.TIME_ZONE = "Europe/London"


def test_sales_fall_on_their_london_day_either_side_of_midnight_and_the_clock_changes(site_pages):
    maya = make_artist(username="maya")
    for number, (moment, amount) in enumerate(
        [
            (datetime(2025, 3, 29, 23, 30, tzinfo=UTC), "1.00"),  # 23:30 GMT, 29 March
            (datetime(2025, 3, 30, 23, 30, tzinfo=UTC), "2.00"),  # 00:30 BST, 31 March
            (datetime(2025, 6, 9, 23, 30, tzinfo=UTC), "4.00"),  # 00:30 BST, 10 June
            (datetime(2025, 6, 16, 22, 30, tzinfo=UTC), "8.00"),  # 23:30 BST, 16 June
            (datetime(2025, 6, 16, 23, 30, tzinfo=UTC), "16.00"),  # 00:30 BST, 17 June
            (datetime(2025, 10, 26, 0, 30, tzinfo=UTC), "32.00"),  # 01:30 BST, 26 October
            (datetime(2025, 10, 26, 23, 30, tzinfo=UTC), "64.00"),  # 23:30 GMT, 26 October
        ]
    ):
        with time_machine.travel(moment, tick=False):
            LedgerEntry.objects.create(
                artist=maya, kind="sale", amount=Decimal(amount), currency="GBP", source=f"m:{number}", order=None
            )
    year = Period(date(2025, 1, 1), date(2025, 12, 31))

    daily = {row["period"]: row["value"] for row in series("gross_sales", period=year, interval="day") if row["value"]}

    assert daily == {
        date(2025, 3, 29): Decimal("1.00"),
        date(2025, 3, 31): Decimal("2.00"),
        date(2025, 6, 10): Decimal("4.00"),
        date(2025, 6, 16): Decimal("8.00"),
        date(2025, 6, 17): Decimal("16.00"),
        date(2025, 10, 26): Decimal("96.00"),
    }
    week = Period(date(2025, 6, 10), date(2025, 6, 16))
    assert headline(week)["gross_sales"] == Decimal("12.00")
    assert [row["gross"] for row in top_artists(week)] == [Decimal("12.00")]
    assert [row["value"] for row in series("gross_sales", period=year, interval="month")][2:6] == [
        Decimal("3.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("28.00"),
    ]
