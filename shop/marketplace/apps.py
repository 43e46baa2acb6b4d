from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """The marketplace's money: fees, ledger, payouts, plans (Stripe subscriptions), featuring."""

    name = "shop.marketplace"
    label = "marketplace"
    verbose_name = "Marketplace"

    def ready(self):
        from . import receivers  # noqa: F401  (fees booked when a payment completes, reversed when refunded)
        from .featuring_payments import register_webhooks

        register_webhooks()  # featuring fees: PaymentIntents and refunds settled through the payment app's webhook
        from shop.payment import webhooks

        from .subscription_sync import HANDLERS

        for event_type, handler in HANDLERS.items():  # artist plans: invoices and Stripe subscriptions
            webhooks.register(event_type, handler)
