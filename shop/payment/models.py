"""Payments: one row per attempt to pay an order, and every Stripe event we have acted on.

Oscar's own payment models (Source, SourceType, Transaction, Bankcard) stay as they are; a
completed or refunded Payment is mirrored into them so the Oscar dashboard shows the money.
"""

from django.conf import settings
from django.db import models


class Payment(models.Model):
    """One attempt to pay an order: one Stripe PaymentIntent, idempotent per (payer, key)."""

    PENDING, COMPLETED, FAILED, REFUNDED = "pending", "completed", "failed", "refunded"
    STATUS_CHOICES = [(PENDING, "Pending"), (COMPLETED, "Completed"), (FAILED, "Failed"), (REFUNDED, "Refunded")]
    # Statuses only move up this ladder: a late "failed" never undoes "completed". A failed
    # attempt may still complete (the buyer retries the same intent with another card).
    RANK = {PENDING: 0, FAILED: 1, COMPLETED: 2, REFUNDED: 3}

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="payments")
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=PENDING, db_index=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    intent_id = models.CharField("Stripe PaymentIntent", max_length=255, blank=True, db_index=True)
    client_secret = models.CharField(max_length=255, blank=True)
    idempotency_key = models.CharField(max_length=255, help_text="The client's Idempotency-Key.")
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the request the key was first used with.")
    refund_id = models.CharField("Stripe refund", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["payer", "idempotency_key"], name="payment_unique_idempotency_key"),
        ]

    def __str__(self):
        return f"Payment {self.pk} for order {self.order_id}: {self.amount} {self.currency} {self.status}"

    def stripe_key(self, action: str) -> str:
        """The idempotency key sent to Stripe for `action` on this payment: stable across retries."""
        return f"artiqo-payment-{self.pk}-{action}"

    def can_become(self, status: str) -> bool:
        return self.RANK[status] > self.RANK[self.status]


class StripeEvent(models.Model):
    """A webhook event we have processed; its unique id makes a redelivery a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payment = models.ForeignKey(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


from oscar.apps.payment.models import *  # noqa: E402, F403
