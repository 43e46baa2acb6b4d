"""Commission emails, one per event and person, sent by a background task enqueued after the commit.

The task takes ids (it is stored as JSON until a worker runs it) and reads the commission as it is
then; a rolled-back step emails nobody. Which email each side gets for each event is one table,
`EMAILS`. The artist's link goes to the studio, the buyer's to "My commissions".
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django_tasks import task

from artiqo.ops.mail import delivery_connection

from .models import CommissionMessage, CommissionQuote, CommissionRequest

logger = logging.getLogger(__name__)

TEMPLATES = "artists/emails/"

# (event, who receives it) → (subject, template). Subjects are formatted with the email's context.
EMAILS = {
    ("requested", "artist"): ("New commission request from {buyer_name}", "commission_requested_artist.txt"),
    ("requested", "buyer"): ("Your commission request to {artist_name} is sent", "commission_requested_buyer.txt"),
    ("message", "artist"): ("{buyer_name} wrote about commission #{id}", "commission_message.txt"),
    ("message", "buyer"): ("{artist_name} wrote about your commission #{id}", "commission_message.txt"),
    ("quoted", "buyer"): ("{artist_name} quoted {price} {currency} for your commission", "commission_quoted_buyer.txt"),
    ("accepted", "artist"): ("{buyer_name} accepted your quote for commission #{id}", "commission_accepted_artist.txt"),
    ("paid", "artist"): ("Commission #{id} is paid: start making it", "commission_paid_artist.txt"),
    ("paid", "buyer"): ("Payment received: your commission from {artist_name}", "commission_paid_buyer.txt"),
    ("declined", "artist"): ("{buyer_name} declined commission #{id}", "commission_declined.txt"),
    ("declined", "buyer"): ("{artist_name} declined your commission request #{id}", "commission_declined.txt"),
    ("expired", "artist"): ("Your quote for commission #{id} expired unanswered", "commission_expired.txt"),
    ("expired", "buyer"): ("The quote from {artist_name} for commission #{id} expired", "commission_expired.txt"),
    ("completed", "buyer"): ("{artist_name} finished your commission #{id}", "commission_completed_buyer.txt"),
    ("cancelled", "artist"): ("Commission #{id} was cancelled", "commission_cancelled_artist.txt"),
}


def notify(commission: CommissionRequest, event: str, *recipients: str, quote_id=None, message_id=None) -> None:
    """After the commit, email each recipient ("artist", "buyer") about the event, once each."""
    for recipient in recipients:
        if (event, recipient) not in EMAILS:
            raise KeyError(f"No commission email for {event!r} to the {recipient}")
        transaction.on_commit(
            lambda recipient=recipient: send_commission_email.enqueue(
                commission.pk, event, recipient, quote_id=quote_id, message_id=message_id
            )
        )


def buyer_name(user) -> str:
    return user.get_full_name() or user.get_username()


def studio_url(commission_id: int) -> str:
    """The commission in the artist's studio (the Wagtail admin, whose URLs are not reversed in a worker)."""
    return f"{settings.SITE_URL}/cms/commissions/{commission_id}/"


def buyer_url(commission_id: int) -> str:
    """The commission in the buyer's account ("My commissions")."""
    try:
        path = reverse("commissions:detail", args=[commission_id])
    except NoReverseMatch:  # the buyer's pages are mounted by the shop; the path is theirs either way
        path = f"/account/commissions/{commission_id}/"
    return f"{settings.SITE_URL}{path}"


@task()
def send_commission_email(
    commission_id: int, event: str, recipient: str, quote_id: int | None = None, message_id: int | None = None
) -> None:
    """Send one commission email to one side: the buyer or the artist."""
    commission = CommissionRequest.objects.select_related("artist__user", "buyer").get(pk=commission_id)
    subject, template = EMAILS[(event, recipient)]
    to_user = commission.artist.user if recipient == "artist" else commission.buyer
    if not to_user.email:
        logger.warning("No email address for the %s of commission %s (%s)", recipient, commission.pk, event)
        return
    quote = CommissionQuote.objects.get(pk=quote_id) if quote_id else commission.current_quote
    context = {
        "commission": commission,
        "artist": commission.artist,
        "artist_name": commission.artist.display_name,
        "buyer": commission.buyer,
        "buyer_name": buyer_name(commission.buyer),
        "recipient": recipient,
        "recipient_name": (
            commission.artist.user.first_name or commission.artist.display_name
            if recipient == "artist"
            else buyer_name(commission.buyer)
        ),
        "quote": quote,
        "message": CommissionMessage.objects.get(pk=message_id) if message_id else None,
        "references_count": commission.references.count(),
        "quote_days": settings.COMMISSION_QUOTE_DAYS,
        "link": studio_url(commission.pk) if recipient == "artist" else buyer_url(commission.pk),
        "site_url": settings.SITE_URL,
    }
    subject = subject.format(
        id=commission.pk,
        buyer_name=context["buyer_name"],
        artist_name=context["artist_name"],
        price=quote.price if quote else "",
        currency=quote.currency if quote else "",
    )
    send_mail(
        subject,
        render_to_string(TEMPLATES + template, context),
        settings.DEFAULT_FROM_EMAIL,
        [to_user.email],
        fail_silently=False,
        connection=delivery_connection(),
    )
