"""The marketplace's headline numbers for staff pages (Oscar's /dashboard/), read from `figures` like every screen."""

from django import template

from shop.marketplace import figures

register = template.Library()

# As the studio's Marketplace dashboard opens: the last 30 days.
HEADLINE_DAYS = 30


@register.simple_tag
def marketplace_headline() -> dict:
    """All-time totals and the last 30 days' money and activity, exactly as the API and the studio count them.

    {period, totals: {users, artists, buyers, orders, artworks}, headline: `figures.headline(period)`}.
    """
    period = figures.Period.last_days(HEADLINE_DAYS)
    return {
        "period": period,
        "totals": {
            "users": figures.total_users(),
            "artists": figures.total_artists(),
            "buyers": figures.total_buyers(),
            "orders": figures.total_orders(),
            "artworks": figures.total_products(),
        },
        "headline": figures.headline(period),
    }
