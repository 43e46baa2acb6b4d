"""Periods: runs of whole days in the marketplace's time zone, and reading one from a request."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# The longest period anyone may ask for: past this a daily chart is unreadable and a query pointless.
MAX_YEARS = 5
PRESETS = {"7d": ("days", 7), "30d": ("days", 30), "90d": ("days", 90), "12m": ("months", 12)}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PeriodInvalid(ValueError):
    """A period the person asked for that cannot be used; the message says why, for them to read."""


def local_today() -> date:
    """Today in TIME_ZONE."""
    return timezone.localdate()


def local_midnight(day: date) -> datetime:
    """The aware moment `day` starts in TIME_ZONE (a DST change never falls at midnight in Europe)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 1 March)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 3, 1)


def add_months(day: date, months: int) -> date:
    """The 1st of the month `months` after `day`'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Inclusive days `start`..`end` in TIME_ZONE: from `start` 00:00 to the midnight after `end`."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodInvalid("The period ends before it starts: choose a 'to' day on or after 'from'.")

    @property
    def starts_at(self) -> datetime:
        """Local midnight starting `start`, aware."""
        return local_midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        """Local midnight after `end`, aware (exclusive)."""
        return local_midnight(self.end + timedelta(days=1))

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The same number of days just before, for "change against the previous period"."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @classmethod
    def last_days(cls, days: int, *, today: date | None = None) -> "Period":
        """The `days` days ending today (today included)."""
        end = today or local_today()
        return cls(end - timedelta(days=days - 1), end)

    @classmethod
    def last_months(cls, months: int, *, today: date | None = None) -> "Period":
        """Whole calendar months: the `months` − 1 months before this one, and this month up to today."""
        end = today or local_today()
        return cls(add_months(end, -(months - 1)), end)


def _day(params: Mapping, name: str) -> date:
    value = (params.get(name) or "").strip()
    if not ISO_DAY.match(value):
        raise PeriodInvalid(f"'{name}' must be a day written YYYY-MM-DD, e.g. 2025-03-31.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PeriodInvalid(f"'{name}' is not a day of the calendar: {value[:10]}.") from None


def period_from_params(params: Mapping, *, default_days: int = 30, today: date | None = None) -> Period:
    """`?period=7d|30d|90d|12m`, or `?from=YYYY-MM-DD&to=YYYY-MM-DD`; nothing: the last `default_days` days.

    `from` without `to` runs to today; `to` without `from` is refused. Raises PeriodInvalid for
    garbage, `to` before `from`, a `from` after today, or more than five years.
    """
    today = today or local_today()
    preset = (params.get("period") or "").strip()
    if preset and preset != "custom":
        if preset not in PRESETS:
            raise PeriodInvalid(f"Unknown period '{preset[:20]}': choose one of {', '.join(PRESETS)} or give from/to.")
        unit, count = PRESETS[preset]
        return Period.last_months(count, today=today) if unit == "months" else Period.last_days(count, today=today)
    if not params.get("from") and not params.get("to"):
        if preset == "custom":
            raise PeriodInvalid("A custom period needs 'from' (and optionally 'to') as YYYY-MM-DD.")
        return Period.last_days(default_days, today=today)
    start = _day(params, "from")
    end = _day(params, "to") if params.get("to") else today
    if start > today:
        raise PeriodInvalid("'from' is in the future: there are no figures yet.")
    period = Period(start, end)  # PeriodInvalid when `to` is before `from`
    too_long = "A period can cover at most five years: choose a later 'from' or an earlier 'to'."
    try:
        earliest = years_before(period.end + timedelta(days=1), MAX_YEARS)
    except (ValueError, OverflowError) as edge:  # the calendar's ends (year 1, 9999-12-31) have no such day
        raise PeriodInvalid(too_long) from edge
    if period.start < earliest:
        raise PeriodInvalid(too_long)
    return period
