"""One artist's own figures, for their studio home: a fixed number of queries, however much they sell."""

from datetime import date

from django.db.models import Count
from django.utils import timezone
from oscar.core.loading import get_model

from artists.commissions.services import awaiting_artist
from artists.models import ArtistPage
from shop.marketplace.featuring import credits_left
from shop.marketplace.limits import listing_limit, listings_used
from shop.order.fulfilment import PAID, SHIPPED

from .buckets import as_date, bucket_starts, local_day
from .money import ARTWORK_SALES, EARNINGS, ZERO, currency, ledger_in, money, total
from .periods import Period, local_today

Line = get_model("order", "Line")

SERIES_DAYS = 90
LINES_SHOWN = 10
# The story page's state for its artist, from Wagtail's: live, draft (never published), or a
# submission waiting for a moderator (the first publication, or changes to the live page).
LIVE, DRAFT, IN_MODERATION, CHANGES_IN_MODERATION = "live", "draft", "in moderation", "changes awaiting moderation"


def _daily(artist, period: Period) -> list[dict]:
    """[{period: day, sales, earnings}] for every day of the period, from one grouped query."""
    rows = (
        ledger_in(period)
        .filter(artist=artist)
        .annotate(day=local_day("created_at", period))
        .values("day")
        .annotate(sales=total(ARTWORK_SALES), earnings=total(EARNINGS))
    )
    by_day = {as_date(row["day"]): row for row in rows}
    empty = {"sales": ZERO, "earnings": ZERO}
    return [
        {
            "period": day,
            "sales": money(by_day.get(day, empty)["sales"]),
            "earnings": money(by_day.get(day, empty)["earnings"]),
        }
        for day in bucket_starts(period, "day")
    ]


def lines_to_ship(artist):
    """The artist's order lines waiting to go out: pending lines of paid orders, oldest order first."""
    return Line.objects.filter(partner__artist=artist, status="pending", order__status__in=(PAID, SHIPPED)).order_by(
        "order__date_placed", "order_id", "pk"
    )


def story_state(artist) -> tuple[str | None, bool]:
    """(state of the artist's story page, whether it has changes not yet submitted); (None, False) without a page.

    A live page whose newer draft is not submitted stays "live" (the flag says there is a draft).
    """
    page = ArtistPage.objects.filter(artist=artist).only("pk", "live", "has_unpublished_changes").first()
    if page is None:
        return None, False
    if page.workflow_in_progress:
        return (CHANGES_IN_MODERATION if page.live else IN_MODERATION), False
    if not page.live:
        return DRAFT, True
    return LIVE, page.has_unpublished_changes


def artist_figures(artist, *, today: date | None = None) -> dict:
    """This month's sales and earnings, a 90-day daily series, lines to ship, commissions, listings, credits, story.

    - month_sales: the artist's artwork sales booked since the 1st of this month (TIME_ZONE) less
      refunds booked since (as `gross_sales`, delivery shares left out);
    - month_earnings: what they keep of it: sales − fees + fee reversals − refunds;
    - series_90d: [{period: day, sales, earnings}] for the 90 days ending today, every day present;
    - lines_to_ship: [{order_number, artwork_title, quantity, placed_at, days_waiting}] pending lines of
      paid orders, oldest first, at most 10 (days_waiting: local days since the order was placed);
      lines_to_ship_count: all of them;
    - commissions_awaiting: requests not yet answered; listings_used / listing_limit (None: unlimited);
      featured_credits_left this calendar month; story_state ("live", "draft", "in moderation",
      "changes awaiting moderation", None without a page) and story_has_draft.
    """
    today = today or local_today()
    month = Period(today.replace(day=1), today)
    sums = ledger_in(month).filter(artist=artist).aggregate(sales=total(ARTWORK_SALES), earnings=total(EARNINGS))
    waiting = lines_to_ship(artist).select_related("order")
    state, has_draft = story_state(artist)
    return {
        "month_sales": money(sums["sales"]),
        "month_earnings": money(sums["earnings"]),
        "currency": currency(),
        "series_90d": _daily(artist, Period.last_days(SERIES_DAYS, today=today)),
        "lines_to_ship": [
            {
                "order_number": line.order.number,
                "artwork_title": line.title,
                "quantity": line.quantity,
                "placed_at": line.order.date_placed,
                "days_waiting": (today - timezone.localdate(line.order.date_placed)).days,
            }
            for line in waiting[:LINES_SHOWN]
        ],
        "lines_to_ship_count": lines_to_ship(artist).aggregate(count=Count("pk"))["count"],
        "commissions_awaiting": awaiting_artist(artist).count(),
        "listings_used": listings_used(artist),
        "listing_limit": listing_limit(artist),
        "featured_credits_left": credits_left(artist),
        "story_state": state,
        "story_has_draft": has_draft,
    }
