"""The marketplace's models: the artists' money, plans and subscriptions, featuring and platform income."""

from .featuring import FeaturedListing, PlatformRevenue
from .money import (
    RATE_HELP,
    RATE_VALIDATORS,
    AppendOnly,
    LedgerEntry,
    MarketplaceSettings,
    NegotiatedRate,
    PayableLine,
    Payout,
    PayoutBatch,
    SettingsChange,
    money_field,
    non_negative_money,
)
from .plans import Plan, PlanChange, Subscription, SubscriptionInvoice

__all__ = [
    "RATE_HELP",
    "RATE_VALIDATORS",
    "AppendOnly",
    "FeaturedListing",
    "LedgerEntry",
    "MarketplaceSettings",
    "NegotiatedRate",
    "PayableLine",
    "Payout",
    "PayoutBatch",
    "Plan",
    "PlanChange",
    "PlatformRevenue",
    "SettingsChange",
    "Subscription",
    "SubscriptionInvoice",
    "money_field",
    "non_negative_money",
]
