"""The studio's Earnings section: an artist's balances, statement and payouts, and its CSV.

Every figure is read from the ledger (`ledger.balances_of` for the balances), so the page, the
API and a payout batch can never disagree. One page of the statement costs a fixed number of
queries: its entries with their order, line and payout joined, and their fees in one more.
"""

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.selling import StudioAccessMixin

from .. import ledger
from ..fees import fee_rate_for
from ..models import MarketplaceSettings, NegotiatedRate, Payout
from .access import earnings_artist_or_404
from .statement import as_percent, entries_for_page, statement_csv_lines, statement_rows

PER_PAGE = 50
RECENT_PAYOUTS = 10


class EarningsView(StudioAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """An artist's own money (admins: any artist's); /cms/earnings/ is the caller's own."""

    template_name = "studio/earnings/index.html"
    page_title = "Earnings"
    header_icon = "decimal"

    def get(self, request, artist_id=None):
        if artist_id is None:
            if self.is_moderator:
                return redirect("studio_marketplace:index")  # admins have no earnings: they see everyone's
            self.shown_artist = self.artist
        else:
            self.shown_artist = earnings_artist_or_404(
                own_artist=self.artist, is_moderator=self.is_moderator, artist_id=artist_id
            )
        return super().get(request)

    def get_page_subtitle(self):
        return "" if self.shown_artist == self.artist else self.shown_artist.display_name

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.is_moderator:
            items.append({"url": reverse("studio_marketplace:index"), "label": "Marketplace"})
        return [*items, {"url": "", "label": self.get_header_title()}]

    def get_context_data(self, **kwargs):
        artist, currency = self.shown_artist, settings.OSCAR_DEFAULT_CURRENCY
        terms = MarketplaceSettings.load(request_or_site=self.request)
        paginator = WagtailPaginator(entries_for_page(artist, currency), PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        negotiated = NegotiatedRate.objects.filter(artist=artist).first()
        return super().get_context_data(
            artist=artist,
            is_own=artist == self.artist,
            is_moderator=self.is_moderator,
            currency=currency,
            balances=ledger.balances_of(artist, currency=currency),
            hold_days=terms.payout_hold_days,
            fee_rate=as_percent(fee_rate_for(artist, terms)),
            negotiated=negotiated,
            rows=statement_rows(page.object_list, now=timezone.now()),
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            payouts=list(Payout.objects.filter(artist=artist).order_by("-created_at", "-pk")[:RECENT_PAYOUTS]),
            **kwargs,
        )


class StatementCsvView(StudioAccessMixin, View):
    """Every ledger entry of the artist as a CSV download, streamed (a long history is not held in memory)."""

    def get(self, request, artist_id):
        artist = earnings_artist_or_404(own_artist=self.artist, is_moderator=self.is_moderator, artist_id=artist_id)
        response = StreamingHttpResponse(statement_csv_lines(artist), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="artiqo-statement-artist-{artist.pk}.csv"'
        return response
