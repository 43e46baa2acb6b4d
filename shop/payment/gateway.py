"""Stripe, and nothing else: the only module that imports `stripe`.

Everything the marketplace asks of its payment provider goes through these functions: create,
attach a card to, confirm, fetch and cancel PaymentIntents; refund; verify webhook signatures;
turn Decimal amounts into Stripe's minor units and back. Callers get plain `Intent`/`Refund`
values and our own exceptions, never Stripe objects.

With STRIPE_API_BASE set, the client talks to that fake Stripe instead: localstripe, bound to
loopback by `make run` and by the test suite (dev and test settings point there unless
STRIPE_SECRET_KEY is set), with STRIPE_SECRET_KEY or a throwaway test key. Production leaves
STRIPE_API_BASE unset unless a staging run asks for a fake, so its client talks to api.stripe.com.
localstripe ignores idempotency keys, so the service layer never relies on them for correctness;
every call still carries one (derived from our Payment id) because real Stripe honours them.
"""

import json
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings

LOCAL_TEST_KEY = "sk_test_artiqo_localstripe"
LOCAL_PUBLISHABLE_KEY = "pk_test_artiqo_localstripe"
# Stripe's currencies without a minor unit (amounts are sent as whole units).
ZERO_DECIMAL_CURRENCIES = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv"}
WEBHOOK_TOLERANCE_SECONDS = 300


class GatewayError(Exception):
    """Stripe could not be reached or refused the request for a reason other than the card."""


class CardDeclined(GatewayError):
    """The card was refused; `str(error)` is the reason to show the buyer."""


class InvalidRequest(GatewayError):
    """Stripe refused what we sent (an unknown payment method, say): retrying the same will not help."""


class BadSignature(Exception):
    """A webhook whose signature, timestamp or body does not check out."""


@dataclass(frozen=True)
class Intent:
    """What we need to know about a PaymentIntent."""

    id: str
    status: str  # Stripe's: requires_payment_method, requires_action, processing, succeeded, canceled…
    amount: int
    currency: str
    client_secret: str
    failure_reason: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def failed(self) -> bool:
        """A confirmation was tried and refused (or the intent was cancelled)."""
        return self.status == "canceled" or (self.status == "requires_payment_method" and bool(self.failure_reason))


@dataclass(frozen=True)
class Refund:
    id: str
    amount: int
    status: str


# --- money -------------------------------------------------------------------------------------


def to_minor_units(amount: Decimal, currency: str) -> int:
    """£12.34 → 1234: the one place Decimal money becomes Stripe's integer amount."""
    exponent = Decimal(1) if currency.lower() in ZERO_DECIMAL_CURRENCIES else Decimal(100)
    return int((Decimal(amount) * exponent).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor_units(amount: int, currency: str) -> Decimal:
    exponent = Decimal(1) if currency.lower() in ZERO_DECIMAL_CURRENCIES else Decimal(100)
    return (Decimal(amount) / exponent).quantize(Decimal("0.01"))


# --- configuration -----------------------------------------------------------------------------


def uses_localstripe() -> bool:
    """A fake Stripe (localstripe) is in use exactly when STRIPE_API_BASE names one; the key never decides."""
    return bool(settings.STRIPE_API_BASE)


def _fake_base() -> str:
    return settings.STRIPE_API_BASE.rstrip("/")


def publishable_key() -> str:
    return settings.STRIPE_PUBLISHABLE_KEY or LOCAL_PUBLISHABLE_KEY


def stripe_js_url() -> str:
    """Stripe.js from Stripe, or the fake's stand-in (which talks to the fake) while STRIPE_API_BASE is set."""
    if uses_localstripe():
        return _fake_base() + "/js.stripe.com/v3/"
    return "https://js.stripe.com/v3/"


def browser_sources() -> dict[str, list[str]]:
    """What the payment page's Content-Security-Policy must add for Stripe.js (django-csp's csp_update).

    Stripe's own origins per its integration security guide (the script, the card and 3-D Secure
    frames, the API it calls); with STRIPE_API_BASE set, the fake's one origin serves all three.
    """
    if uses_localstripe():
        local = _fake_base()
        return {"script-src": [local], "frame-src": [local], "connect-src": [local]}
    stripe_js = ["https://js.stripe.com", "https://*.js.stripe.com"]
    return {
        "script-src": stripe_js,
        "frame-src": [*stripe_js, "https://hooks.stripe.com"],
        "connect-src": ["https://api.stripe.com"],
    }


def _client() -> stripe.StripeClient:
    if uses_localstripe():
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY or LOCAL_TEST_KEY,
            base_addresses={"api": _fake_base()},
            max_network_retries=0,
            http_client=_http_client(),
        )
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2, http_client=_http_client())


def _http_client():
    return stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS)


def _call(request, *args, **kwargs):
    try:
        return request(*args, **kwargs)
    except stripe.CardError as declined:
        raise CardDeclined(declined.user_message or "Your card was declined.") from declined
    except stripe.InvalidRequestError as refused:
        raise InvalidRequest(refused.user_message or str(refused) or "Stripe refused the request.") from refused
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error) or error.__class__.__name__) from error


def _intent(resource) -> Intent:
    raw = resource.to_dict()
    error = raw.get("last_payment_error") or {}
    return Intent(
        id=raw["id"],
        status=raw["status"],
        amount=raw["amount"],
        currency=raw["currency"],
        client_secret=raw.get("client_secret") or "",
        failure_reason=(error.get("message") or "") if error else "",
    )


# --- PaymentIntents ----------------------------------------------------------------------------


def create_intent(
    *, amount: Decimal, currency: str, idempotency_key: str, metadata: dict, payment_method: str = ""
) -> Intent:
    """A PaymentIntent for `amount`, not yet confirmed (so its id is ours before any charge)."""
    params = {
        "amount": to_minor_units(amount, currency),
        "currency": currency.lower(),
        "metadata": metadata,
        "payment_method_types": ["card"],
    }
    if payment_method:
        params["payment_method"] = payment_method
    raw = _call(_client().v1.payment_intents.create, params=params, options={"idempotency_key": idempotency_key})
    return _intent(raw)


def retrieve_intent(intent_id: str) -> Intent:
    return _intent(_call(_client().v1.payment_intents.retrieve, intent_id))


def confirm_intent(intent_id: str, *, idempotency_key: str, payment_method: str = "", card_token: str = "") -> Intent:
    """Charge the intent with its payment method, or with `payment_method`, or with a Stripe.js card token.

    A declined card is not an exception here: the intent comes back with `failed` and the reason.
    """
    client = _client()
    if card_token:
        payment_method = _payment_method_from_token(client, card_token, idempotency_key)
    if payment_method:
        # Set first, then confirm without parameters: both Stripe and localstripe accept that.
        _call(
            client.v1.payment_intents.update,
            intent_id,
            params={"payment_method": payment_method},
            options={"idempotency_key": f"{idempotency_key}-attach"},
        )
    try:
        return _intent(
            _call(client.v1.payment_intents.confirm, intent_id, options={"idempotency_key": idempotency_key})
        )
    except CardDeclined as declined:
        intent = retrieve_intent(intent_id)
        return intent if intent.failure_reason else replace(intent, failure_reason=str(declined))


def _payment_method_from_token(client, card_token: str, idempotency_key: str) -> str:
    """Turn a Stripe.js card token into something a PaymentIntent accepts.

    Stripe makes a PaymentMethod from it; localstripe cannot, but accepts the token's card id.
    """
    if uses_localstripe():
        token = _call(client.v1.tokens.retrieve, card_token)
        return token["card"]["id"]
    method = _call(
        client.v1.payment_methods.create,
        params={"type": "card", "card": {"token": card_token}},
        options={"idempotency_key": f"{idempotency_key}-card"},
    )
    return method["id"]


def cancel_intent(intent_id: str, *, idempotency_key: str) -> Intent:
    """Stop an unpaid intent from ever being charged; an already settled one is returned as it is."""
    try:
        raw = _call(_client().v1.payment_intents.cancel, intent_id, options={"idempotency_key": idempotency_key})
    except GatewayError:
        intent = retrieve_intent(intent_id)
        if intent.status in ("succeeded", "canceled", "processing"):
            return intent
        raise
    return _intent(raw)


def refund(intent_id: str, *, amount: Decimal, currency: str, idempotency_key: str) -> Refund:
    raw = _call(
        _client().v1.refunds.create,
        params={"payment_intent": intent_id, "amount": to_minor_units(amount, currency)},
        options={"idempotency_key": idempotency_key},
    )
    return Refund(id=raw["id"], amount=raw["amount"], status=raw["status"])


def refunds_of(intent_id: str) -> list[Refund]:
    raw = _call(_client().v1.refunds.list, params={"payment_intent": intent_id, "limit": 100})
    return [Refund(id=item["id"], amount=item["amount"], status=item["status"]) for item in raw["data"]]


# --- webhooks ----------------------------------------------------------------------------------


def verify_event(payload: bytes, signature_header: str) -> dict:
    """The event in a webhook body, if its Stripe-Signature matches the raw body and is recent."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise BadSignature("No webhook signing secret is configured.")
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature_header or "", secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise BadSignature(str(error)) from error
    try:
        event = json.loads(payload)
    except ValueError as error:
        raise BadSignature("The body is not JSON.") from error
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        raise BadSignature("The body is not a Stripe event.")
    return event
