"""The studio's Marketplace section, for admins: fees earned, what is owed to each artist, payout batches.

Reads are sums over the ledger (`ledger.platform_fees`, one grouped `ledger.balances_by_artist`);
every write goes through the core services (payouts, terms, ledger), the same ones the API calls.
"""

import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from oscar.templatetags.currency_filters import currency as money
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.models import Artist

from .. import ledger, payouts, terms
from ..fees import rate_of
from ..models import MarketplaceSettings, NegotiatedRate, Payout, PayoutBatch, SettingsChange
from ..plans import default_plan, plan_of
from .access import MarketplaceAccessMixin
from .forms import AdjustmentForm, MarkPayoutForm, NegotiatedRateForm
from .statement import as_percent

PER_PAGE = 25
RECENT_BATCHES = 5
RECENT_CHANGES = 20
NAMED_PAYEES = 10
ZERO = Decimal("0.00")
NO_MONEY = dict.fromkeys(("pending", "available", "in_payout", "paid_out", "fees"), ZERO)
CHANGE_SETTINGS = "marketplace.change_marketplacesettings"


def start_of_month(now=None):
    """Midnight on the 1st of this month in TIME_ZONE (the month admins mean), as an aware moment."""
    return timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


RATE_RELATIONS = ("negotiated_rate", "subscription__plan")  # what rate_shown reads


def negotiated_rate_of(artist) -> NegotiatedRate | None:
    """The artist's negotiated rate, read from `select_related("negotiated_rate")` without a query."""
    try:
        return artist.negotiated_rate
    except NegotiatedRate.DoesNotExist:
        return None


def rate_shown(artist, terms_now: MarketplaceSettings, free_plan) -> str:
    """The rate fees.fee_rate_for applies (negotiated, else the plan's, else default), without a query per artist.

    `artist` comes with select_related("negotiated_rate", "subscription__plan"); `free_plan()` is the
    default plan, read once for the page.
    """
    negotiated = negotiated_rate_of(artist)
    plan = plan_of(artist, free_plan) if negotiated is None else None
    if negotiated is not None:
        source = "negotiated"
    elif plan.fee_rate is not None:
        source = f"{plan.name} plan"
    else:
        source = "default"
    return f"{as_percent(rate_of(negotiated, terms_now, plan))} ({source})"


def batches_with_totals():
    """Payout batches, newest first, each with its total and its payouts counted by status."""
    by_status = {status: Count("payouts", filter=Q(payouts__status=status)) for status, _ in Payout.STATUS_CHOICES}
    return (
        PayoutBatch.objects.select_related("created_by")
        .annotate(total=Coalesce(Sum("payouts__amount"), Value(ZERO)), payout_count=Count("payouts"), **by_status)
        .order_by("-created_at", "-pk")
    )


def field_label(name: str) -> str:
    try:
        return str(MarketplaceSettings._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:  # a field of another subject, e.g. an artist's fee_rate
        return name.replace("_", " ").capitalize()


def value_shown(name: str, value) -> str:
    """Rates read as percentages; anything else as recorded."""
    if name.endswith("fee_rate") and value not in (None, "default"):
        try:
            return as_percent(value)
        except ArithmeticError:
            return str(value)
    return "—" if value is None else str(value)


def change_rows(changes) -> list[dict]:
    return [
        {
            "change": change,
            "fields": [
                (field_label(name), value_shown(name, before), value_shown(name, after))
                for name, (before, after) in change.changes.items()
            ],
        }
        for change in changes
    ]


class MarketplaceScreen(MarketplaceAccessMixin, WagtailAdminTemplateMixin):
    page_title = "Marketplace"
    header_icon = "sliders"
    crumb = ""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse("studio_marketplace:index"), "label": "Marketplace"}]
        return [*items, {"url": "", "label": self.crumb}] if self.crumb else items


class MarketplaceIndexView(MarketplaceScreen, TemplateView):
    template_name = "studio/marketplace/index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Marketplace"}]

    def get_context_data(self, **kwargs):
        currency = settings.OSCAR_DEFAULT_CURRENCY
        terms_now = MarketplaceSettings.load(request_or_site=self.request)
        balances = ledger.balances_by_artist(currency=currency)
        query = self.request.GET.get("q", "").strip()
        if query:  # any artist by name, owed or not: the way to an artist's rate or adjustment
            artists = Artist.objects.filter(display_name__icontains=query).select_related(*RATE_RELATIONS)
            paginator = WagtailPaginator(artists.order_by("display_name", "pk"), PER_PAGE)
            page = paginator.get_page(self.request.GET.get("p"))
            page_artists = list(page.object_list)
        else:  # who is owed most first
            owed_first = sorted(balances, key=lambda pk: (-balances[pk]["available"], -balances[pk]["pending"], pk))
            paginator = WagtailPaginator(owed_first, PER_PAGE)
            page = paginator.get_page(self.request.GET.get("p"))
            by_pk = Artist.objects.select_related(*RATE_RELATIONS).in_bulk(list(page.object_list))
            page_artists = [by_pk[pk] for pk in page.object_list if pk in by_pk]
        payees = payouts.payable_now(terms=terms_now, balances=balances)
        free_plan = functools.cache(default_plan)
        can_change_settings = self.request.user.has_perm(CHANGE_SETTINGS)
        return super().get_context_data(
            currency=currency,
            terms=terms_now,
            default_rate=as_percent(terms_now.default_fee_rate),
            fees_all_time=ledger.platform_fees(currency=currency),
            fees_this_month=ledger.platform_fees(currency=currency, since=start_of_month()),
            month=start_of_month(),
            owed_rows=[
                {
                    "artist": artist,
                    "rate": rate_shown(artist, terms_now, free_plan),
                    **balances.get(artist.pk, NO_MONEY),
                }
                for artist in page_artists
            ],
            totals={name: sum((row[name] for row in balances.values()), ZERO) for name in NO_MONEY},
            query=query,
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            payees=payees[:NAMED_PAYEES],
            payees_more=max(len(payees) - NAMED_PAYEES, 0),
            payee_count=len(payees),
            payee_total=sum((amount for _, amount in payees), ZERO),
            batches=list(batches_with_totals()[:RECENT_BATCHES]),
            settings_url=(
                reverse("wagtailsettings:edit", args=["marketplace", "marketplacesettings", terms_now.pk])
                if can_change_settings
                else ""
            ),
            changes=change_rows(SettingsChange.objects.select_related("changed_by")[:RECENT_CHANGES]),
            **kwargs,
        )


class RunPayoutBatchView(MarketplaceAccessMixin, View):
    """Pay every artist owed at least the minimum (payouts.run_payout_batch), then show the batch."""

    def post(self, request):
        batch = payouts.run_payout_batch(user=request.user)
        if batch is None:
            minimum = MarketplaceSettings.load(request_or_site=request).minimum_payout
            messages.warning(
                request,
                f"Nobody is owed the minimum payout ({money(minimum, settings.OSCAR_DEFAULT_CURRENCY)}) yet: "
                "no batch was made.",
            )
            return redirect("studio_marketplace:index")
        summary = batches_with_totals().get(pk=batch.pk)
        messages.success(
            request,
            f"Payout batch {batch.pk}: {summary.payout_count} artist(s), "
            f"{money(summary.total, batch.currency)} in all. "
            "Download its CSV for the bank, then mark each payout paid or failed.",
        )
        return redirect("studio_marketplace:batch", batch.pk)


class BatchListView(MarketplaceScreen, TemplateView):
    template_name = "studio/marketplace/batches.html"
    crumb = "Payout batches"

    def get_context_data(self, **kwargs):
        paginator = WagtailPaginator(batches_with_totals(), PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            batches=page.object_list,
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            **kwargs,
        )


class BatchDetailView(MarketplaceScreen, TemplateView):
    template_name = "studio/marketplace/batch.html"

    def get(self, request, pk):
        self.batch = get_object_or_404(batches_with_totals(), pk=pk)
        self.crumb = f"Payout batch {self.batch.pk}"
        return super().get(request)

    def get_context_data(self, **kwargs):
        paginator = WagtailPaginator(
            self.batch.payouts.select_related("artist").order_by("artist__display_name", "pk"), PER_PAGE * 2
        )
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            batch=self.batch,
            payouts=page.object_list,
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            **kwargs,
        )


class BatchCsvView(MarketplaceAccessMixin, View):
    """The bank's file for a batch (payouts.batch_csv), as a download."""

    def get(self, request, pk):
        batch = get_object_or_404(PayoutBatch, pk=pk)
        response = HttpResponse(payouts.batch_csv(batch), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="artiqo-payout-batch-{batch.pk}.csv"'
        return response


class MarkPayoutView(MarketplaceAccessMixin, View):
    """Record the bank's answer for one payout of a batch (payouts.mark_payout)."""

    def post(self, request, batch_pk, pk):
        payout = get_object_or_404(Payout.objects.select_related("artist"), batch_id=batch_pk, pk=pk)
        back = redirect("studio_marketplace:batch", batch_pk)
        form = MarkPayoutForm(request.POST)
        if not form.is_valid():
            errors = "; ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())
            messages.error(request, f"{payout.statement_reference} was not changed: {errors}")
            return back
        data = form.cleaned_data
        try:
            payout = payouts.mark_payout(
                payout=payout,
                status=data["status"],
                user=request.user,
                reference=data["reference"],
                reason=data["reason"],
            )
        except payouts.IllegalPayoutChange as refused:
            messages.error(request, f"{payout.statement_reference} to {payout.artist}: {refused}")
            return back
        if payout.status == Payout.PAID:
            messages.success(request, f"{payout.statement_reference} to {payout.artist} is paid.")
        else:
            messages.warning(
                request,
                f"{payout.statement_reference} to {payout.artist} failed: {money(payout.amount, payout.currency)} "
                "is back in their available balance.",
            )
        return back


class ArtistFormView(MarketplaceScreen, FormView):
    """A form about one artist; a refusal re-renders it with a 400 and the reason."""

    template_name = "studio/marketplace/artist_form.html"

    # Looked up in get/post, after the access check: a buyer learns nothing about which artists exist.
    def get(self, request, artist_id):
        self.shown_artist = get_object_or_404(Artist, pk=artist_id)
        return super().get(request)

    def post(self, request, artist_id):
        self.shown_artist = get_object_or_404(Artist, pk=artist_id)
        return super().post(request)

    def get_page_subtitle(self):
        return self.shown_artist.display_name

    def earnings_url(self):
        return reverse("studio_earnings:artist", args=[self.shown_artist.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(artist=self.shown_artist, earnings_url=self.earnings_url(), **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NegotiatedRateView(ArtistFormView):
    """Set or clear an artist's own fee rate (terms.set_negotiated_rate, which records the change)."""

    form_class = NegotiatedRateForm
    crumb = "Fee rate"

    def get_initial(self):
        current = NegotiatedRate.objects.filter(artist=self.shown_artist).first()
        if current is None:
            return {}
        return {"percent": (current.fee_rate * 100).quantize(Decimal("0.01")), "note": current.note}

    def get_context_data(self, **kwargs):
        default_rate = MarketplaceSettings.load(request_or_site=self.request).default_fee_rate
        return super().get_context_data(
            heading=f"Fee rate of {self.shown_artist.display_name}",
            lead=f"The default rate is {as_percent(default_rate)}. A negotiated rate applies to orders paid "
            "from now on; sales already booked keep the fee fixed when they were paid.",
            submit_label="Save the rate",
            offers_default=True,
            **kwargs,
        )

    def form_valid(self, form):
        fee_rate = None if "use_default" in self.request.POST else form.fee_rate()
        try:
            terms.set_negotiated_rate(
                artist=self.shown_artist, fee_rate=fee_rate, user=self.request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages)
            return self.form_invalid(form)
        said = "the default rate" if fee_rate is None else f"a negotiated rate of {as_percent(fee_rate)}"
        messages.success(self.request, f"{self.shown_artist} is on {said}.")
        return redirect(self.earnings_url())


class AdjustmentView(ArtistFormView):
    """Credit or debit an artist's available balance, with a reason (ledger.adjust)."""

    form_class = AdjustmentForm
    crumb = "Adjustment"

    def get_context_data(self, **kwargs):
        available = ledger.balances_of(self.shown_artist)["available"]
        return super().get_context_data(
            heading=f"Adjust the balance of {self.shown_artist.display_name}",
            lead=f"Available now: {money(available, settings.OSCAR_DEFAULT_CURRENCY)}. "
            "A debit cannot take it below zero. The adjustment is a ledger entry of its own, "
            "with your name and the reason.",
            submit_label="Book the adjustment",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            entry = ledger.adjust(artist=self.shown_artist, user=self.request.user, **form.cleaned_data)
        except ledger.AdjustmentRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        messages.success(
            self.request, f"Adjustment of {money(entry.amount, entry.currency)} booked for {self.shown_artist}."
        )
        return redirect(self.earnings_url())
