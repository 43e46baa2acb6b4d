"""Forms of Plan & billing and of the admins' plan management: shapes and bounds only.

Whether a plan change is allowed (listing limit, card on file, inactive plan) is the subscription
services' call; these forms only make sure what reaches them is well formed.
"""

import re
import uuid
from decimal import Decimal

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import Plan, Subscription
from .forms import PERCENT_MAX, PERCENT_STEP

FORM_KEY = re.compile(r"^[0-9a-f]{32}$")
CARD_TOKEN = re.compile(r"^tok_[A-Za-z0-9_]{1,190}$")


def new_form_key() -> str:
    """A key per rendered form: posting the same form twice (a double click, a resubmit) is one change."""
    return uuid.uuid4().hex


class ChangePlanForm(forms.Form):
    """The artist's choice of plan, with the card Stripe.js tokenised if the page asked for one."""

    plan = forms.SlugField(max_length=40)
    form_key = forms.RegexField(regex=FORM_KEY, required=False)
    card_token = forms.RegexField(regex=CARD_TOKEN, required=False)

    def clean_plan(self) -> Plan:
        plan = Plan.objects.filter(code=self.cleaned_data["plan"]).first()
        if plan is None:
            raise forms.ValidationError("There is no such plan.")
        return plan

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("card_token") and not data.get("form_key"):
            raise forms.ValidationError("The form was incomplete: reload the page and try again.")
        return data

    def idempotency_key(self) -> str:
        """A single-use card token is its own key (as on the payment page); otherwise the form's key."""
        token = self.cleaned_data["card_token"]
        return f"studio-plan-{token}" if token else f"studio-plan-{self.cleaned_data['form_key']}"


class PlanForm(WagtailAdminModelForm):
    """An admin's plan: the fee rate in percent as admins say it ("10"), stored as a fraction (0.1).

    Price rule: a paid plan's monthly price is what Stripe bills its subscribers. Changing it here
    would change what the studio shows them without changing what Stripe charges (each Stripe
    subscription keeps its price), so the price of a plan anyone is subscribed to cannot be edited:
    make a new plan with the new price and stop offering the old one (untick "active"); its
    subscribers stay on it until they change plan. A price change on a plan nobody is subscribed to
    is fine: the next subscription is billed at a new Stripe plan made for it (plans.stripe_plan_of).
    The code is fixed once made: Stripe's plan ids and the API name the plan by it.
    The fee rate, listing limit and credits are the plan's terms and apply to subscribers at once.
    The default (free) plan stays free and offered: it is where every artist falls back to.
    """

    fee_percent = forms.DecimalField(
        label="Fee rate (%)",
        required=False,
        min_value=Decimal("0"),
        max_value=PERCENT_MAX,
        max_digits=4,
        decimal_places=2,
        help_text="The platform's fee on each sale, e.g. 10 for 10%. Empty: the marketplace's default rate.",
    )

    class Meta:
        model = Plan
        fields = ["name", "code", "description", "monthly_price", "listing_limit", "featured_credits", "is_active"]
        labels = {"monthly_price": "Monthly price", "is_active": "Offered to artists"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = ["name", "code", "description", "monthly_price", "fee_percent", "listing_limit", "featured_credits"]
        self.order_fields([*order, "is_active"])
        if self.instance.pk:
            # Stripe's plans and the API name a plan by its code: it stays what it was made as.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Fixed once made: Stripe's plans and the API know the plan by it."
            if self.instance.fee_rate is not None:
                self.initial["fee_percent"] = (self.instance.fee_rate * 100).quantize(Decimal("0.01")).normalize()
            if self.subscriber_count():
                self.fields["monthly_price"].help_text = (
                    f"Fixed: {self.subscriber_count()} artist(s) subscribe at this price. "
                    "For a new price, add a new plan and untick “Offered to artists” here."
                )

    def subscriber_count(self) -> int:
        if not hasattr(self, "_subscribers"):
            self._subscribers = (
                Subscription.objects.filter(plan=self.instance).exclude(status=Subscription.CANCELED).count()
                if self.instance.pk
                else 0
            )
        return self._subscribers

    def clean(self):
        data = super().clean()
        plan, price = self.instance, data.get("monthly_price")
        if plan.pk and price is not None:
            stored = Plan.objects.filter(pk=plan.pk).values_list("monthly_price", flat=True).first()
            if stored is not None and price != stored and self.subscriber_count():
                self.add_error(
                    "monthly_price",
                    f"{self.subscriber_count()} artist(s) pay {stored} a month for this plan and Stripe keeps "
                    "billing them that: add a new plan for the new price instead.",
                )
        if plan.is_default:
            if price:
                self.add_error("monthly_price", "The default plan is free: artists without a subscription are on it.")
            if data.get("is_active") is False:
                self.add_error("is_active", "The default plan is always offered: artists fall back to it.")
        return data

    def save(self, commit=True):
        percent = self.cleaned_data.get("fee_percent")
        self.instance.fee_rate = None if percent is None else (percent / 100).quantize(PERCENT_STEP)
        return super().save(commit=commit)
