"""The money conversion and configuration in the Stripe gateway."""

from decimal import Decimal

import pytest

from shop.payment import gateway


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        (Decimal("1236.00"), "GBP", 123600),
        (Decimal("0.01"), "gbp", 1),
        (Decimal("19.995"), "EUR", 2000),  # half up, never float rounding
        (Decimal("0.1") + Decimal("0.2"), "USD", 30),
        (Decimal("1500"), "JPY", 1500),  # no minor unit
    ],
)
def test_amounts_become_stripe_minor_units_exactly(amount, currency, minor):
    assert gateway.to_minor_units(amount, currency) == minor


def test_minor_units_come_back_as_decimal_money():
    assert gateway.from_minor_units(123600, "gbp") == Decimal("1236.00")
    assert gateway.from_minor_units(1500, "jpy") == Decimal("1500.00")


def test_while_stripe_api_base_is_set_stripe_js_and_the_api_come_from_the_fake(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_staging"
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420/"
    assert gateway.uses_localstripe()
    assert gateway.stripe_js_url() == "http://127.0.0.1:8420/js.stripe.com/v3/"
    assert gateway.browser_sources()["connect-src"] == ["http://127.0.0.1:8420"]

    settings.STRIPE_API_BASE = ""
    settings.STRIPE_SECRET_KEY = "sk_live_x"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_live_x"
    assert not gateway.uses_localstripe()
    assert gateway.stripe_js_url() == "https://js.stripe.com/v3/"
    assert gateway.publishable_key() == "pk_live_x"


def test_a_webhook_cannot_be_verified_without_a_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    with pytest.raises(gateway.BadSignature):
        gateway.verify_event(b"{}", "t=1,v1=00")


def test_only_the_gateway_imports_stripe():
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    importers = sorted(
        str(path.relative_to(root))
        for folder in ("artiqo", "artists", "home", "search", "shop")
        for path in (root / folder).rglob("*.py")
        if any(line.startswith(("import stripe", "from stripe")) for line in path.read_text().splitlines())
    )
    assert importers == ["shop/payment/gateway.py"]
