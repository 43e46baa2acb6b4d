"""The studio's Featuring section: artists feature their artworks, admins grant and end featurings.

Artists (/cms/featuring/): their credits left this month, the fee, their live artworks with a
"Feature" button, and their listings. Featuring one (/cms/featuring/artworks/<id>/) spends a credit
with a plain form, or takes the fee by card with Stripe.js (the card goes to Stripe, never to us;
its single-use token is also the idempotency key, as on the checkout's payment page).
Admins see what is featured now, feature any live artwork editorially, and unfeature with a reason
(optionally refunding a paid fee). Every write is a `shop.marketplace.featuring` service.
"""

import json
import logging
import uuid

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.selling import StudioAccessMixin
from shop.catalogue.discovery.featured import is_featured_map
from shop.payment import gateway
from shop.payment.views import allows_stripe_js

from .. import featuring
from ..featuring_payments import sync_listing, unfeature_and_refund
from ..models import FeaturedListing

Product = get_model("catalogue", "Product")
logger = logging.getLogger(__name__)
RECENT = 30


class FeatureForm(forms.Form):
    days = forms.IntegerField(min_value=featuring.MIN_DAYS, max_value=featuring.MAX_DAYS)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class UnfeatureForm(forms.Form):
    reason = forms.CharField(max_length=200, help_text="Kept with the listing; the artist can read it.")
    refund = forms.BooleanField(required=False, help_text="Give a paid featuring fee back.")


def listing_state(listing: FeaturedListing) -> dict:
    """What the studio's card script needs to show after each step (and, for 3-D Secure, to finish it)."""
    needs_authentication = getattr(listing, "awaiting_authentication", False)
    return {
        "listing": listing.pk,
        "status": listing.status,
        "failure_reason": listing.failure_reason,
        "featured_until": timezone.localtime(listing.ends_at).strftime("%d %b %Y %H:%M") if listing.ends_at else "",
        "state_url": reverse("studio_featuring:state", args=[listing.pk]),
        "index_url": reverse("studio_featuring:index"),
        "requires_action": needs_authentication,
        "client_secret": listing.client_secret if needs_authentication else "",
    }


class FeaturingBase(StudioAccessMixin, WagtailAdminTemplateMixin):
    header_icon = "pick"
    page_title = "Featuring"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("studio_featuring:index"), "label": "Featuring"}]


class FeaturingIndexView(FeaturingBase, TemplateView):
    """Artists: credits, fee and their artworks; admins: everything featured now."""

    template_name = "studio/featuring/index.html"

    def get_context_data(self, **kwargs):
        fee, days = featuring.featuring_terms()
        context = super().get_context_data(
            fee=fee, days=days, currency=self.currency(), is_moderator=self.is_moderator, **kwargs
        )
        now = timezone.now()
        if self.is_moderator:
            running = FeaturedListing.objects.running(now).select_related("artwork", "artist", "requested_by")
            shown = is_featured_map(listing.artwork_id for listing in running)
            context.update(running=running.order_by("ends_at", "pk"), shown=shown, unfeature_form=UnfeatureForm())
            return context
        artworks = list(Product.objects.owned_by(self.artist).order_by("-date_created", "-pk")[:200])
        featured = is_featured_map(artwork.pk for artwork in artworks)
        context.update(
            credits_left=featuring.credits_left(self.artist),
            artworks=[(artwork, artwork.pk in featured) for artwork in artworks],
            listings=FeaturedListing.objects.filter(artist=self.artist).select_related("artwork")[:RECENT],
        )
        return context

    @staticmethod
    def currency():
        return settings.OSCAR_DEFAULT_CURRENCY


def artwork_in_reach(view, pk):
    """Admins reach any artwork; an artist only their own (another's is a 404, like a missing one)."""
    if view.is_moderator:
        return get_object_or_404(Product, pk=pk)
    return get_object_or_404(Product.objects.owned_by(view.artist), pk=pk)


@method_decorator(allows_stripe_js, name="dispatch")
class FeatureArtworkView(FeaturingBase, TemplateView):
    """Feature one artwork: a credit (plain POST), the fee (Stripe.js posts to CardView), or editorially."""

    template_name = "studio/featuring/feature.html"

    def get(self, request, pk):
        self.artwork = artwork_in_reach(self, pk)
        return super().get(request)

    def get_page_subtitle(self):
        return self.artwork.title

    def get_context_data(self, form=None, **kwargs):
        fee, days = featuring.featuring_terms()
        credits = 0 if self.is_moderator else featuring.credits_left(self.artist)
        form = form or FeatureForm(initial={"days": days, "key": uuid.uuid4().hex})
        return super().get_context_data(
            artwork=self.artwork,
            featured=bool(is_featured_map([self.artwork.pk])),
            credits_left=credits,
            fee=fee,
            currency=FeaturingIndexView.currency(),
            editorial=self.is_moderator,
            pays=not self.is_moderator and credits == 0 and fee > 0,
            form=form,
            stripe_js_url=gateway.stripe_js_url(),
            publishable_key=gateway.publishable_key(),
            **kwargs,
        )

    def post(self, request, pk):
        """A credit (or a free fee), or an admin's editorial featuring; cards go through CardView."""
        self.artwork = artwork_in_reach(self, pk)
        form = FeatureForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        days = form.cleaned_data["days"]
        try:
            if self.is_moderator:
                featuring.feature_editorially(artwork=self.artwork, admin=request.user, days=days)
            else:
                if featuring.credits_left(self.artist) == 0 and featuring.featuring_terms()[0] > 0:
                    form.add_error(None, "No credit is left this month: pay the fee with a card below.")
                    return self.render_to_response(self.get_context_data(form=form), status=400)
                key = f"studio-{form.cleaned_data['key'] or uuid.uuid4().hex}"
                featuring.feature_artwork(artwork=self.artwork, user=request.user, idempotency_key=key, days=days)
        except (featuring.FeaturingRefused, featuring.FeaturingInvalid, featuring.IdempotencyConflict) as refused:
            form.add_error(None, str(refused))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, f"“{self.artwork.title}” is featured for {days} day{'s' if days != 1 else ''}.")
        return redirect("studio_featuring:index")


class CardView(StudioAccessMixin, View):
    """Stripe.js posts `{"token": "tok_…", "days": n}`; the single-use token is also the idempotency key."""

    def has_access(self):
        return self.artist is not None

    def post(self, request, pk):
        artwork = get_object_or_404(Product.objects.owned_by(self.artist), pk=pk)
        try:
            body = json.loads(request.body or b"{}")
            token, days = body.get("token", ""), body.get("days")
        except (ValueError, AttributeError):
            token, days = "", None
        if not isinstance(token, str) or not token.startswith("tok_") or len(token) > 200:
            return JsonResponse({"detail": "Send the card token Stripe.js returned."}, status=400)
        try:
            listing = featuring.feature_artwork(
                artwork=artwork, user=request.user, idempotency_key=f"studio-{token}", days=days, card_token=token
            )
        except featuring.FeaturingInvalid as wrong:
            return JsonResponse({"detail": str(wrong)}, status=400)
        except (featuring.FeaturingRefused, featuring.IdempotencyConflict) as refused:
            return JsonResponse({"detail": str(refused)}, status=409)
        except gateway.GatewayError as error:
            logger.warning("Featuring fee for artwork %s: Stripe unavailable: %s", artwork.pk, error)
            return JsonResponse({"detail": "Card payments are unavailable right now; nothing was charged."}, status=503)
        return JsonResponse(listing_state(listing))


class ListingStateView(StudioAccessMixin, View):
    """Polled by the card script; a pending fee is checked with Stripe on the way."""

    def has_access(self):
        return self.artist is not None

    def get(self, request, pk):
        listing = get_object_or_404(FeaturedListing, pk=pk, artist=self.artist)
        if listing.status == FeaturedListing.PENDING_PAYMENT and listing.intent_id:
            try:
                listing = sync_listing(listing)
            except gateway.GatewayError as error:
                logger.warning("Checking featuring %s with Stripe failed: %s", listing.pk, error)
        return JsonResponse(listing_state(listing))


class UnfeatureView(StudioAccessMixin, View):
    """Admins end an artwork's featuring now, with a reason (and, optionally, refund its fee)."""

    def has_access(self):
        return self.is_moderator

    def post(self, request, pk):
        artwork = get_object_or_404(Product, pk=pk)
        form = UnfeatureForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Say why the artwork stops being featured.")
            return redirect("studio_featuring:index")
        try:
            stop = unfeature_and_refund if form.cleaned_data["refund"] else featuring.unfeature
            stop(artwork=artwork, by=request.user, reason=form.cleaned_data["reason"])
        except (featuring.FeaturingRefused, featuring.FeaturingInvalid) as refused:
            messages.error(request, str(refused))
        except gateway.GatewayError:
            messages.error(request, f"“{artwork.title}” stopped being featured, but Stripe could not refund it: retry.")
        else:
            messages.success(request, f"“{artwork.title}” is no longer featured.")
        return redirect("studio_featuring:index")
