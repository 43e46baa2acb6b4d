"""The commission state machine: every change to a commission request goes through these functions.

requested → quoted → accepted → paid → completed, or declined / expired / cancelled (models.py).

Two kinds of refusal, so callers map them without guessing:
- a field value that is wrong (an empty brief, a negative price, a date in the past) raises
  `django.core.exceptions.ValidationError({field: [message]})` → a 400 with field errors;
- a rule that refuses the step (the artist is closed or full, the commission is in the wrong status,
  the quote has expired) raises `CommissionRefused` → its `.status` with its `.message` and `.code`.
Someone who is neither the buyer nor the artist gets `CommissionRequest.DoesNotExist` (→ 404).
The "invalid" code of CommissionRefused is never raised here: a bad value is always a ValidationError.

Every transition re-reads the commission under its row lock (`lock`), so a double click, a webhook and
the expiry sweep arriving together take turns; emails are enqueued after commit (emails.py).
"""

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from artists.models import Artist

from . import emails
from .models import CommissionMessage, CommissionQuote, CommissionReference, CommissionRequest
from .signals import commission_declined
from .values import clean_date, clean_money, clean_text, raise_field_errors

logger = logging.getLogger(__name__)

Status = CommissionRequest.Status


class CommissionRefused(Exception):
    """A request the rules refuse, with a message for the person and the HTTP status the API answers."""

    def __init__(self, message: str, *, code: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


# --- reads ------------------------------------------------------------------------------------


def commissions_of(user) -> QuerySet[CommissionRequest]:
    """Requests the user may see: sent by them (buyer) or received by their artist. Everyone else sees none (→ 404)."""
    if user is None or not user.is_authenticated:
        return CommissionRequest.objects.none()
    return CommissionRequest.objects.filter(Q(buyer=user) | Q(artist__user=user))


def awaiting_artist(artist) -> QuerySet[CommissionRequest]:
    """Requests the artist has not answered yet (the studio's "awaiting an answer" count)."""
    return CommissionRequest.objects.filter(artist=artist, status=Status.REQUESTED)


def open_count(artist) -> int:
    """How many of the artist's commissions are still open (they count against `max_open_commissions`)."""
    return CommissionRequest.objects.filter(artist=artist, status__in=CommissionRequest.OPEN).count()


def check_can_request(*, artist, buyer) -> None:
    """Raise CommissionRefused (unavailable/own_studio/closed/at_capacity) when this buyer may not ask this artist."""
    if artist is None or artist.status != Artist.Status.APPROVED:
        raise CommissionRefused("This artist is not taking requests on Artiqo.", code="unavailable", status=400)
    if buyer is not None and buyer.pk == artist.user_id:
        raise CommissionRefused(
            "You cannot send a commission request to your own studio.", code="own_studio", status=400
        )
    if not artist.open_for_commissions:
        raise CommissionRefused(f"{artist.display_name} is not taking commissions at the moment.", code="closed")
    if artist.max_open_commissions is not None:
        count = open_count(artist)
        if count >= artist.max_open_commissions:
            raise CommissionRefused(
                f"{artist.display_name} has {count} open commissions, the most they take at once; try again later.",
                code="at_capacity",
            )


def lock(commission) -> CommissionRequest:
    """Re-read the commission under a row lock (select_for_update) so concurrent steps serialize."""
    return CommissionRequest.objects.select_for_update().get(pk=getattr(commission, "pk", commission))


# --- the buyer asks, both sides talk ----------------------------------------------------------------


@transaction.atomic
def request_commission(
    *,
    buyer,
    artist,
    brief: str,
    budget: Decimal | None = None,
    deadline: date | None = None,
    references: Sequence[File] = (),
) -> CommissionRequest:
    """A buyer asks an artist for a piece; the artist row is locked so the maximum of open ones holds.

    `references` are pictures already cleaned by the shop's image pipeline (`CleanImage.file`).
    Refusals first (CommissionRefused), then field errors on brief, budget, deadline and references together.
    Emails the artist (brief and studio link) and a copy to the buyer.
    """
    # Lock the artist first: two requests at once count the open ones in turn, never both under the maximum.
    artist = Artist.objects.select_for_update().filter(pk=getattr(artist, "pk", None)).first()
    check_can_request(artist=artist, buyer=buyer)
    errors = {}
    brief = clean_text(brief, "brief", errors, what="Describe the piece you would like")
    budget = clean_money(budget, "budget", errors, what="The budget") if budget not in (None, "") else None
    deadline = clean_date(deadline, "deadline", errors, what="The wished-by date", optional=True)
    references = list(references or ())
    if len(references) > settings.COMMISSION_MAX_REFERENCES:
        errors["references"] = [f"Send at most {settings.COMMISSION_MAX_REFERENCES} reference pictures."]
    raise_field_errors(errors)
    commission = CommissionRequest.objects.create(
        artist=artist, buyer=buyer, brief=brief, budget=budget, deadline=deadline, currency=_currency()
    )
    for number, picture in enumerate(references, start=1):
        reference = CommissionReference(commission=commission)
        name = PurePath(getattr(picture, "name", "") or "").name or f"reference-{number}.jpg"
        reference.image.save(name, picture, save=False)
        reference.save()
    emails.notify(commission, "requested", "artist", "buyer")
    return commission


@transaction.atomic
def post_message(*, commission, author, body: str) -> CommissionMessage:
    """Add a message to the thread (any status, for disputes) and email the other side."""
    commission = lock(commission)
    side = _side_of(commission, author)
    errors = {}
    body = clean_text(body, "body", errors, what="Write a message")
    raise_field_errors(errors)
    message = CommissionMessage.objects.create(commission=commission, author=author, body=body)
    CommissionRequest.objects.filter(pk=commission.pk).update(updated_at=timezone.now())
    emails.notify(commission, "message", _other(side), message_id=message.pk)
    return message


# --- the artist quotes, the buyer answers -------------------------------------------------------


@transaction.atomic
def send_quote(
    *, commission, artist, price: Decimal, delivery_by: date, deposit: str = "", note: str = ""
) -> CommissionQuote:
    """The artist offers a price and a date; an unanswered quote is replaced; the buyer is emailed."""
    original = commission
    commission = lock(commission)
    if artist is None or commission.artist_id != artist.pk:
        raise CommissionRequest.DoesNotExist("No such commission.")
    if commission.status not in (Status.REQUESTED, Status.QUOTED):
        raise _wrong_status(commission, "quote")
    errors = {}
    price = clean_money(price, "price", errors, what="The price")
    delivery_by = clean_date(delivery_by, "delivery_by", errors, what="The delivery date")
    deposit = (deposit or "").strip()
    if len(deposit) > CommissionQuote._meta.get_field("deposit").max_length:
        errors["deposit"] = ["Keep the deposit note to 300 characters."]
    note = clean_text(note, "note", errors, what="", optional=True)
    raise_field_errors(errors)
    now = timezone.now()
    commission.quotes.filter(status=CommissionQuote.Status.OPEN).update(
        status=CommissionQuote.Status.REPLACED, answered_at=now
    )
    quote = CommissionQuote.objects.create(
        commission=commission,
        price=price,
        currency=commission.currency,
        delivery_by=delivery_by,
        deposit=deposit,
        note=note,
        created_at=now,
        expires_at=now + timedelta(days=settings.COMMISSION_QUOTE_DAYS),
    )
    _move(original, commission, status=Status.QUOTED)
    emails.notify(commission, "quoted", "buyer", quote_id=quote.pk)
    return quote


@transaction.atomic
def decline_commission(*, commission, by_user, reason: str = "") -> CommissionRequest:
    """Either side walks away before payment; the shop hears `commission_declined` inside the transaction."""
    original = commission
    commission = lock(commission)
    side = _side_of(commission, by_user)
    if commission.status not in CommissionRequest.DECLINABLE:
        raise _wrong_status(commission, "decline")
    errors = {}
    reason = clean_text(reason, "reason", errors, what="", optional=True)
    raise_field_errors(errors)
    now = timezone.now()
    commission.quotes.filter(status=CommissionQuote.Status.OPEN).update(
        status=CommissionQuote.Status.DECLINED, answered_at=now
    )
    _move(original, commission, status=Status.DECLINED, closed_at=now, closed_reason=reason)
    commission_declined.send(sender=CommissionRequest, commission=commission)
    emails.notify(commission, "declined", _other(side))
    return commission


@transaction.atomic
def mark_accepted(*, commission) -> CommissionQuote:
    """The buyer accepted the open quote (the caller holds the row lock); returns the accepted quote."""
    original = commission
    commission = lock(commission)  # already ours in this transaction: a fresh read, no wait
    quote = _open_quote(commission)
    if commission.status != Status.QUOTED or quote is None:
        raise _wrong_status(commission, "accept")
    now = timezone.now()
    if quote.expires_at <= now:
        raise CommissionRefused(
            f"This quote expired on {timezone.localtime(quote.expires_at):%-d %B %Y}; ask the artist for a new one.",
            code="expired",
        )
    quote.status, quote.answered_at = CommissionQuote.Status.ACCEPTED, now
    quote.save(update_fields=["status", "answered_at"])
    _move(original, commission, status=Status.ACCEPTED, accepted_at=now)
    emails.notify(commission, "accepted", "artist", quote_id=quote.pk)
    return quote


# --- payment, the work, the end ------------------------------------------------------------------


@transaction.atomic
def mark_paid(*, commission, order_number: str) -> bool:
    """The order for the commission was paid; idempotent, True only when this call changed it.

    Already paid or completed: False, nothing sent. A commission that is not accepted (declined while
    the payment was on its way) is left as it is and logged: the order's own refund rules handle the money.
    """
    original = commission
    commission = lock(commission)
    if commission.status != Status.ACCEPTED:
        if commission.status not in (Status.PAID, Status.COMPLETED):
            logger.warning(
                "Commission %s was paid by order %s while %s", commission.pk, order_number, commission.status
            )
        return False
    _move(original, commission, status=Status.PAID, paid_at=timezone.now(), order_number=str(order_number))
    emails.notify(commission, "paid", "artist", "buyer")
    return True


@transaction.atomic
def mark_completed(*, commission, artist) -> CommissionRequest:
    """The artist finished the piece; the buyer is told it is on its way."""
    original = commission
    commission = lock(commission)
    if artist is None or commission.artist_id != artist.pk:
        raise CommissionRequest.DoesNotExist("No such commission.")
    if commission.status != Status.PAID:
        raise _wrong_status(commission, "complete")
    _move(original, commission, status=Status.COMPLETED, completed_at=timezone.now())
    emails.notify(commission, "completed", "buyer")
    return commission


CANCELLABLE = (Status.ACCEPTED, Status.PAID, Status.COMPLETED)


@transaction.atomic
def mark_cancelled(*, commission, reason: str) -> bool:
    """A paid order for the commission was cancelled or refunded; idempotent, True only when it changed.

    Only a commission with an order behind it (accepted, paid or completed) becomes cancelled; any
    other status is left alone (False, nothing sent). The artist is told; the buyer hears from the order.
    """
    original = commission
    commission = lock(commission)
    if commission.status not in CANCELLABLE:
        return False
    _move(original, commission, status=Status.CANCELLED, closed_at=timezone.now(), closed_reason=(reason or "").strip())
    emails.notify(commission, "cancelled", "artist")
    return True


def expire_quotes(*, now=None) -> list[int]:
    """Close quoted commissions whose quote ran out, each in its own transaction; returns their ids."""
    now = now or timezone.now()
    due = (
        CommissionRequest.objects.filter(
            status=Status.QUOTED,
            quotes__status=CommissionQuote.Status.OPEN,
            quotes__expires_at__lte=now,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    expired = []
    for pk in list(due):
        with transaction.atomic():
            commission = lock(pk)
            quote = _open_quote(commission)
            # Re-checked under the lock: the buyer may have accepted, or the artist re-quoted, meanwhile.
            if commission.status != Status.QUOTED or quote is None or quote.expires_at > now:
                continue
            quote.status = CommissionQuote.Status.EXPIRED
            quote.save(update_fields=["status"])
            days = settings.COMMISSION_QUOTE_DAYS
            _move(
                commission,
                commission,
                status=Status.EXPIRED,
                closed_at=now,
                closed_reason=f"The quote was not answered within {days} days.",
            )
            emails.notify(commission, "expired", "buyer", "artist", quote_id=quote.pk)
            expired.append(commission.pk)
    return expired


# --- helpers -------------------------------------------------------------------------------------


def _side_of(commission: CommissionRequest, user) -> str:
    """ "buyer" or "artist"; anyone else is told the commission does not exist (→ 404, never 403)."""
    if user is not None and getattr(user, "pk", None) is not None:
        if user.pk == commission.buyer_id:
            return "buyer"
        if Artist.objects.filter(pk=commission.artist_id, user_id=user.pk).exists():
            return "artist"
    raise CommissionRequest.DoesNotExist("No such commission.")


def _other(side: str) -> str:
    return "artist" if side == "buyer" else "buyer"


def _open_quote(commission: CommissionRequest) -> CommissionQuote | None:
    return commission.quotes.filter(status=CommissionQuote.Status.OPEN).order_by("-created_at", "-pk").first()


def _move(original, locked: CommissionRequest, **changes) -> None:
    """Save the changes on the locked row, and show them on the caller's copy too."""
    for name, value in changes.items():
        setattr(locked, name, value)
        if original is not locked and isinstance(original, CommissionRequest):
            setattr(original, name, value)
    locked.save(update_fields=[*changes, "updated_at"])


WRONG_STATUS = {
    "quote": "Only a request still waiting for an answer can be quoted",
    "decline": "Only a commission not yet paid can be declined; a paid one is cancelled through its order",
    "accept": "Only a commission with a quote waiting for an answer can be accepted",
    "complete": "Only a paid commission can be marked completed",
}


def _wrong_status(commission: CommissionRequest, step: str) -> CommissionRefused:
    return CommissionRefused(
        f"{WRONG_STATUS[step]}; this one is {commission.get_status_display().lower()}.", code="state"
    )


def _currency() -> str:
    return settings.OSCAR_DEFAULT_CURRENCY
