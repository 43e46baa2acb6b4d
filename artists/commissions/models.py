"""A commission request, its message thread, its quotes and the buyer's reference pictures.

requested → quoted → accepted → paid → completed, or declined / expired / cancelled. The artwork the
commission becomes is `Product.commission` (the shop points at the request, never the reverse), so
`request.artwork` reaches it without this layer importing the shop.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CommissionRequest(models.Model):
    """One buyer asking one artist for a piece of their own; every change goes through `services`."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        QUOTED = "quoted", "Quoted"
        ACCEPTED = "accepted", "Accepted"
        PAID = "paid", "Paid"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        CANCELLED = "cancelled", "Cancelled"

    # Requests still waiting on someone: they count against the artist's maximum of open commissions.
    OPEN = (Status.REQUESTED, Status.QUOTED, Status.ACCEPTED, Status.PAID)
    # Before payment either side may walk away; after it, the order's own cancel and refund rules apply.
    DECLINABLE = (Status.REQUESTED, Status.QUOTED, Status.ACCEPTED)

    artist = models.ForeignKey("artists.Artist", on_delete=models.PROTECT, related_name="commissions")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commissions")
    brief = models.TextField()
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=12, default=settings.OSCAR_DEFAULT_CURRENCY)
    deadline = models.DateField(null=True, blank=True, help_text="When the buyer would like it by.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    # The order that paid for it, by number: orders live in the shop, above this layer.
    order_number = models.CharField(max_length=128, blank=True)
    closed_reason = models.TextField(blank=True, help_text="Why it was declined, expired or cancelled.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["artist", "status"], name="commission_artist_status"),
            models.Index(fields=["buyer", "created_at"], name="commission_buyer_newest"),
        ]

    def __str__(self):
        return f"Commission #{self.pk} for {self.buyer} from {self.artist}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def current_quote(self):
        """The latest quote, if any (prefetch `quotes` to read it without a query)."""
        quotes = list(self.quotes.all())
        return max(quotes, key=lambda quote: (quote.created_at, quote.pk)) if quotes else None


class CommissionQuote(models.Model):
    """The artist's offer: a price and a date. A new one replaces the one the buyer has not answered."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting the buyer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REPLACED = "replaced", "Replaced by a newer quote"
        EXPIRED = "expired", "Expired"

    commission = models.ForeignKey(CommissionRequest, on_delete=models.CASCADE, related_name="quotes")
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=12, default=settings.OSCAR_DEFAULT_CURRENCY)
    delivery_by = models.DateField()
    deposit = models.CharField(max_length=300, blank=True, help_text="Optional: what the artist asks up front.")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.price} {self.currency} by {self.delivery_by}"


class CommissionMessage(models.Model):
    """One message in the thread between the buyer and the artist; each is emailed to the other side."""

    commission = models.ForeignKey(CommissionRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["commission", "created_at"], name="commission_thread")]

    def __str__(self):
        return f"Message from {self.author} on commission #{self.commission_id}"


class CommissionReference(models.Model):
    """A picture the buyer sent with the request, stored re-encoded (the artwork image pipeline)."""

    commission = models.ForeignKey(CommissionRequest, on_delete=models.CASCADE, related_name="references")
    image = models.ImageField(upload_to="commissions/references/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Reference picture for commission #{self.commission_id}"
