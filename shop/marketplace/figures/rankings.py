"""Who and what sells best, which plans artists are on, and what the platform owes them."""

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from oscar.core.loading import get_model

from shop.marketplace.ledger import balances_by_artist
from shop.marketplace.models import Plan, Subscription
from shop.marketplace.plans import default_plan

from . import people
from .money import ARTWORK_SALES, ZERO, currency, ledger_in, money, orders_paid, total
from .periods import Period

Category = get_model("catalogue", "Category")

NO_CATEGORY = "No category"


def _ranked(period: Period, group: dict, limit: int):
    """Artwork sales in the period grouped by `group` (name → column), by gross sales, best first."""
    return list(
        ledger_in(period)
        .filter(ARTWORK_SALES)
        .values(**group)
        .annotate(gross=total(ARTWORK_SALES), orders=orders_paid())
        .filter(Q(gross__gt=0) | Q(orders__gt=0))
        .order_by("-gross", "-orders", *group)[:limit]
    )


def top_artists(period: Period, *, limit: int = 10) -> list[dict]:
    """Artists by gross sales in the period (as in `headline`), best first, in one query.

    [{artist (display name), artist_id, slug, status, gross, orders}]; `orders` counts orders whose sale
    of the artist's artworks was booked in the period. Suspended artists' past sales count and show.
    """
    rows = _ranked(
        period,
        {
            "artist_id_": F("artist_id"),
            "artist_name": F("artist__display_name"),
            "artist_slug": F("artist__slug"),
            "artist_status": F("artist__status"),
        },
        limit,
    )
    return [
        {
            "artist": row["artist_name"],
            "artist_id": row["artist_id_"],
            "slug": row["artist_slug"],
            "status": row["artist_status"],
            "gross": money(row["gross"]),
            "orders": row["orders"],
        }
        for row in rows
    ]


def top_categories(period: Period, *, limit: int = 10) -> list[dict]:
    """Categories by gross sales in the period, best first, in one query: each sale counts under the
    sold artwork's main category (sales of uncategorised artworks under "No category", category_id None).

    [{category (name), category_id, slug, gross, orders}].
    """
    rows = _ranked(
        period,
        {
            "category_id_": F("line__product__main_category_id"),
            "category_name": F("line__product__main_category__name"),
            "category_slug": F("line__product__main_category__slug"),
        },
        limit,
    )
    return [
        {
            "category": row["category_name"] or NO_CATEGORY,
            "category_id": row["category_id_"],
            "slug": row["category_slug"] or "",
            "gross": money(row["gross"]),
            "orders": row["orders"],
        }
        for row in rows
    ]


def plan_mix() -> list[dict]:
    """Approved artists per plan now, in three queries: [{code, name, monthly_price, is_default, artists}].

    An artist is on their subscription's plan unless they have none or it is canceled: then on the
    default plan (`plans.plan_under`). Every plan that is offered or has artists is listed, in the
    plans' order; the artists add up to `total_artists()`.
    """
    default = default_plan()
    on_plan = Case(
        When(
            Q(subscription__isnull=False) & ~Q(subscription__status=Subscription.CANCELED),
            then=F("subscription__plan_id"),
        ),
        default=Value(default.pk),
        output_field=IntegerField(),
    )
    counts = dict(
        people.artists()
        .annotate(plan_pk=on_plan)
        .values("plan_pk")
        .annotate(artists=Count("pk"))
        .values_list("plan_pk", "artists")
    )
    plans = Plan.objects.filter(Q(is_active=True) | Q(pk__in=list(counts)) | Q(pk=default.pk))
    return [
        {
            "code": plan.code,
            "name": plan.name,
            "monthly_price": money(plan.monthly_price),
            "is_default": plan.pk == default.pk,
            "artists": counts.get(plan.pk, 0),
        }
        for plan in plans
    ]


def payouts_owed() -> dict:
    """What the platform owes artists, from the ledger balances (`ledger.balances_by_artist`), in one query.

    {available: the artists' available balances above zero (what payout batches pay from), pending:
    earnings still in the hold (undelivered or delivered less than the hold ago), in_payout: payouts
    processing, artists_owed: artists with an available balance above zero, currency}. Suspended
    artists' balances count: the money is owed even while batches skip them.
    """
    balances = balances_by_artist(currency=currency()).values()
    available = [sums["available"] for sums in balances if sums["available"] > 0]
    return {
        "available": money(sum(available, ZERO)),
        "pending": money(sum((sums["pending"] for sums in balances), ZERO)),
        "in_payout": money(sum((sums["in_payout"] for sums in balances), ZERO)),
        "artists_owed": len(available),
        "currency": currency(),
    }
