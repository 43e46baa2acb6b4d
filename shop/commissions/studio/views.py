"""The Commissions section's pages: the requests an artist received, one request, and its answers.

Every answer (reply, quote, decline, finished) is a POST to its own URL that calls one service
and comes back to the request; a refusal shows the request again with the reason on the form.
Admins read every request (disputes) but answer none: the forms are not drawn and the posts are refused.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.commissions.models import CommissionMessage, CommissionRequest
from artists.commissions.services import (
    CommissionRefused,
    awaiting_artist,
    decline_commission,
    post_message,
    send_quote,
)
from artists.selling import StudioAccessMixin
from shop.commissions.checkout import artwork_of, complete_commission

from .access import can_answer, commissions_for, get_commission_or_404
from .forms import DeclineForm, FinishedPiecesForm, MessageForm, QuoteForm, StatusFilterForm, add_refusal

INDEX_URL = reverse_lazy("studio_commissions:index")
PER_PAGE = 25
Status = CommissionRequest.Status
QUOTABLE = (Status.REQUESTED, Status.QUOTED)


def detail_url(commission) -> str:
    return reverse("studio_commissions:detail", args=[commission.pk])


def person_name(user) -> str:
    """How the studio names a buyer: their name, else their handle (never their email)."""
    return user.get_full_name() or user.username


class CommissionSection(StudioAccessMixin, WagtailAdminTemplateMixin):
    """A page of the section, drawn inside the Wagtail admin, for approved artists and admins."""

    page_title = "Commissions"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": INDEX_URL, "label": "Commissions"}, *self.extra_breadcrumbs()]

    def extra_breadcrumbs(self):
        return []


class CommissionIndexView(CommissionSection, TemplateView):
    """Requests received, those awaiting an answer first, then the newest; admins see everyone's."""

    template_name = "studio/commissions/index.html"

    def get_context_data(self, **kwargs):
        filter_form = StatusFilterForm(self.request.GET)
        commissions = commissions_for(self.request.user).select_related("artist", "buyer").prefetch_related("quotes")
        status = filter_form.chosen_status()
        if status:
            commissions = commissions.filter(status=status)
        if self.is_moderator:
            # Everyone's requests: newest first by primary key, so the page reads an index, not a sort of the table.
            commissions = commissions.order_by("-pk")
        else:
            awaiting_first = Case(
                When(status=Status.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
            commissions = commissions.order_by(awaiting_first, "-created_at", "-pk")
        paginator = WagtailPaginator(commissions, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        page_commissions = list(page.object_list)
        # Counted for this page's requests only, never aggregated over every request.
        message_counts = dict(
            CommissionMessage.objects.filter(commission_id__in=[commission.pk for commission in page_commissions])
            .values_list("commission_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
        rows = [
            {
                "commission": commission,
                "quote": commission.current_quote,
                "buyer_name": person_name(commission.buyer),
                "message_count": message_counts.get(commission.pk, 0),
            }
            for commission in page_commissions
        ]
        return super().get_context_data(
            rows=rows,
            page_obj=page,
            paginator=paginator,
            filter_form=filter_form,
            read_only=self.is_moderator,
            awaiting=awaiting_artist(self.artist).count() if self.artist else None,
            open_for_commissions=bool(self.artist and self.artist.open_for_commissions),
            **kwargs,
        )


class CommissionDetailView(CommissionSection, TemplateView):
    """One request: the brief, its pictures, the thread, the quotes, and the answers still possible."""

    template_name = "studio/commissions/detail.html"

    @cached_property
    def commission(self) -> CommissionRequest:
        return get_commission_or_404(self.request.user, self.kwargs["pk"])

    def get_page_subtitle(self):
        return f"Request #{self.commission.pk}"

    def extra_breadcrumbs(self):
        return [{"url": "", "label": f"Request #{self.commission.pk}"}]

    def get_context_data(self, **kwargs):
        commission = self.commission
        quotes = list(commission.quotes.order_by("-created_at", "-pk"))
        answering = can_answer(self.request.user, commission)
        thread = [
            {"message": message, "author": self.author_label(message.author_id)}
            for message in commission.messages.select_related("author").order_by("created_at", "pk")
        ]
        artwork = artwork_of(commission)
        forms = {
            "message_form": MessageForm(),
            "quote_form": QuoteForm(),
            "decline_form": DeclineForm(),
            "complete_form": FinishedPiecesForm(),
        }
        forms.update(kwargs)
        return super().get_context_data(
            commission=commission,
            buyer_name=person_name(commission.buyer),
            quotes=quotes,
            open_quote=next((quote for quote in quotes if quote.status == "open"), None),
            references=list(commission.references.all()),
            thread=thread,
            artwork=artwork,
            artwork_images=list(artwork.images.all()) if artwork else [],
            read_only=not answering,
            quote_days=settings.COMMISSION_QUOTE_DAYS,
            can_quote=answering and commission.status in QUOTABLE,
            can_decline=answering and commission.status in CommissionRequest.DECLINABLE,
            can_complete=answering and commission.status == Status.PAID,
            order_url=(
                f"{reverse('studio_orders:index')}#order-{commission.order_number}" if commission.order_number else ""
            ),
            **forms,
        )

    def author_label(self, author_id) -> str:
        if author_id == self.request.user.pk:
            return "You"
        if author_id == self.commission.buyer_id:
            return f"{person_name(self.commission.buyer)} (buyer)"
        return self.commission.artist.display_name


class CommissionAnswerView(CommissionDetailView):
    """One answer to a request, by its own artist; shown again with the reason when it is refused."""

    http_method_names = ["post"]
    form_name = ""
    form_class = None
    refused_message = "Nothing was sent."

    def post(self, request, *args, **kwargs):
        commission = self.commission  # 404 for another artist's request
        if not can_answer(request.user, commission):
            raise PermissionDenied  # admins read, they do not answer for the artist
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                success = self.answer(commission, form.cleaned_data)
            except CommissionRequest.DoesNotExist:
                raise Http404 from None
            except CommissionRefused as refusal:
                # The step itself is refused (the status moved on): said above the page, since its form may be gone.
                add_refusal(form, refusal)
                messages.error(request, f"{self.refused_message} {refusal.message}")
                return self.render_to_response(self.get_context_data(**{self.form_name: form}), status=400)
            except ValidationError as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, success)
                return redirect(detail_url(commission))
        messages.error(request, f"{self.refused_message} See the reason below.")
        return self.render_to_response(self.get_context_data(**{self.form_name: form}), status=400)

    def answer(self, commission, data) -> str:
        """Call the service; return what the artist is told."""
        raise NotImplementedError


class MessageView(CommissionAnswerView):
    form_name, form_class = "message_form", MessageForm
    refused_message = "Your message was not sent."

    def answer(self, commission, data):
        post_message(commission=commission, author=self.request.user, body=data["body"])
        return "Your message is sent; the buyer is emailed."


class QuoteView(CommissionAnswerView):
    form_name, form_class = "quote_form", QuoteForm
    refused_message = "Your quote was not sent."

    def answer(self, commission, data):
        quote = send_quote(commission=commission, artist=self.artist, **data)
        return f"Your quote of {quote.price} {quote.currency} is sent; the buyer is emailed."


class DeclineView(CommissionAnswerView):
    form_name, form_class = "decline_form", DeclineForm
    refused_message = "The request was not declined."

    def answer(self, commission, data):
        decline_commission(commission=commission, by_user=self.request.user, reason=data["reason"])
        return "You declined the request; the buyer is emailed."


class CompleteView(CommissionAnswerView):
    form_name, form_class = "complete_form", FinishedPiecesForm
    refused_message = "The commission was not marked completed."

    def answer(self, commission, data):
        complete_commission(commission=commission, artist=self.artist, pictures=data["pictures"])
        return "Marked completed: the buyer is emailed. Ship it from Orders like any other line."
