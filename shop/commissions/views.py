"""The buyer's commission pages on the site: ask an artist, "My commissions", one request with its quote and thread.

Thin views: every write is one service call (`artists.commissions.services`, `shop.commissions.checkout`).
Only the buyer sees these pages (the artist answers in the studio); anyone else gets a 404 on every URL.
A refusal re-renders the page with its message and the refusal's 4xx status; nothing is half-written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from oscar.templatetags.currency_filters import currency

from artists.commissions.models import CommissionQuote, CommissionRequest
from artists.commissions.services import (
    CommissionRefused,
    check_can_request,
    commissions_of,
    decline_commission,
    post_message,
    request_commission,
)
from artists.models import Artist, ArtistPage

from .checkout import accept_quote, put_in_cart
from .forms import CommissionMessageForm, CommissionRequestForm, DeclineForm, add_service_errors

COMMISSIONS_PER_PAGE = 20
Status = CommissionRequest.Status
SOLD_TO_BUYER = (Status.ACCEPTED, Status.PAID, Status.COMPLETED)


def status_words(commission: CommissionRequest) -> str:
    """Where the request stands, in the words a buyer would use."""
    artist = commission.artist.display_name
    return {
        Status.REQUESTED: f"Waiting for {artist}'s answer",
        Status.QUOTED: "Quote to answer",
        Status.ACCEPTED: "Accepted: waiting for your payment",
        Status.PAID: f"Paid: {artist} is making it",
        Status.COMPLETED: "Completed",
        Status.DECLINED: "Declined",
        Status.EXPIRED: "Expired: the quote was not answered in time",
        Status.CANCELLED: "Cancelled",
    }.get(commission.status, commission.get_status_display())


def buyer_commissions(user):
    """The requests this user sent: the buyer's side of `commissions_of` (artists answer in the studio)."""
    return commissions_of(user).filter(buyer=user)


def _buyer_commission(request, pk: int) -> CommissionRequest:
    return get_object_or_404(buyer_commissions(request.user).select_related("artist"), pk=pk)


def _artist_page_url(artist) -> str:
    page = ArtistPage.objects.live().filter(artist=artist).first()
    return page.url if page else ""


@login_required
def new_commission(request, artist_slug: str):
    """The request form: brief, budget, wished-by date, reference pictures; refused politely when the artist can't."""
    artist = get_object_or_404(Artist, slug=artist_slug)
    context = {"artist": artist, "artist_page_url": _artist_page_url(artist), "refusal": None}
    try:
        check_can_request(artist=artist, buyer=request.user)
    except CommissionRefused as refusal:
        context["refusal"] = refusal.message
        return render(request, "commissions/request_form.html", context, status=refusal.status)

    if request.method != "POST":
        context["form"] = CommissionRequestForm()
        return render(request, "commissions/request_form.html", context)

    form = CommissionRequestForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "commissions/request_form.html", context, status=400)
    try:
        commission = request_commission(
            buyer=request.user,
            artist=artist,
            brief=form.cleaned_data["brief"],
            budget=form.cleaned_data["budget"],
            deadline=form.cleaned_data["deadline"],
            references=[picture.file for picture in form.cleaned_data["references"]],
        )
    except CommissionRefused as refusal:
        if refusal.code == "invalid":
            form.add_error(None, refusal.message)
        else:
            context["refusal"] = refusal.message
        return render(request, "commissions/request_form.html", context, status=refusal.status)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "commissions/request_form.html", context, status=400)
    messages.success(request, f"Sent to {artist.display_name}. You'll get an email when they answer.")
    return redirect("commissions:detail", pk=commission.pk)


@login_required
def commission_list(request):
    """My commissions: newest first, a page at a time, each with its artist, status and current quote."""
    commissions = buyer_commissions(request.user).select_related("artist").prefetch_related("quotes")
    paginator = Paginator(commissions.order_by("-created_at", "-pk"), COMMISSIONS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = [
        {"commission": commission, "status": status_words(commission), "quote": commission.current_quote}
        for commission in page_obj
    ]
    context = {
        "page_title": "My commissions",
        "active_tab": "commissions",
        "rows": rows,
        "paginator": paginator,
        "page_obj": page_obj,
        "page_numbers": paginator.get_elided_page_range(page_obj.number),
    }
    return render(request, "commissions/commission_list.html", context)


@login_required
def commission_detail(request, pk: int):
    return _render_detail(request, _buyer_commission(request, pk))


@login_required
@require_POST
def accept(request, pk: int):
    """Accept the quote: the one-off artwork is made and put in the buyer's cart, ready to check out."""
    commission = _buyer_commission(request, pk)
    try:
        accept_quote(commission=commission, buyer=request.user, request=request)
    except CommissionRequest.DoesNotExist as missing:
        _not_found(missing)
    except (CommissionRefused, ValidationError) as refusal:
        return _refused(request, commission, refusal)
    messages.success(
        request,
        f"You accepted {commission.artist.display_name}'s quote. The artwork is in your cart: check out to pay.",
    )
    return redirect("basket:summary")


@login_required
@require_POST
def pay(request, pk: int):
    """Pay now: the accepted commission's artwork goes (back) in the cart, then on to the checkout."""
    commission = _buyer_commission(request, pk)
    try:
        put_in_cart(commission=commission, buyer=request.user, request=request)
    except CommissionRequest.DoesNotExist as missing:
        _not_found(missing)
    except (CommissionRefused, ValidationError) as refusal:
        return _refused(request, commission, refusal)
    return redirect("checkout:index")


@login_required
@require_POST
def decline(request, pk: int):
    """The buyer declines the quote or withdraws the request, before paying."""
    commission = _buyer_commission(request, pk)
    was_quoted = commission.status == Status.QUOTED
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, commission, decline_form=form, status=400)
    try:
        decline_commission(commission=commission, by_user=request.user, reason=form.cleaned_data["reason"])
    except CommissionRequest.DoesNotExist as missing:
        _not_found(missing)
    except (CommissionRefused, ValidationError) as refusal:
        return _refused(request, commission, refusal)
    artist = commission.artist.display_name
    messages.success(
        request,
        f"You declined {artist}'s quote." if was_quoted else f"Your request is withdrawn. {artist} has been told.",
    )
    return redirect("commissions:detail", pk=commission.pk)


@login_required
@require_POST
def reply(request, pk: int):
    """A message to the artist in the request's thread; they are emailed."""
    commission = _buyer_commission(request, pk)
    form = CommissionMessageForm(request.POST)
    if form.is_valid():
        try:
            post_message(commission=commission, author=request.user, body=form.cleaned_data["body"])
        except CommissionRequest.DoesNotExist as missing:
            _not_found(missing)
        except CommissionRefused as refusal:
            return _refused(request, commission, refusal)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Message sent to {commission.artist.display_name}.")
            return redirect(reverse("commissions:detail", kwargs={"pk": commission.pk}) + "#thread")
    return _render_detail(request, commission, message_form=form, status=400)


def _not_found(missing: Exception):
    """A service saying "not yours" is a 404 here, like every other user's commission."""
    raise Http404("No such commission.") from missing


def _refused(request, commission, refusal):
    """The detail page again, with the refusal's message and status (409 wrong state or expired, 400 bad value)."""
    message = refusal.message if isinstance(refusal, CommissionRefused) else " ".join(refusal.messages)
    messages.error(request, message)
    status = refusal.status if isinstance(refusal, CommissionRefused) else 400
    return _render_detail(request, commission, status=status)


def _render_detail(request, commission, *, message_form=None, decline_form=None, status=200):
    commission = (
        buyer_commissions(request.user)
        .select_related("artist")
        .prefetch_related("quotes", "references", "messages")
        .get(pk=commission.pk)
    )
    quote = commission.current_quote
    now = timezone.now()
    quote_is_open = bool(quote and quote.status == CommissionQuote.Status.OPEN)
    context = {
        "page_title": f"Commission from {commission.artist.display_name}",
        "active_tab": "commissions",
        "commission": commission,
        "status_words": status_words(commission),
        "artist_page_url": _artist_page_url(commission.artist),
        "quote": quote,
        "quote_is_open": quote_is_open,
        "can_accept": commission.status == Status.QUOTED and quote_is_open and quote.expires_at > now,
        "can_pay": commission.status == Status.ACCEPTED,
        "can_decline": commission.status in CommissionRequest.DECLINABLE,
        # The reserved artwork (accepted and after): only its buyer and its artist may open its page.
        "artwork": getattr(commission, "artwork", None) if commission.status in SOLD_TO_BUYER else None,
        "order_url": (
            reverse("customer:order", kwargs={"order_number": commission.order_number})
            if commission.order_number
            else ""
        ),
        "timeline": _timeline(commission),
        "thread": list(commission.messages.all()),
        "message_form": message_form or CommissionMessageForm(),
        "decline_form": decline_form or DeclineForm(),
    }
    return render(request, "commissions/commission_detail.html", context, status=status)


def _timeline(commission) -> list[tuple]:
    """What happened when, oldest first: the request, each quote and its answer, payment, the end."""
    artist = commission.artist.display_name
    events = [(commission.created_at, f"You sent the request to {artist}")]
    for quote in commission.quotes.all():
        events.append((quote.created_at, f"{artist} quoted {currency(quote.price, quote.currency)}"))
    events += [
        (commission.accepted_at, "You accepted the quote"),
        (commission.paid_at, f"Paid (order {commission.order_number})" if commission.order_number else "Paid"),
        (commission.completed_at, f"{artist} completed the artwork"),
        (commission.closed_at, f"{commission.get_status_display()}" + _reason(commission)),
    ]
    return sorted((event for event in events if event[0]), key=lambda event: event[0])


def _reason(commission) -> str:
    return f": {commission.closed_reason}" if commission.closed_reason else ""
