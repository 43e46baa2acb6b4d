"""The admins' studio home: the Marketplace dashboard on /cms/, for staff only.

Wagtail's home view asks the `construct_homepage_panels` hooks for its panels; for a moderator
(`artists.selling.is_moderator`, the rule every Marketplace screen uses) the dashboard is added after
the panels that ask them to act (pages awaiting review) and before recent edits. Artists get their
own home (studio/home.py) and never this one.

Every number comes from `shop.marketplace.figures`, so the dashboard, the API and Oscar's dashboard
agree; the period is read by `figures.period_from_params` (the API reads it the same way). A bad
period is never an error page: the dashboard says what was wrong and shows the last 30 days. Charts
are drawn by static/js/studio/dashboard.js from data the page carries in `json_script` (the admin's
scripts are static and deferred; Wagtail renders panel media in <head>), and each chart's numbers
are also in a table and a CSV download.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.forms.widgets import Script
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.admin.ui.components import Component

from .. import figures
from ..figures import Period, PeriodInvalid
from .dashboard_charts import CHARTS, chart_data, chart_table, interval_for

DEFAULT_DAYS = 30
PRESETS = (("7d", "Last 7 days"), ("30d", "Last 30 days"), ("90d", "Last 90 days"), ("12m", "Last 12 months"))
CUSTOM = "custom"


@dataclass(frozen=True)
class ChosenPeriod:
    """The period shown, how the picker should read, and why the asked-for period was refused (if it was)."""

    period: Period
    preset: str
    problem: str = ""

    @property
    def label(self) -> str:
        names = dict(PRESETS)
        if self.preset in names:
            return names[self.preset]
        return f"{format_date(self.period.start, 'j M Y')} to {format_date(self.period.end, 'j M Y')}"

    @property
    def query(self) -> dict:
        """The GET parameters that ask for this period again (CSV links)."""
        if self.preset in dict(PRESETS):
            return {"period": self.preset}
        return {"period": CUSTOM, "from": self.period.start.isoformat(), "to": self.period.end.isoformat()}


def preset_of(params) -> str:
    """Which picker option the request meant: a preset, "custom" for from/to, else the default."""
    asked = (params.get("period") or "").strip()
    if asked in dict(PRESETS):
        return asked
    if asked == CUSTOM or params.get("from") or params.get("to"):
        return CUSTOM
    return f"{DEFAULT_DAYS}d"


def read_period(params, *, today=None) -> Period:
    """`figures.period_from_params`, with days at the ends of the calendar (year 1, 9999-12-31), whose
    date arithmetic overflows, refused like any other period that cannot be used."""
    try:
        return figures.period_from_params(params, default_days=DEFAULT_DAYS, today=today)
    except PeriodInvalid:
        raise
    except (ValueError, OverflowError):
        raise PeriodInvalid("That period cannot be used: choose days nearer today.") from None


def choose_period(params, *, today=None) -> ChosenPeriod:
    """The period the request asks for; a garbage one gives the default 30 days and a message saying why."""
    try:
        period = read_period(params, today=today)
    except PeriodInvalid as refused:
        default = Period.last_days(DEFAULT_DAYS, today=today)
        return ChosenPeriod(default, f"{DEFAULT_DAYS}d", f"{refused} Showing the last {DEFAULT_DAYS} days instead.")
    return ChosenPeriod(period, preset_of(params))


def change_words(change, current, previous) -> dict:
    """The change against the previous period in symbols and words, so it never rests on colour alone."""
    if change is None:  # nothing in the previous period: no percentage to give
        if current and current > 0:
            return {"direction": "up", "symbol": "▲", "words": "up from none in the previous period"}
        if current and current < 0:  # refunds of earlier sales, nothing sold before
            return {"direction": "down", "symbol": "▼", "words": "down from none in the previous period"}
        return {"direction": "same", "symbol": "=", "words": "none in this or the previous period"}
    if change > 0:
        return {"direction": "up", "symbol": "▲", "words": f"{change}% up on the previous period"}
    if change < 0:
        return {"direction": "down", "symbol": "▼", "words": f"{-change}% down on the previous period"}
    return {"direction": "same", "symbol": "=", "words": "no change on the previous period"}


# (key in headline, label, kind, what it counts): the numbers at the top, in reading order.
HEADLINE = (
    ("gross_sales", "Gross sales", "money", "Artwork sales booked in the period less refunds booked in it."),
    (
        "platform_revenue",
        "Platform revenue",
        "money",
        "Fees (less fees given back), subscriptions and featuring fees booked in the period.",
    ),
    ("orders_paid", "Orders", "count", "Orders whose sale was booked in the period (paid orders)."),
    ("new_buyers", "New buyers", "count", "People who registered in the period and are not artists."),
    ("new_artists", "New artists", "count", "Artists approved in the period."),
    ("average_order_value", "Average order value", "money", "Gross sales divided by orders paid."),
)


def headline_tiles(comparison: dict) -> list[dict]:
    """The headline numbers with their previous value and change, from `figures.compare`."""

    def pick(numbers, key):
        value = numbers.get(key)
        return value["total"] if isinstance(value, dict) else value

    current, previous, change = comparison["current"], comparison["previous"], comparison["change"]
    return [
        {
            "key": key,
            "label": label,
            "kind": kind,
            "counts": counts,
            "value": pick(current, key),
            "previous": pick(previous, key),
            "change": change_words(pick(change, key), pick(current, key), pick(previous, key)),
        }
        for key, label, kind, counts in HEADLINE
    ]


class MarketplaceDashboardPanel(Component):
    """The whole dashboard as one home panel: period picker, headline numbers, charts, payouts owed."""

    name = "marketplace_dashboard"
    template_name = "studio/dashboard/panel.html"
    order = 225  # after "pages awaiting your review" (220), before "your most recent edits" (250)

    class Media:
        css = {"all": ["studio/dashboard.css"]}
        js = [
            Script("vendor/chartjs/chart.umd.min.js", defer=True),
            Script("js/studio/dashboard.js", defer=True),
        ]

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        chosen = choose_period(self.request.GET, today=timezone.localdate())
        period = chosen.period
        comparison = figures.compare(period)
        interval = interval_for(period)
        tables = [chart_table(spec, period=period, interval=interval) for spec in CHARTS.values()]
        query = urlencode(chosen.query)
        return {
            "chosen": chosen,
            "period": period,
            "previous": period.previous(),
            "interval": interval,
            "presets": PRESETS,
            "currency": comparison["current"].get("currency"),
            "platform_revenue": comparison["current"]["platform_revenue"],
            "orders_placed": comparison["current"].get("orders_placed"),
            "tiles": headline_tiles(comparison),
            "charts": [
                {"table": table, "csv_url": f"{reverse('studio_dashboard:csv', args=[table.spec.name])}?{query}"}
                for table in tables
                if table.spec.draw
            ],
            "owed": next(table for table in tables if table.spec.name == "payouts-owed"),
            "owed_csv_url": f"{reverse('studio_dashboard:csv', args=['payouts-owed'])}?{query}",
            "chart_data": {
                "currency": comparison["current"].get("currency"),
                "charts": [chart_data(table) for table in tables if table.spec.draw],
            },
            "form_action": self.request.path,
        }
