"""The thread, the quote and its answer, payment, completion and cancellation: each step, its refusals and emails."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from artiqo.users.tests.factories import UserFactory
from artists.commissions import services
from artists.commissions.models import CommissionMessage, CommissionQuote, CommissionRequest
from artists.commissions.services import CommissionRefused
from artists.commissions.signals import commission_declined
from artists.tests.factories import make_artist

from .conftest import in_days, sent

pytestmark = pytest.mark.django_db

Status = CommissionRequest.Status


def status_of(commission) -> str:
    return CommissionRequest.objects.get(pk=commission.pk).status


def fresh_request(artist):
    """Another buyer's request to the same artist, still waiting for an answer."""
    return services.request_commission(buyer=UserFactory(), artist=artist, brief="A second piece")


def quote_statuses(commission) -> list[str]:
    return list(CommissionQuote.objects.filter(commission=commission).order_by("pk").values_list("status", flat=True))


# --- messages --------------------------------------------------------------------------------------


def test_each_message_is_emailed_to_the_other_side_once(requested, maya, ben, run_on_commit):
    run_on_commit(services.post_message, commission=requested, author=ben, body="Rufus is a spaniel.")
    run_on_commit(services.post_message, commission=requested, author=maya.user, body=" Any photos of him? ")

    assert list(CommissionMessage.objects.values_list("author__username", "body")) == [
        ("ben", "Rufus is a spaniel."),
        ("maya", "Any photos of him?"),
    ]
    assert sent() == [
        ("maya@example.com", f"Ben Carter wrote about commission #{requested.pk}"),
        ("ben@example.com", f"Maya Lindqvist wrote about your commission #{requested.pk}"),
    ]
    assert "Rufus is a spaniel." in mail.outbox[0].body and "/cms/commissions/" in mail.outbox[0].body
    assert "Any photos of him?" in mail.outbox[1].body


def test_a_stranger_cannot_post_in_the_thread(requested, stranger, site_pages, run_on_commit):
    other_artist = make_artist(username="theo")
    for outsider in (stranger, other_artist.user, None):
        with pytest.raises(CommissionRequest.DoesNotExist):
            run_on_commit(services.post_message, commission=requested, author=outsider, body="Hello")

    assert not CommissionMessage.objects.exists() and mail.outbox == []


def test_messages_are_allowed_after_the_commission_closed_but_not_empty(requested, ben, run_on_commit):
    services.decline_commission(commission=requested, by_user=ben)
    mail.outbox.clear()

    with pytest.raises(ValidationError) as refused:
        services.post_message(commission=requested, author=ben, body="   ")
    assert set(refused.value.message_dict) == {"body"}
    run_on_commit(services.post_message, commission=requested, author=ben, body="Sorry, maybe next year.")

    assert CommissionMessage.objects.get().body == "Sorry, maybe next year."
    assert [to for to, _ in sent()] == ["maya@example.com"]


# --- quotes -----------------------------------------------------------------------------------------


def test_the_artist_quotes_and_the_buyer_is_emailed(requested, maya, run_on_commit):
    quote = run_on_commit(
        services.send_quote,
        commission=requested,
        artist=maya,
        price="450",
        delivery_by=in_days(40),
        deposit=" A third up front ",
        note="Oil on linen, 40 × 50 cm.",
    )

    assert status_of(requested) == Status.QUOTED and requested.status == Status.QUOTED
    quote.refresh_from_db()
    assert (quote.price, quote.deposit, quote.status) == (Decimal("450.00"), "A third up front", "open")
    assert timedelta(days=13, hours=23) < quote.expires_at - timezone.now() <= timedelta(days=14)
    assert sent() == [("ben@example.com", "Maya Lindqvist quoted 450.00 GBP for your commission")]
    body = mail.outbox[0].body
    assert "450.00 GBP" in body and "Deposit: A third up front" in body and "Oil on linen" in body
    assert quote.expires_at.strftime("%Y") in body and f"/commissions/{requested.pk}/" in body


def test_a_new_quote_replaces_the_unanswered_one(quoted, maya, run_on_commit):
    second = run_on_commit(
        services.send_quote, commission=quoted, artist=maya, price=Decimal("400.00"), delivery_by=in_days(30)
    )

    assert quote_statuses(quoted) == ["replaced", "open"]
    assert quoted.current_quote == second
    assert len(mail.outbox) == 1


def test_only_the_commissions_artist_may_quote_and_only_before_acceptance(accepted):
    requested = fresh_request(accepted.artist)
    theo = make_artist(username="theo")
    for outsider in (theo, None):
        with pytest.raises(CommissionRequest.DoesNotExist):
            services.send_quote(commission=requested, artist=outsider, price="10", delivery_by=in_days(3))

    with pytest.raises(CommissionRefused) as refused:
        services.send_quote(commission=accepted, artist=accepted.artist, price="10", delivery_by=in_days(3))
    assert (refused.value.code, refused.value.status) == ("state", 409)
    assert quote_statuses(accepted) == ["accepted"]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"price": "0"}, {"price"}),
        ({"price": "-1"}, {"price"}),
        ({"price": "NaN"}, {"price"}),
        ({"price": "1e9"}, {"price"}),
        ({"price": None}, {"price"}),
        ({"delivery_by": in_days(-1)}, {"delivery_by"}),
        ({"delivery_by": None}, {"delivery_by"}),
        ({"deposit": "d" * 301}, {"deposit"}),
        ({"note": "n" * 4001}, {"note"}),
    ],
)
def test_a_quote_with_bad_values_is_refused_by_field(requested, maya, fields, errors):
    with pytest.raises(ValidationError) as refused:
        services.send_quote(commission=requested, artist=maya, **{"price": "10", "delivery_by": in_days(5), **fields})

    assert set(refused.value.message_dict) == errors
    assert status_of(requested) == Status.REQUESTED and not CommissionQuote.objects.exists()


# --- accepting --------------------------------------------------------------------------------------


def test_accepting_the_quote_tells_the_artist(quoted, maya, run_on_commit):
    quote = run_on_commit(services.mark_accepted, commission=quoted)

    assert quote.status == "accepted" and quote.answered_at
    stored = CommissionRequest.objects.get(pk=quoted.pk)
    assert stored.status == Status.ACCEPTED and stored.accepted_at
    assert quoted.status == Status.ACCEPTED, "the caller's copy follows"
    assert sent() == [("maya@example.com", f"Ben Carter accepted your quote for commission #{quoted.pk}")]
    assert "450.00 GBP" in mail.outbox[0].body


def test_an_expired_quote_cannot_be_accepted(quoted):
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1), tick=False):
        with pytest.raises(CommissionRefused) as refused:
            services.mark_accepted(commission=quoted)

    assert (refused.value.code, refused.value.status) == ("expired", 409)
    assert status_of(quoted) == Status.QUOTED and quote_statuses(quoted) == ["open"]


def test_only_a_quoted_commission_can_be_accepted(accepted):
    requested = fresh_request(accepted.artist)
    for commission in (requested, accepted):
        with pytest.raises(CommissionRefused) as refused:
            services.mark_accepted(commission=commission)
        assert refused.value.code == "state"
    assert status_of(requested) == Status.REQUESTED and status_of(accepted) == Status.ACCEPTED


# --- declining ----------------------------------------------------------------------------------------


@pytest.fixture
def declined_signals():
    heard = []

    def listener(sender, commission, **kwargs):
        heard.append((commission.pk, CommissionRequest.objects.get(pk=commission.pk).status))

    commission_declined.connect(listener)
    yield heard
    commission_declined.disconnect(listener)


@pytest.mark.parametrize("step", ["requested", "quoted", "accepted"])
@pytest.mark.parametrize("side", ["buyer", "artist"])
def test_either_side_declines_before_payment_and_the_other_is_told(
    request, step, side, run_on_commit, declined_signals
):
    commission = request.getfixturevalue(step)
    by_user = commission.buyer if side == "buyer" else commission.artist.user
    other = "maya@example.com" if side == "buyer" else "ben@example.com"

    run_on_commit(services.decline_commission, commission=commission, by_user=by_user, reason=" Too busy ")

    stored = CommissionRequest.objects.get(pk=commission.pk)
    assert (stored.status, stored.closed_reason) == (Status.DECLINED, "Too busy") and stored.closed_at
    assert declined_signals == [(commission.pk, Status.DECLINED)], "heard inside the transaction, once"
    assert [to for to, _ in sent()] == [other]
    assert "Too busy" in mail.outbox[0].body
    expected_quotes = {"requested": [], "quoted": ["declined"], "accepted": ["accepted"]}[step]
    assert quote_statuses(commission) == expected_quotes


@pytest.mark.parametrize("step", ["paid"])
def test_a_paid_commission_cannot_be_declined(request, step, declined_signals):
    commission = request.getfixturevalue(step)
    for by_user in (commission.buyer, commission.artist.user):
        with pytest.raises(CommissionRefused) as refused:
            services.decline_commission(commission=commission, by_user=by_user)
        assert (refused.value.code, refused.value.status) == ("state", 409)
        assert "paid" in refused.value.message

    assert status_of(commission) == Status.PAID and declined_signals == [] and mail.outbox == []


def test_declining_twice_is_refused_and_a_stranger_gets_does_not_exist(requested, ben, stranger):
    with pytest.raises(CommissionRequest.DoesNotExist):
        services.decline_commission(commission=requested, by_user=stranger)
    services.decline_commission(commission=requested, by_user=ben)
    with pytest.raises(CommissionRefused) as refused:
        services.decline_commission(commission=requested, by_user=ben)
    assert refused.value.code == "state"


# --- paid, completed, cancelled -----------------------------------------------------------------------


def test_payment_marks_it_paid_once_and_emails_both_sides_once(accepted, run_on_commit):
    assert run_on_commit(services.mark_paid, commission=accepted, order_number="100042") is True
    assert run_on_commit(services.mark_paid, commission=accepted, order_number="100042") is False

    stored = CommissionRequest.objects.get(pk=accepted.pk)
    assert (stored.status, stored.order_number) == (Status.PAID, "100042") and stored.paid_at
    assert sent() == [
        ("maya@example.com", f"Commission #{accepted.pk} is paid: start making it"),
        ("ben@example.com", "Payment received: your commission from Maya Lindqvist"),
    ]
    assert "100042" in mail.outbox[1].body and "450.00 GBP" in mail.outbox[1].body


def test_payment_for_a_commission_not_accepted_changes_nothing(quoted, run_on_commit):
    requested = fresh_request(quoted.artist)
    services.decline_commission(commission=requested, by_user=requested.buyer)
    mail.outbox.clear()

    assert run_on_commit(services.mark_paid, commission=requested, order_number="1") is False
    assert run_on_commit(services.mark_paid, commission=quoted, order_number="2") is False

    assert status_of(requested) == Status.DECLINED and status_of(quoted) == Status.QUOTED and mail.outbox == []


def test_the_artist_completes_a_paid_commission_and_the_buyer_is_told(paid, maya, run_on_commit):
    run_on_commit(services.mark_completed, commission=paid, artist=maya)

    stored = CommissionRequest.objects.get(pk=paid.pk)
    assert stored.status == Status.COMPLETED and stored.completed_at
    assert sent() == [("ben@example.com", f"Maya Lindqvist finished your commission #{paid.pk}")]
    assert run_on_commit(services.mark_paid, commission=paid, order_number="100042") is False
    assert len(mail.outbox) == 1


def test_completion_needs_payment_and_the_commissions_own_artist(accepted):
    with pytest.raises(CommissionRefused) as refused:
        services.mark_completed(commission=accepted, artist=accepted.artist)
    assert refused.value.code == "state"
    theo = make_artist(username="theo")
    with pytest.raises(CommissionRequest.DoesNotExist):
        services.mark_completed(commission=accepted, artist=theo)
    assert status_of(accepted) == Status.ACCEPTED


def test_a_cancelled_paid_order_cancels_the_commission_once_and_tells_the_artist(paid, run_on_commit):
    assert run_on_commit(services.mark_cancelled, commission=paid, reason="Refunded") is True
    assert run_on_commit(services.mark_cancelled, commission=paid, reason="Refunded") is False

    stored = CommissionRequest.objects.get(pk=paid.pk)
    assert (stored.status, stored.closed_reason) == (Status.CANCELLED, "Refunded") and stored.closed_at
    assert sent() == [("maya@example.com", f"Commission #{paid.pk} was cancelled")]
    assert services.open_count(paid.artist) == 0


def test_cancelling_a_commission_without_an_order_changes_nothing(quoted, run_on_commit):
    requested = fresh_request(quoted.artist)
    mail.outbox.clear()
    for commission in (requested, quoted):
        assert run_on_commit(services.mark_cancelled, commission=commission, reason="?") is False
    assert status_of(requested) == Status.REQUESTED and status_of(quoted) == Status.QUOTED and mail.outbox == []


def test_a_rolled_back_step_emails_nobody(quoted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.mark_accepted(commission=quoted)
                raise RuntimeError("the cart step failed")

    assert callbacks == [] and mail.outbox == [] and status_of(quoted) == Status.QUOTED
