"""Stripe Billing for artist plans: products and monthly plans, customers, subscriptions, invoices.

Like `gateway`, callers get plain values (`StripeSubscription`, `StripeInvoice`) and our own
exceptions, never Stripe objects; every request goes through gateway's `_client()`/`_call()` (the
one module that imports `stripe`). Stripe's Plan API is used rather than Prices: real Stripe still
serves it and localstripe (tests, demo) knows only Plans.

Two differences between real Stripe and localstripe are handled here, so callers need not know:
- A same-interval plan change creates no invoice on either, only pending proration items; an
  upgrade is charged now by creating and paying an invoice for the subscription, which picks the
  pending items up (real Stripe: the prorated difference; localstripe: the full difference).
- localstripe takes no `proration_behavior` and no PaymentMethods made from Stripe.js tokens: a
  token is added as the customer's default source there.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from .gateway import CardDeclined, GatewayError, InvalidRequest, _call, _client, to_minor_units, uses_localstripe

__all__ = [
    "CardDeclined",
    "GatewayError",
    "InvalidRequest",
    "StripeInvoice",
    "StripeSubscription",
    "cancel_now",
    "change_plan",
    "create_customer",
    "create_subscription",
    "ensure_plan",
    "invoice_now",
    "invoices_of",
    "retrieve_invoice",
    "retrieve_subscription",
    "set_cancel_at_period_end",
    "set_default_card",
]

LIVE_STATUSES = {"active", "trialing", "past_due", "unpaid"}


def _moment(timestamp) -> datetime | None:
    return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None


@dataclass(frozen=True)
class StripeSubscription:
    id: str
    status: str  # Stripe's: incomplete, active, past_due, unpaid, canceled, incomplete_expired, trialing
    customer: str
    plan_id: str
    item_id: str
    current_period_end: datetime | None
    cancel_at_period_end: bool
    latest_invoice: str

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


@dataclass(frozen=True)
class StripeInvoice:
    id: str
    status: str  # draft, open, paid, void, uncollectible
    amount_due: int
    amount_paid: int
    currency: str
    subscription: str
    plan_id: str
    period_start: datetime | None
    period_end: datetime | None
    paid_at: datetime | None
    attempted: bool

    @property
    def paid(self) -> bool:
        return self.status == "paid"


def _subscription(resource) -> StripeSubscription:
    raw = resource.to_dict() if hasattr(resource, "to_dict") else dict(resource)
    items = (raw.get("items") or {}).get("data") or [{}]
    item = items[0]
    plan = item.get("plan") or item.get("price") or raw.get("plan") or {}
    latest = raw.get("latest_invoice") or ""
    return StripeSubscription(
        id=raw["id"],
        status=raw.get("status") or "",
        customer=raw.get("customer") or "",
        plan_id=plan.get("id", "") if isinstance(plan, dict) else str(plan),
        item_id=item.get("id") or "",
        # Newer API versions keep the period on the item; older ones (and localstripe) on the subscription.
        current_period_end=_moment(raw.get("current_period_end") or item.get("current_period_end")),
        cancel_at_period_end=bool(raw.get("cancel_at_period_end")),
        latest_invoice=latest if isinstance(latest, str) else latest.get("id", ""),
    )


def _invoice(resource) -> StripeInvoice:
    raw = resource.to_dict() if hasattr(resource, "to_dict") else dict(resource)
    subscription = raw.get("subscription") or (
        ((raw.get("parent") or {}).get("subscription_details") or {}).get("subscription") or ""
    )
    lines = (raw.get("lines") or {}).get("data") or []
    plan_id = ""
    for line in lines:
        plan = line.get("plan") or line.get("price") or {}
        if isinstance(plan, dict) and plan.get("id") and (line.get("amount") or 0) > 0:
            plan_id = plan["id"]
            break
    transitions = raw.get("status_transitions") or {}
    return StripeInvoice(
        id=raw["id"],
        status=raw.get("status") or "",
        amount_due=int(raw.get("amount_due") or 0),
        amount_paid=int(raw.get("amount_paid") or 0),
        currency=(raw.get("currency") or "").upper(),
        subscription=subscription if isinstance(subscription, str) else subscription.get("id", ""),
        plan_id=plan_id,
        period_start=_moment(raw.get("period_start")),
        period_end=_moment(raw.get("period_end")),
        paid_at=_moment(transitions.get("paid_at")),
        attempted=bool(raw.get("attempted")),
    )


# --- products and plans ------------------------------------------------------------------------


def plan_id_for(*, code: str, amount: Decimal, currency: str) -> str:
    """Our own id for the Stripe plan of `code` at `amount`: a new price is a new Stripe plan."""
    return f"artiqo-{code}-{to_minor_units(amount, currency)}-{currency.lower()}-month"


def ensure_plan(*, code: str, name: str, amount: Decimal, currency: str) -> tuple[str, str]:
    """The Stripe product and monthly plan for one of our plans, made if missing; (product id, plan id).

    Ids are ours and derived from the plan's code and price, so asking twice (or from two
    processes at once) finds the same objects instead of making duplicates.
    """
    client = _client()
    product_id, plan_id = f"artiqo-plan-{code}", plan_id_for(code=code, amount=amount, currency=currency)
    if not _exists(client.v1.products.retrieve, product_id):
        _create_or_find(
            client.v1.products.create,
            client.v1.products.retrieve,
            product_id,
            {"id": product_id, "name": f"Artiqo {name}", "type": "service"},
        )
    if not _exists(client.v1.plans.retrieve, plan_id):
        params = {
            "id": plan_id,
            "product": product_id,
            "amount": to_minor_units(amount, currency),
            "currency": currency.lower(),
            "interval": "month",
            "nickname": name,
        }
        _create_or_find(client.v1.plans.create, client.v1.plans.retrieve, plan_id, params)
    return product_id, plan_id


def _exists(retrieve, object_id: str) -> bool:
    try:
        _call(retrieve, object_id)
    except InvalidRequest:
        return False
    return True


def _create_or_find(create, retrieve, object_id: str, params: dict) -> None:
    try:
        _call(create, params=params)
    except GatewayError:
        if not _exists(retrieve, object_id):  # someone else made it meanwhile: fine; otherwise a real failure
            raise


# --- customers and cards -----------------------------------------------------------------------


def create_customer(*, email: str, name: str, metadata: dict, idempotency_key: str) -> str:
    raw = _call(
        _client().v1.customers.create,
        params={"email": email, "name": name, "metadata": metadata},
        options={"idempotency_key": idempotency_key},
    )
    return raw["id"]


def set_default_card(customer_id: str, *, idempotency_key: str, payment_method: str = "", card_token: str = "") -> str:
    """Attach a PaymentMethod (e.g. "pm_card_visa") or a Stripe.js card token and bill it from now on.

    A card refused when attached raises CardDeclined. Returns the id Stripe gave the card.
    """
    client = _client()
    if card_token and uses_localstripe():
        card = _call(
            client.v1.customers.payment_sources.create,
            customer_id,
            params={"source": card_token},
            options={"idempotency_key": f"{idempotency_key}-source"},
        )
        _call(
            client.v1.customers.update,
            customer_id,
            params={"default_source": card["id"], "invoice_settings": {"default_payment_method": ""}},
        )
        return card["id"]
    if card_token:
        method = _call(
            client.v1.payment_methods.create,
            params={"type": "card", "card": {"token": card_token}},
            options={"idempotency_key": f"{idempotency_key}-card"},
        )
        payment_method = method["id"]
    attached = _call(
        client.v1.payment_methods.attach,
        payment_method,
        params={"customer": customer_id},
        options={"idempotency_key": f"{idempotency_key}-attach"},
    )
    _call(
        client.v1.customers.update,
        customer_id,
        params={"invoice_settings": {"default_payment_method": attached["id"]}},
        options={"idempotency_key": f"{idempotency_key}-default"},
    )
    return attached["id"]


# --- subscriptions -----------------------------------------------------------------------------


def create_subscription(*, customer_id: str, plan_id: str, metadata: dict, idempotency_key: str) -> StripeSubscription:
    """Subscribe the customer; the first invoice is charged now to their default card.

    A refused charge raises CardDeclined and leaves no subscription behind (real Stripe refuses
    with `error_if_incomplete`; localstripe leaves an incomplete one, which is cancelled here).
    """
    subscription = _subscription(
        _call(
            _client().v1.subscriptions.create,
            params={
                "customer": customer_id,
                "items": [{"plan": plan_id}],
                "metadata": metadata,
                "payment_behavior": "error_if_incomplete",
            },
            options={"idempotency_key": idempotency_key},
        )
    )
    if subscription.status not in ("active", "trialing"):
        cancel_now(subscription.id, idempotency_key=f"{idempotency_key}-abandon")
        raise CardDeclined("Your card was declined.")
    return subscription


def retrieve_subscription(subscription_id: str) -> StripeSubscription:
    return _subscription(_call(_client().v1.subscriptions.retrieve, subscription_id))


def change_plan(
    subscription: StripeSubscription, *, plan_id: str, idempotency_key: str, prorate: bool
) -> StripeSubscription:
    """Switch the subscription's plan. `prorate`: leave proration items for `invoice_now` (an upgrade)."""
    params = {"items": [{"id": subscription.item_id, "plan": plan_id}]}
    if not uses_localstripe():
        params["proration_behavior"] = "create_prorations" if prorate else "none"
    changed = _subscription(
        _call(
            _client().v1.subscriptions.update,
            subscription.id,
            params=params,
            options={"idempotency_key": idempotency_key},
        )
    )
    if not prorate and uses_localstripe():
        _drop_pending_items(subscription.customer)  # localstripe always leaves "unused time" credits
    return changed


def _drop_pending_items(customer_id: str) -> None:
    client = _client()
    items = _call(client.v1.invoice_items.list, params={"customer": customer_id, "limit": 100})
    for item in items.to_dict()["data"]:
        if not item.get("invoice"):
            _call(client.v1.invoice_items.delete, item["id"])


def set_cancel_at_period_end(subscription_id: str, cancel: bool, *, idempotency_key: str) -> StripeSubscription:
    return _subscription(
        _call(
            _client().v1.subscriptions.update,
            subscription_id,
            params={"cancel_at_period_end": cancel},
            options={"idempotency_key": idempotency_key},
        )
    )


def cancel_now(subscription_id: str, *, idempotency_key: str) -> StripeSubscription:
    """End the subscription at once; an already cancelled one is returned as it is."""
    try:
        return _subscription(
            _call(
                _client().v1.subscriptions.cancel,
                subscription_id,
                options={"idempotency_key": idempotency_key},
            )
        )
    except GatewayError:
        current = retrieve_subscription(subscription_id)
        if current.status in ("canceled", "incomplete_expired"):
            return current
        raise


# --- invoices ----------------------------------------------------------------------------------


def retrieve_invoice(invoice_id: str) -> StripeInvoice:
    return _invoice(_call(_client().v1.invoices.retrieve, invoice_id))


def invoices_of(subscription_id: str, *, limit: int = 24) -> list[StripeInvoice]:
    raw = _call(_client().v1.invoices.list, params={"subscription": subscription_id, "limit": limit})
    return [_invoice(item) for item in raw["data"]]


def invoice_now(*, customer_id: str, subscription_id: str, idempotency_key: str) -> StripeInvoice:
    """Bill what is pending on the subscription (an upgrade's difference) now, to the default card.

    A refused charge voids the invoice and raises CardDeclined.
    """
    client = _client()
    invoice = _invoice(
        _call(
            client.v1.invoices.create,
            params={
                "customer": customer_id,
                "subscription": subscription_id,
                "pending_invoice_items_behavior": "include",
            },
            options={"idempotency_key": idempotency_key},
        )
    )
    if invoice.status in ("paid", "void"):
        return invoice
    try:
        paid = _invoice(
            _call(client.v1.invoices.pay, invoice.id, options={"idempotency_key": f"{idempotency_key}-pay"})
        )
    except CardDeclined:
        paid = retrieve_invoice(invoice.id)
    if not paid.paid:
        try:
            _call(client.v1.invoices.void_invoice, invoice.id, options={"idempotency_key": f"{idempotency_key}-void"})
        except GatewayError:
            pass  # already closed one way or another; the charge did not go through either way
        raise CardDeclined("Your card was declined.")
    return paid
