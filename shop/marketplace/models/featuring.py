"""Featured listings, and the platform's own income (subscriptions and featuring fees).

An artwork is featured *now* when it has a listing that is active and not past its end, and the
artwork itself is live and in stock: the last two are read at query time from the artwork's
listing columns, so a sale, a hide or a suspension ends the featuring at once, not at expiry.
"""

from django.conf import settings
from django.db import models

from .money import money_field


class FeaturedListingQuerySet(models.QuerySet):
    def running(self, now):
        """Listings in force at `now` (whatever the artwork's state: `featured_now()` adds that)."""
        return self.filter(status=FeaturedListing.ACTIVE, starts_at__lte=now, ends_at__gt=now)


class FeaturedListing(models.Model):
    """An artwork featured from `starts_at` to `ends_at`, paid with a plan credit, a payment, or granted by an admin.

    A paid request is also its own idempotency record: one (requester, Idempotency-Key) is one
    row and one PaymentIntent, so retries and concurrent duplicates charge once.
    """

    CREDIT, PAYMENT, EDITORIAL = "credit", "payment", "editorial"
    PAID_WITH_CHOICES = [(CREDIT, "Plan credit"), (PAYMENT, "Featuring fee"), (EDITORIAL, "Editorial (admin)")]
    PENDING_PAYMENT, ACTIVE, ENDED, FAILED = "pending_payment", "active", "ended", "failed"
    STATUS_CHOICES = [
        (PENDING_PAYMENT, "Waiting for payment"),
        (ACTIVE, "Active"),
        (ENDED, "Ended"),
        (FAILED, "Payment failed"),
    ]

    artwork = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="featured_listings")
    artist = models.ForeignKey("artists.Artist", on_delete=models.PROTECT, related_name="featured_listings")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paid_with = models.CharField(max_length=16, choices=PAID_WITH_CHOICES)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=PENDING_PAYMENT, db_index=True)
    days = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=255, blank=True)
    # A paid request: the fee, its PaymentIntent and the client's key.
    amount = money_field(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    intent_id = models.CharField("Stripe PaymentIntent", max_length=255, blank=True, db_index=True)
    client_secret = models.CharField(max_length=255, blank=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    refund_id = models.CharField("Stripe refund", max_length=255, blank=True)
    # NULL when no key was given (credits, editorial): MariaDB has no partial unique indexes, but a
    # plain unique index ignores NULLs everywhere.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    request_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeaturedListingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["requested_by", "idempotency_key"], name="featured_listing_unique_key"),
        ]
        indexes = [models.Index(fields=["status", "ends_at"], name="featured_running")]

    def __str__(self):
        return f"{self.artwork} featured ({self.get_paid_with_display()}, {self.status})"

    def stripe_key(self, action: str) -> str:
        """The idempotency key sent to Stripe for `action` on this request: stable across retries."""
        return f"artiqo-featuring-{self.pk}-{action}"


class PlatformRevenue(models.Model):
    """Money the platform earns beside its fees on sales: subscriptions and featuring (append-only).

    Signed: an invoice paid or a featuring fee taken is +, its refund is −. Unique per source so a
    redelivered webhook books nothing twice. Fees on sales are in the artists' ledger (kind `fee`).
    """

    SUBSCRIPTION, FEATURING = "subscription", "featuring"
    KIND_CHOICES = [(SUBSCRIPTION, "Subscription"), (FEATURING, "Featuring")]

    kind = models.CharField(max_length=16, choices=KIND_CHOICES, db_index=True)
    amount = money_field()
    currency = models.CharField(max_length=3)
    source = models.CharField(max_length=191, unique=True, help_text="e.g. invoice:in_123 or featuring:7/refund.")
    artist = models.ForeignKey("artists.Artist", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(
        "marketplace.SubscriptionInvoice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    featured_listing = models.ForeignKey(
        FeaturedListing, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=255, blank=True)
    booked_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-booked_at", "-pk"]
        verbose_name_plural = "platform revenue"

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} {self.currency} ({self.source})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Platform revenue is never changed: book a correcting entry instead.")
        super().save(*args, **kwargs)
