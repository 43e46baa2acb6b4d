"""Figures' periods and buckets: reading a period from a request, the previous period, and local days in TIME_ZONE."""

from datetime import UTC, date, datetime, timedelta

import pytest

from artiqo.users.tests.factories import UserFactory
from shop.marketplace.figures import INTERVALS, METRICS, Period, PeriodInvalid, period_from_params, series
from shop.marketplace.figures.buckets import bucket_starts, offset_segments

TODAY = date(2025, 6, 18)


@pytest.fixture(autouse=True)
def london(settings):
    """The figures' days are London days in these tests, whatever the environment says."""
    settings.TIME_ZONE = "Europe/London"


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- reading a period -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"period": "7d"}, Period(date(2025, 6, 12), TODAY)),
        ({"period": "30d"}, Period(date(2025, 5, 20), TODAY)),
        ({"period": "90d"}, Period(date(2025, 3, 21), TODAY)),
        ({"period": "12m"}, Period(date(2024, 7, 1), TODAY)),
        ({}, Period(date(2025, 5, 20), TODAY)),
        ({"from": "2025-01-01", "to": "2025-01-31"}, Period(date(2025, 1, 1), date(2025, 1, 31))),
        ({"period": "custom", "from": "2025-01-01", "to": "2025-01-31"}, Period(date(2025, 1, 1), date(2025, 1, 31))),
        ({"from": "2025-06-01"}, Period(date(2025, 6, 1), TODAY)),
        ({"from": "2020-06-19", "to": "2025-06-18"}, Period(date(2020, 6, 19), TODAY)),
    ],
)
def test_a_period_is_read_from_a_preset_or_from_and_to(params, expected):
    assert period_from_params(params, today=TODAY) == expected


def test_the_default_length_is_the_callers():
    assert period_from_params({}, default_days=7, today=TODAY) == Period(date(2025, 6, 12), TODAY)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "3y"}, "Unknown period"),
        ({"period": "<script>"}, "Unknown period"),
        ({"from": "garbage"}, "'from' must be a day"),
        ({"from": "2025-02-30", "to": "2025-03-01"}, "not a day of the calendar"),
        ({"from": "2025-01-01", "to": "01/02/2025"}, "'to' must be a day"),
        ({"to": "2025-01-01"}, "'from' must be a day"),
        ({"from": "2025-03-01", "to": "2025-02-01"}, "ends before it starts"),
        ({"from": "2025-07-01", "to": "2025-07-31"}, "in the future"),
        ({"from": "2020-06-18", "to": "2025-06-18"}, "at most five years"),
        ({"from": "1900-01-01"}, "at most five years"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "at most five years"),
        ({"from": "2025-01-01", "to": "9999-12-31"}, "at most five years"),
        ({"period": "custom"}, "needs 'from'"),
    ],
)
def test_a_period_that_cannot_be_used_is_refused_with_a_reason(params, message):
    with pytest.raises(PeriodInvalid, match=message):
        period_from_params(params, today=TODAY)


def test_a_period_ending_before_it_starts_cannot_be_made():
    with pytest.raises(PeriodInvalid):
        Period(date(2025, 2, 2), date(2025, 2, 1))


def test_the_previous_period_is_as_long_and_ends_the_day_before():
    period = Period(date(2025, 3, 1), date(2025, 3, 31))
    assert period.previous() == Period(date(2025, 1, 29), date(2025, 2, 28))
    assert period.previous().days == period.days == 31
    assert Period.last_months(12, today=TODAY).previous() == Period(date(2023, 7, 14), date(2024, 6, 30))


def test_a_periods_moments_are_local_midnights():
    summer = Period(date(2025, 6, 10), date(2025, 6, 16))
    assert summer.starts_at == utc(2025, 6, 9, 23)
    assert summer.ends_at == utc(2025, 6, 16, 23)
    winter = Period(date(2025, 1, 10), date(2025, 1, 10))
    assert (winter.starts_at, winter.ends_at) == (utc(2025, 1, 10), utc(2025, 1, 11))


# --- buckets --------------------------------------------------------------------------------------


def test_buckets_are_days_mondays_and_firsts_of_the_month():
    period = Period(date(2025, 6, 10), date(2025, 8, 5))  # a Tuesday to a Tuesday
    days = bucket_starts(period, "day")
    assert (days[0], days[-1], len(days)) == (date(2025, 6, 10), date(2025, 8, 5), 57)
    weeks = bucket_starts(period, "week")
    assert weeks[0] == date(2025, 6, 9) and weeks[-1] == date(2025, 8, 4)
    assert all(week.weekday() == 0 for week in weeks) and len(weeks) == 9
    assert bucket_starts(period, "month") == [date(2025, 6, 1), date(2025, 7, 1), date(2025, 8, 1)]
    assert bucket_starts(Period(date(2024, 11, 15), date(2025, 2, 1)), "month") == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]


def test_the_clock_changes_inside_a_period_are_found_to_the_second():
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    segments = offset_segments(year.starts_at, year.ends_at)
    assert segments == [
        (utc(2025, 1, 1), timedelta(0)),
        (utc(2025, 3, 30, 1), timedelta(hours=1)),
        (utc(2025, 10, 26, 1), timedelta(0)),
    ]
    assert len(offset_segments(*_moments(Period(date(2025, 6, 1), date(2025, 6, 30))))) == 1


def _moments(period):
    return period.starts_at, period.ends_at


@pytest.mark.django_db
def test_new_users_fall_on_their_local_day_across_both_clock_changes():
    joined = [
        utc(2025, 3, 29, 23, 30),  # 23:30 GMT, Saturday 29 March
        utc(2025, 3, 30, 0, 59),  # 00:59 GMT, Sunday 30 March (the clocks go forward at 01:00 UTC)
        utc(2025, 3, 30, 23, 30),  # 00:30 BST, Monday 31 March
        utc(2025, 10, 25, 23, 30),  # 00:30 BST, Sunday 26 October
        utc(2025, 10, 26, 23, 30),  # 23:30 GMT, Sunday 26 October (the clocks went back at 01:00 UTC)
        utc(2025, 10, 27, 0, 30),  # 00:30 GMT, Monday 27 October
    ]
    for number, moment in enumerate(joined):
        UserFactory(username=f"joiner{number}", date_joined=moment)
    period = Period(date(2025, 3, 29), date(2025, 10, 27))

    daily = {row["period"]: row["value"] for row in series("new_users", period=period, interval="day")}

    assert {day: count for day, count in daily.items() if count} == {
        date(2025, 3, 29): 1,
        date(2025, 3, 30): 1,
        date(2025, 3, 31): 1,
        date(2025, 10, 26): 2,
        date(2025, 10, 27): 1,
    }
    assert len(daily) == period.days
    weekly = series("new_users", period=period, interval="week")
    assert weekly[0] == {"period": date(2025, 3, 24), "value": 2}
    assert weekly[1] == {"period": date(2025, 3, 31), "value": 1}
    assert {"period": date(2025, 10, 20), "value": 2} in weekly
    assert weekly[-1] == {"period": date(2025, 10, 27), "value": 1}
    monthly = series("new_users", period=period, interval="month")
    assert [row["period"] for row in monthly] == [date(2025, month, 1) for month in range(3, 11)]
    assert [row["value"] for row in monthly] == [3, 0, 0, 0, 0, 0, 0, 3]


def test_unknown_metrics_and_intervals_are_refused():
    period = Period(date(2025, 6, 1), date(2025, 6, 2))
    assert "gross_sales" in METRICS and "week" in INTERVALS
    with pytest.raises(ValueError, match="Unknown metric"):
        series("happiness", period=period, interval="day")
    with pytest.raises(ValueError, match="Unknown interval"):
        series("orders", period=period, interval="fortnight")
