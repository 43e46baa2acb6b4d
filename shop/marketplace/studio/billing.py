"""The studio's Plan & billing: the artist's plan, its limits and credits, the plans offered, invoices.

Reads come from the subscription services (`subscriptions.subscription_state`, the same answer the
API gives) and from our mirror of Stripe (`Subscription`, `SubscriptionInvoice`), so the page never
calls Stripe. Every button posts to a thin view that calls the one service: `change_plan` (an
upgrade at once, a downgrade at the period's end) or `cancel_subscription` (at the period's end,
then the free plan). Card numbers never reach us: Stripe.js turns the card into a single-use token
on the page, and the token (or, without a card, a key minted for each rendered form) is the
request's idempotency key, so a double click or a resubmitted form changes the plan once.

The page costs a fixed number of queries however long the invoice history is: invoices are read
one page at a time with their plan joined.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView, View
from oscar.templatetags.currency_filters import currency as money
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.selling import StudioAccessMixin
from shop.payment import gateway
from shop.payment.services import IdempotencyConflict
from shop.payment.views import allows_stripe_js

from .. import subscriptions
from ..emails import grace_days
from ..models import MarketplaceSettings, Plan, Subscription, SubscriptionInvoice
from ..plans import current_plan
from .billing_forms import ChangePlanForm, new_form_key
from .statement import as_percent

logger = logging.getLogger(__name__)

INVOICES_PER_PAGE = 24
UPGRADE, DOWNGRADE, CANCEL, KEEP = "upgrade", "downgrade", "cancel", "keep"


class BillingAccessMixin(StudioAccessMixin):
    """Selling artists only: a plan is an artist's own; admins manage plans instead (Plans)."""

    def has_access(self) -> bool:
        return self.artist is not None


def grace_ends(subscription: Subscription | None):
    """When a past-due subscription falls back to the free plan, as the services will decide it."""
    if subscription is None or subscription.status != Subscription.PAST_DUE or subscription.past_due_since is None:
        return None
    return subscription.past_due_since + timedelta(days=grace_days())


def plan_rows(plans, *, current: Plan, subscription: Subscription | None, default_rate) -> list[dict]:
    """Each offered plan as the comparison table shows it, with the one action it offers the artist."""
    live = subscription is not None and subscription.status != Subscription.CANCELED
    rows = []
    for plan in plans:
        if plan.pk == current.pk:
            # Choosing the plan one is on undoes a pending downgrade or cancellation (change_plan).
            action = KEEP if live and (subscription.cancel_at_period_end or subscription.next_plan_id) else ""
        elif plan.is_default:
            # Back to the free plan is a cancellation (nothing left to bill); once asked for, it is pending.
            action = CANCEL if live and not subscription.cancel_at_period_end else ""
        elif plan.monthly_price >= current.monthly_price:
            action = UPGRADE
        else:
            action = DOWNGRADE if not (live and is_next_plan(plan, subscription)) else ""
        rows.append(
            {
                "plan": plan,
                "is_current": plan.pk == current.pk,
                "is_next": live and is_next_plan(plan, subscription),
                "fee_rate": as_percent(default_rate if plan.fee_rate is None else plan.fee_rate),
                "fee_is_default": plan.fee_rate is None,
                "action": action,
                "needs_card": action == UPGRADE and not plan.is_free and not card_on_file(subscription, current),
                "form_key": new_form_key(),
            }
        )
    return rows


def is_next_plan(plan: Plan, subscription: Subscription) -> bool:
    """The plan a live subscription moves to at the period's end (a cancellation: the default plan)."""
    if subscription.next_plan_id:
        return subscription.next_plan_id == plan.pk
    return plan.is_default and subscription.cancel_at_period_end


def card_on_file(subscription: Subscription | None, current: Plan) -> bool:
    """A live paid subscription is billed to a card Stripe holds; an upgrade from it needs no new card."""
    return bool(
        subscription is not None
        and subscription.status != Subscription.CANCELED
        and subscription.stripe_customer_id
        and not current.is_free
    )


def over_limit_sentence(*, used: int, plan: Plan, when: str = "") -> str:
    """What a plan's listing limit means for an artist already over it (after a downgrade or a lapse)."""
    if plan.listing_limit is None or used <= plan.listing_limit:
        return ""
    start = f"{when}, your" if when else "Your"
    return (
        f"{start} {plan.name} plan allows {plan.listing_limit} artworks on sale and you have {used}. "
        f"{'They' if when else 'Your existing artworks'} stay on sale, but new artworks are refused until you "
        f"have fewer than {plan.listing_limit} (take {used - plan.listing_limit + 1} off sale or sell them), "
        "or move to a bigger plan."
    )


@method_decorator(allows_stripe_js, name="dispatch")
class BillingView(BillingAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "studio/billing/index.html"
    page_title = "Plan & billing"
    header_icon = "credit-card"

    def get_context_data(self, **kwargs):
        artist = self.artist
        state = subscriptions.subscription_state(artist)
        subscription = Subscription.objects.select_related("plan", "next_plan").filter(artist=artist).first()
        current = current_plan(artist)
        default_rate = MarketplaceSettings.load(request_or_site=self.request).default_fee_rate
        plans = list(Plan.objects.offered())
        if current.pk not in {plan.pk for plan in plans}:
            plans.insert(0, current)  # a plan no longer offered still shows for its subscribers
        rows = plan_rows(plans, current=current, subscription=subscription, default_rate=default_rate)
        live = subscription is not None and subscription.status != Subscription.CANCELED
        used = state["listings_used"]
        ends = subscription.current_period_end if live else None
        upcoming = None
        if live and subscription.cancel_at_period_end:
            upcoming = next((plan for plan in plans if plan.is_default), None) or Plan.objects.get(is_default=True)
        elif live and subscription.next_plan_id:
            upcoming = subscription.next_plan
        when = f"From {timezone.localtime(ends):%-d %B %Y}" if ends else "At the end of the period"
        invoices = SubscriptionInvoice.objects.filter(subscription__artist=artist).select_related("plan")
        paginator = WagtailPaginator(invoices.order_by("-created_at", "-pk"), INVOICES_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            artist=artist,
            state=state,
            plan=current,
            subscription=subscription if live else None,
            grace_ends=grace_ends(subscription),
            upcoming=upcoming,
            period_end=ends,
            listings_used=used,
            over_limit=over_limit_sentence(used=used, plan=current),
            upcoming_over_limit=over_limit_sentence(used=used, plan=upcoming, when=when) if upcoming else "",
            credits_left=state["featured_credits_left"],
            plan_rows=rows,
            needs_card=any(row["needs_card"] for row in rows),
            default_rate=as_percent(default_rate),
            currency=settings.OSCAR_DEFAULT_CURRENCY,
            invoices=page.object_list,
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            stripe_js_url=gateway.stripe_js_url(),
            publishable_key=gateway.publishable_key(),
            **kwargs,
        )


class ChangePlanView(BillingAccessMixin, View):
    """One plan button: upgrade now, downgrade at the period's end (subscriptions.change_plan)."""

    def post(self, request):
        back = redirect("studio_billing:index")
        form = ChangePlanForm(request.POST)
        if not form.is_valid():
            errors = " ".join(error for errs in form.errors.values() for error in errs)
            messages.error(request, f"Your plan was not changed: {errors}")
            return back
        plan = form.cleaned_data["plan"]
        before = current_plan(self.artist)
        try:
            subscription = subscriptions.change_plan(
                artist=self.artist,
                plan=plan,
                idempotency_key=form.idempotency_key(),
                card_token=form.cleaned_data["card_token"],
            )
        except subscriptions.PlanRefused as refused:
            messages.error(request, f"Your plan was not changed: {refused}")
        except subscriptions.CardRequired:
            messages.error(request, f"{plan.name} is a paid plan: enter your card, then choose it again.")
        except IdempotencyConflict:
            messages.error(request, "That form was already used for another change: reload the page and try again.")
        except gateway.CardDeclined as declined:
            messages.error(request, f"Your card was declined ({declined}); your plan was not changed.")
        except gateway.GatewayError as error:
            logger.warning("Plan change of %s to %s: Stripe unavailable: %s", self.artist, plan.code, error)
            messages.error(request, "Card payments are unavailable right now; nothing was charged. Try again soon.")
        else:
            messages.success(request, changed_message(subscription, plan=plan, before=before))
        return back


def changed_message(subscription: Subscription | None, *, plan: Plan, before: Plan) -> str:
    if plan.pk == before.pk:
        return f"You keep {plan.name}: nothing changes at the end of this period."
    if subscription is not None and subscription.next_plan_id == plan.pk and subscription.plan_id != plan.pk:
        ends = subscription.current_period_end
        return (
            f"You move to {plan.name} at the end of this period"
            f"{f' ({timezone.localtime(ends):%-d %B %Y})' if ends else ''}; until then you keep {before.name}."
        )
    price = money(plan.monthly_price, plan.currency)
    return f"You are on {plan.name} now" + ("." if plan.is_free else f" ({price} a month).")


class CancelPlanView(BillingAccessMixin, View):
    """Cancel at the period's end, then the free plan (subscriptions.cancel_subscription)."""

    def post(self, request):
        try:
            subscription = subscriptions.cancel_subscription(artist=self.artist)
        except subscriptions.PlanRefused as refused:
            messages.error(request, f"Nothing was cancelled: {refused}")
        except gateway.GatewayError as error:
            logger.warning("Cancelling the plan of %s: Stripe unavailable: %s", self.artist, error)
            messages.error(request, "Stripe is unavailable right now; nothing was cancelled. Try again soon.")
        else:
            ends = subscription.current_period_end
            messages.success(
                request,
                f"Your {subscription.plan.name} plan ends "
                f"{f'on {timezone.localtime(ends):%-d %B %Y}' if ends else 'at the end of this period'}; "
                "then you are on the free plan. Your artworks stay on sale.",
            )
        return redirect("studio_billing:index")
