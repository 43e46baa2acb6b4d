"""Which plan an artist is on, read in one place (fees, listing limits, featured credits, the API).

An artist without a subscription, or whose subscription has ended, is on the default (free) plan.
A past-due subscription keeps its plan through the grace period; the subscription services move
it to the default plan when the grace runs out.
"""

from .models import Plan, Subscription


def default_plan() -> Plan:
    """The free plan every artist starts on (made by migration 0005)."""
    return Plan.objects.get(is_default=True)


def current_plan(artist) -> Plan:
    """The plan whose terms apply to `artist` now."""
    subscription = Subscription.objects.select_related("plan").filter(artist=artist).first()
    if subscription is None or subscription.status == Subscription.CANCELED:
        return default_plan()
    return subscription.plan
