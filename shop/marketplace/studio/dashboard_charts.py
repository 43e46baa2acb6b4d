"""The Marketplace dashboard's charts as tables: one definition feeds the chart, its table and its CSV.

Each chart is a `ChartSpec`: its title, what it counts in words, how it is drawn, its columns, and
the function reading its rows from `shop.marketplace.figures` (the one home of every figure; nothing
is summed here). The page draws the plotted columns with Chart.js, shows every column in the table
under the chart, and the CSV download writes the same rows, so the three cannot disagree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as format_date

from .. import figures
from ..figures import Period

# Longer than this, a daily chart has too many bars to read: months instead.
LONGEST_DAILY_PERIOD = 90

DAY, MONTH, TEXT, MONEY, COUNT = "day", "month", "text", "money", "count"


@dataclass(frozen=True)
class Column:
    """A column of a chart's table: `kind` says how it is written (a bucket's day, money, a count, text)."""

    key: str
    label: str
    kind: str


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the dashboard; `draw` tells dashboard.js how ("line", "bar", "stacked", "lines", "hbar", or
    "" for figures shown as numbers only), `plotted` which columns it draws."""

    name: str
    title: str
    counts: str
    draw: str
    columns: tuple[Column, ...]
    plotted: tuple[str, ...]
    rows: Callable[[Period, str], list[dict]]

    @property
    def over_time(self) -> bool:
        return self.columns[0].key == "period"


def interval_for(period: Period) -> str:
    """Days for up to 90 days, months beyond (12 months, long custom periods)."""
    return "day" if period.days <= LONGEST_DAILY_PERIOD else "month"


def bucket_column(interval: str) -> Column:
    return Column("period", "Day" if interval == "day" else "Month", DAY if interval == "day" else MONTH)


def series_rows(*metrics: str) -> Callable[[Period, str], list[dict]]:
    """Rows {period, metric: value, …} per bucket, one `figures.series` call per metric."""

    def read(period: Period, interval: str) -> list[dict]:
        rows: dict[date, dict] = {}
        for metric in metrics:
            for point in figures.series(metric, period=period, interval=interval):
                rows.setdefault(point["period"], {"period": point["period"]})[metric] = point["value"]
        return list(rows.values())

    return read


def name_of(thing) -> str:
    """An artist's display name, a category's or plan's name, whatever figures hands back."""
    if isinstance(thing, dict):
        return str(thing.get("name") or thing.get("display_name") or "")
    return str(getattr(thing, "display_name", None) or getattr(thing, "name", None) or thing)


def top_artist_rows(period: Period, interval: str) -> list[dict]:
    return [
        {"artist": name_of(row["artist"]), "gross": row["gross"], "orders": row["orders"]}
        for row in figures.top_artists(period)
    ]


def top_category_rows(period: Period, interval: str) -> list[dict]:
    return [
        {"category": name_of(row["category"]), "gross": row["gross"], "orders": row["orders"]}
        for row in figures.top_categories(period)
    ]


def plan_mix_rows(period: Period, interval: str) -> list[dict]:
    return [{"plan": row["name"], "artists": row["artists"]} for row in figures.plan_mix()]


def payouts_owed_rows(period: Period, interval: str) -> list[dict]:
    owed = figures.payouts_owed()
    return [{"available": owed["available"], "pending": owed["pending"], "artists_owed": owed["artists_owed"]}]


PERIOD = Column("period", "Day", DAY)  # replaced by bucket_column(interval) when a table is built
GROSS = Column("gross", "Gross sales", MONEY)
ORDERS = Column("orders", "Orders paid", COUNT)

CHARTS: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        ChartSpec(
            "gross-sales",
            "Gross sales",
            "Artwork sales booked in each day or month, less refunds booked then; delivery is not counted.",
            "line",
            (PERIOD, Column("gross_sales", "Gross sales", MONEY)),
            ("gross_sales",),
            series_rows("gross_sales"),
        ),
        ChartSpec(
            "platform-revenue",
            "Platform revenue by source",
            "What the platform earned: fees on sales less fees given back on refunds, plan subscriptions "
            "and featuring fees (their refunds subtracted).",
            "stacked",
            (
                PERIOD,
                Column("fees", "Fees", MONEY),
                Column("subscriptions", "Subscriptions", MONEY),
                Column("featuring", "Featuring", MONEY),
                Column("platform_revenue", "Total", MONEY),
            ),
            ("fees", "subscriptions", "featuring"),
            series_rows("fees", "subscriptions", "featuring", "platform_revenue"),
        ),
        ChartSpec(
            "orders",
            "Orders placed",
            "Orders placed each day or month, in every status: unpaid, cancelled and refunded ones too.",
            "bar",
            (PERIOD, Column("orders", "Orders placed", COUNT)),
            ("orders",),
            series_rows("orders"),
        ),
        ChartSpec(
            "new-people",
            "New buyers and new artists",
            "Buyers: people who registered then and are not artists. Artists: artists approved then.",
            "lines",
            (PERIOD, Column("new_buyers", "New buyers", COUNT), Column("new_artists", "New artists", COUNT)),
            ("new_buyers", "new_artists"),
            series_rows("new_buyers", "new_artists"),
        ),
        ChartSpec(
            "top-artists",
            "Top artists",
            "The ten artists with the highest gross sales in the period, and their paid orders.",
            "hbar",
            (Column("artist", "Artist", TEXT), GROSS, ORDERS),
            ("gross",),
            top_artist_rows,
        ),
        ChartSpec(
            "top-categories",
            "Top categories",
            "The ten categories (each artwork's main category) with the highest gross sales in the period.",
            "hbar",
            (Column("category", "Category", TEXT), GROSS, ORDERS),
            ("gross",),
            top_category_rows,
        ),
        ChartSpec(
            "plan-mix",
            "Plan mix",
            "Approved artists on each plan now; artists without a paid plan count on the free one.",
            "bar",
            (Column("plan", "Plan", TEXT), Column("artists", "Artists", COUNT)),
            ("artists",),
            plan_mix_rows,
        ),
        ChartSpec(
            "payouts-owed",
            "Payouts owed",
            "What the platform owes artists now, from their ledger balances: available to pay out, still "
            "pending (awaiting delivery and the hold), and how many artists are owed anything.",
            "",
            (
                Column("available", "Available", MONEY),
                Column("pending", "Pending", MONEY),
                Column("artists_owed", "Artists owed", COUNT),
            ),
            (),
            payouts_owed_rows,
        ),
    )
}


@dataclass(frozen=True)
class ChartTable:
    """A chart's columns and rows for one period: what the page shows and the CSV writes."""

    spec: ChartSpec
    period: Period
    interval: str
    columns: tuple[Column, ...]
    rows: list[dict]

    @property
    def cells(self) -> list[list[tuple[Column, object]]]:
        """Each row as (column, value) pairs in column order, for the page's table."""
        return [[(column, row.get(column.key)) for column in self.columns] for row in self.rows]


def chart_table(spec: ChartSpec, *, period: Period, interval: str | None = None) -> ChartTable:
    """The chart's table for the period (its rows read from figures now)."""
    interval = interval or interval_for(period)
    columns = (bucket_column(interval), *spec.columns[1:]) if spec.over_time else spec.columns
    return ChartTable(spec, period, interval, columns, spec.rows(period, interval))


def cell_label(value, kind: str) -> str:
    """How a bucket reads on the page and the chart's axis: "3 Nov" for a day, "Nov 2025" for a month."""
    if kind == DAY:
        return format_date(value, "j M")
    if kind == MONTH:
        return format_date(value, "M Y")
    return str(value)


def chart_data(table: ChartTable) -> dict:
    """What dashboard.js draws (through json_script): labels, and one dataset per plotted column.

    Money goes as text ("12.50"), as DjangoJSONEncoder writes Decimal; the script reads it as a number.
    """
    label_column = table.columns[0]
    plotted = [column for column in table.columns if column.key in table.spec.plotted]
    return {
        "name": table.spec.name,
        "title": table.spec.title,
        "draw": table.spec.draw,
        "labels": [cell_label(row.get(label_column.key), label_column.kind) for row in table.rows],
        "datasets": [
            {
                "key": column.key,
                "label": column.label,
                "kind": column.kind,
                "values": [row.get(column.key) for row in table.rows],
            }
            for column in plotted
        ],
    }
