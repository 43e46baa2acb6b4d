from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    """Where a commission meets the shop: the reserved artwork, the cart, payment, shipping; site and studio screens.

    The requests themselves (models, thread, quotes, states) live in `artists.commissions`, below the shop.
    """

    name = "shop.commissions"
    label = "commissions"
    verbose_name = "Commissions"

    def ready(self):
        from . import receivers  # noqa: F401  (a paid or cancelled order moves its commission along)
