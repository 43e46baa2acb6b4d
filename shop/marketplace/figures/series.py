"""Figures over time: one grouped query per metric (two for platform_revenue), every bucket present.

Each metric means exactly what the headline number of the same name means (see `totals.headline`),
counted per local day of `settings.TIME_ZONE` and summed into days, weeks (from Monday) or months.
"""

from django.db.models import Count

from . import people
from .buckets import as_date, fold, local_day
from .money import ARTWORK_SALES, FEATURING, FEES, SUBSCRIPTIONS, ZERO, ledger_in, money, revenue_in, total
from .periods import Period
from .totals import orders_placed

METRICS = (
    "gross_sales",
    "fees",
    "subscriptions",
    "featuring",
    "platform_revenue",
    "orders",
    "new_users",
    "new_buyers",
    "new_artists",
)
INTERVALS = ("day", "week", "month")


def _daily(queryset, field: str, period: Period, value) -> dict:
    """{local day: aggregate} over `queryset` in the period: one GROUP BY query, a row per day with data."""
    rows = (
        queryset.annotate(day=local_day(field, period)).values("day").annotate(value=value).values_list("day", "value")
    )
    daily: dict = {}
    for day, amount in rows:
        daily[as_date(day)] = daily.get(as_date(day), 0) + amount
    return daily


def _ledger(period, condition, sign=1):
    return {
        day: money(value)
        for day, value in _daily(ledger_in(period), "created_at", period, total(condition, sign)).items()
    }


def _revenue(period, condition):
    return {
        day: money(value) for day, value in _daily(revenue_in(period), "booked_at", period, total(condition)).items()
    }


def _count(queryset, field, period):
    return _daily(queryset, field, period, Count("pk"))


def _platform_revenue(period):
    daily = _ledger(period, FEES, sign=-1)
    for day, amount in _revenue(period, SUBSCRIPTIONS | FEATURING).items():
        daily[day] = daily.get(day, ZERO) + amount
    return daily


# metric → (its daily values in the period, the zero of its type)
DAILY = {
    "gross_sales": (lambda period: _ledger(period, ARTWORK_SALES), ZERO),
    "fees": (lambda period: _ledger(period, FEES, sign=-1), ZERO),
    "subscriptions": (lambda period: _revenue(period, SUBSCRIPTIONS), ZERO),
    "featuring": (lambda period: _revenue(period, FEATURING), ZERO),
    "platform_revenue": (_platform_revenue, ZERO),
    "orders": (lambda period: _count(orders_placed(period), "date_placed", period), 0),
    "new_users": (lambda period: _count(people.users().filter(people.joined_in(period)), "date_joined", period), 0),
    "new_buyers": (lambda period: _count(people.buyers().filter(people.joined_in(period)), "date_joined", period), 0),
    "new_artists": (lambda period: _count(people.newly_approved(period), "approved_at", period), 0),
}


def series(metric: str, *, period: Period, interval: str) -> list[dict]:
    """[{"period": bucket start (date), "value": Decimal|int}] for every day/week/month of the period.

    A week starts on Monday and a month on the 1st, in TIME_ZONE; the first bucket is labelled with
    its own start even when the period starts later in it (only the period's days are summed).
    `orders` counts orders placed (every status), the others as in `headline`. Raises ValueError
    for an unknown metric or interval (callers validate against METRICS and INTERVALS first).
    """
    if metric not in DAILY:
        raise ValueError(f"Unknown metric {metric!r}: one of {', '.join(METRICS)}.")
    if interval not in INTERVALS:
        raise ValueError(f"Unknown interval {interval!r}: one of {', '.join(INTERVALS)}.")
    daily_of, zero = DAILY[metric]
    return fold(daily_of(period), period, interval, zero)
