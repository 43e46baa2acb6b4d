from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """The marketplace's money: fees, the artists' ledger, payouts (and, later, plans and featuring)."""

    name = "shop.marketplace"
    label = "marketplace"
    verbose_name = "Marketplace"

    def ready(self):
        from . import receivers  # noqa: F401  (fees booked when a payment completes, reversed when refunded)
