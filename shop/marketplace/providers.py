"""Who moves a payout batch's money. One interface; the provider is chosen by PAYOUT_PROVIDER.

- `manual` (now): nothing moves automatically. An admin downloads the batch's CSV, pays each
  artist by bank transfer, and marks each payout paid (with the bank's reference) or failed.
- Stripe Connect (next, documented in docs/payouts.md): each artist onboards an Express account;
  `submit` creates one Transfer per payout (idempotency key `artiqo-payout-<id>`), and the
  `transfer.*`/`payout.*` webhooks mark payouts paid or failed through `payouts.mark_payout`.
  localstripe cannot simulate Connect, so it waits for a test account.
"""

from django.conf import settings
from django.utils.module_loading import import_string


class PayoutProvider:
    """Takes a freshly booked batch; must not raise once the ledger has it (mark failed instead)."""

    name = ""

    def submit(self, batch) -> None:
        raise NotImplementedError


class ManualTransfer(PayoutProvider):
    """An admin pays from the CSV and records each outcome in the studio or the API."""

    name = "manual"

    def submit(self, batch) -> None:
        return None


def current() -> PayoutProvider:
    return import_string(getattr(settings, "PAYOUT_PROVIDER", "shop.marketplace.providers.ManualTransfer"))()
