"""The marketplace's figures, each defined once: the admin dashboard, the API and the studio home read them here.

Money comes from the records the money is booked in, so no two screens disagree: the artists'
ledger (`LedgerEntry`) for sales, refunds and the platform's fees, and `PlatformRevenue` for
subscriptions and featuring. One currency: `settings.OSCAR_DEFAULT_CURRENCY`; entries in any other
currency are left out. A period is a run of whole days in `settings.TIME_ZONE`.

Every figure is a fixed number of aggregate queries, however many orders there are. Types: money is
`Decimal` quantized to 0.01, counts are `int`, days and bucket starts are `date`.
"""

from .artist import artist_figures
from .periods import Period, PeriodInvalid, period_from_params
from .rankings import payouts_owed, plan_mix, top_artists, top_categories
from .series import INTERVALS, METRICS, series
from .totals import compare, headline, total_artists, total_buyers, total_orders, total_products, total_users

__all__ = [
    "INTERVALS",
    "METRICS",
    "Period",
    "PeriodInvalid",
    "artist_figures",
    "compare",
    "headline",
    "payouts_owed",
    "period_from_params",
    "plan_mix",
    "series",
    "top_artists",
    "top_categories",
    "total_artists",
    "total_buyers",
    "total_orders",
    "total_products",
    "total_users",
]
