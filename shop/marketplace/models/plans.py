"""Artist plans and the subscriptions that pay for them.

Every artist is on exactly one plan at a time: the default (free) plan unless a `Subscription`
says otherwise. A paid plan is a Stripe subscription; our row mirrors what Stripe says (status,
period end, cancellation), so the studio and the API answer without calling Stripe, and the
reconciler and webhooks keep the mirror true.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from .money import RATE_HELP, RATE_VALIDATORS, money_field


class PlanQuerySet(models.QuerySet):
    def offered(self):
        """The plans an artist may pick, cheapest first."""
        return self.filter(is_active=True).order_by("monthly_price", "position", "pk")


class Plan(models.Model):
    """What an artist pays each month and gets for it: a fee rate, a listing limit, featured credits."""

    code = models.SlugField(max_length=40, unique=True, help_text="Stable name for the API, e.g. gallery.")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=255, blank=True)
    monthly_price = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(max_length=3, default=settings.OSCAR_DEFAULT_CURRENCY)
    fee_rate = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=RATE_VALIDATORS,
        help_text=f"The platform's fee on each sale by an artist on this plan; empty: the default rate. {RATE_HELP}",
    )
    listing_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most artworks on sale at once; empty means unlimited."
    )
    featured_credits = models.PositiveSmallIntegerField(
        default=0, help_text="Artworks the artist may feature each calendar month without paying the fee."
    )
    is_default = models.BooleanField(
        default=False, help_text="The free plan every artist is on without a subscription (exactly one)."
    )  # "exactly one" is kept by the plan services (MariaDB has no partial unique index to say it)
    is_active = models.BooleanField(default=True, help_text="Offered to artists; existing subscribers keep it.")
    position = models.PositiveSmallIntegerField(default=0)
    stripe_product_id = models.CharField(max_length=255, blank=True, editable=False)
    stripe_price_id = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The Stripe plan/price for the current monthly price."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["monthly_price", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_default=False) | models.Q(monthly_price=0), name="plan_default_is_free"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_free(self) -> bool:
        return self.monthly_price == 0


class Subscription(models.Model):
    """An artist's plan as Stripe bills it. No row, or a canceled one, means the default plan."""

    ACTIVE, PAST_DUE, CANCELED = "active", "past_due", "canceled"
    STATUS_CHOICES = [(ACTIVE, "Active"), (PAST_DUE, "Past due"), (CANCELED, "Canceled")]

    artist = models.OneToOneField("artists.Artist", on_delete=models.PROTECT, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=ACTIVE, db_index=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    next_plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A downgrade waiting for the period's end.",
    )
    past_due_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.artist} on {self.plan} ({self.status})"


class PlanChange(models.Model):
    """One plan-change request by its Idempotency-Key: the same key and body answer the same, once."""

    artist = models.ForeignKey("artists.Artist", on_delete=models.CASCADE, related_name="plan_changes")
    idempotency_key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    outcome = models.JSONField(default=dict, blank=True, help_text="The answer given, replayed for a retry.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["artist", "idempotency_key"], name="plan_change_unique_key"),
        ]

    def __str__(self):
        return f"{self.artist} → {self.plan} ({self.idempotency_key})"


class SubscriptionInvoice(models.Model):
    """A Stripe invoice of a subscription, as the artist's invoice history lists it."""

    PAID, OPEN, FAILED, VOID = "paid", "open", "failed", "void"
    STATUS_CHOICES = [(PAID, "Paid"), (OPEN, "Open"), (FAILED, "Payment failed"), (VOID, "Void")]

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="invoices")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    stripe_invoice_id = models.CharField(max_length=255, unique=True)
    amount = money_field()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=OPEN)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Invoice {self.stripe_invoice_id}: {self.amount} {self.currency} {self.status}"
