"""The buyer's commissions on the site: the list, one request, accept, pay, decline, the thread, and 404s."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_class

from artiqo.users.tests.factories import UserFactory
from artists.commissions.models import CommissionMessage, CommissionQuote, CommissionRequest
from artists.commissions.services import mark_paid, request_commission, send_quote
from artists.services import update_artist_profile
from artists.tests.factories import make_artist

pytestmark = pytest.mark.django_db

open_basket_for = get_class("basket.services", "open_basket_for")


@pytest.fixture
def maya(site_pages):
    artist = make_artist(username="maya", display_name="Maya Lindqvist")
    return update_artist_profile(artist=artist, open_for_commissions=True)


@pytest.fixture
def ben(db):
    return UserFactory(username="ben")


@pytest.fixture
def eve(db):
    return UserFactory(username="eve")


@pytest.fixture
def commission(maya, ben):
    return request_commission(buyer=ben, artist=maya, brief="Our dog Pip by the harbour, oils")


@pytest.fixture
def quoted(commission, maya):
    send_quote(
        commission=commission,
        artist=maya,
        price=Decimal("450.00"),
        delivery_by=timezone.localdate() + timedelta(days=40),
        deposit="Half up front",
        note="Oils on linen, 40×50",
    )
    mail.outbox.clear()
    return CommissionRequest.objects.get(pk=commission.pk)


def url(commission, action="") -> str:
    return f"/account/commissions/{commission.pk}/{action + '/' if action else ''}"


def cart_of(user) -> list[tuple[str, int]]:
    return [(line.product.title, line.quantity) for line in open_basket_for(user).all_lines()]


def test_my_commissions_lists_newest_first_with_status_and_quote(client, quoted, maya, ben):
    later = request_commission(buyer=ben, artist=maya, brief="The quay at night")
    client.force_login(ben)

    response = client.get("/account/commissions/")

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["commission"] for row in rows] == [later, quoted]
    assert [row["status"] for row in rows] == ["Waiting for Maya Lindqvist's answer", "Quote to answer"]
    html = response.content.decode()
    assert "£450.00" in html and "None yet" in html
    assert f'href="{url(quoted)}"' in html and f'href="{url(later)}"' in html


def test_the_list_reads_the_same_number_of_queries_for_2_or_15_commissions(client, maya, ben):
    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/account/commissions/").status_code == 200
        return len(queries)

    client.force_login(ben)
    artists = [
        maya,
        *(update_artist_profile(artist=make_artist(username=f"a{n}"), open_for_commissions=True) for n in range(3)),
    ]
    for number in range(2):
        send_quote(
            commission=request_commission(buyer=ben, artist=maya, brief=f"Piece {number}"),
            artist=maya,
            price=Decimal("100"),
            delivery_by=timezone.localdate() + timedelta(days=30),
        )
    queries_for_list()  # the first page view of a session reads a few things once (session, basket)
    few = queries_for_list()
    for number in range(13):
        request_commission(buyer=ben, artist=artists[number % 4], brief=f"More {number}")
    many = queries_for_list()

    assert len(client.get("/account/commissions/").context["rows"]) == 15
    assert few == many


def test_the_list_is_paginated(client, maya, ben):
    for number in range(22):
        request_commission(buyer=ben, artist=maya, brief=f"Piece {number}")
    client.force_login(ben)

    first, second = client.get("/account/commissions/"), client.get("/account/commissions/", {"page": 2})

    assert len(first.context["rows"]) == 20 and len(second.context["rows"]) == 2
    assert second.context["rows"][-1]["commission"].brief == "Piece 0"
    assert 'href="?page=2"' in first.content.decode()


def test_the_detail_shows_the_brief_the_quote_and_the_buttons(client, quoted, ben):
    client.force_login(ben)

    response = client.get(url(quoted))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Our dog Pip by the harbour, oils" in html
    assert "£450.00" in html and "Half up front" in html and "Oils on linen" in html
    assert 'id="accept-quote" type="submit">Accept quote</button>' in html
    assert 'id="decline-commission" type="submit">Decline quote</button>' in html
    assert "Pay now" not in html
    assert 'for="id_body">Your message</label>' in html and "Send message</button>" in html
    assert "You sent the request to Maya Lindqvist" in html and "Maya Lindqvist quoted £450.00" in html


def test_accepting_puts_the_artwork_in_the_cart_and_pay_now_leads_to_checkout(
    client, quoted, ben, django_capture_on_commit_callbacks
):
    client.force_login(ben)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(url(quoted, "accept"))

    assert accepted.status_code == 302 and accepted["Location"] == "/shop/basket/"
    quoted.refresh_from_db()
    assert quoted.status == "accepted" and quoted.artwork.stockrecords.get().price == Decimal("450.00")
    assert cart_of(ben) == [(quoted.artwork.title, 1)]
    assert [message.to for message in mail.outbox] == [["maya@example.com"]]
    assert "accepted Maya Lindqvist" in client.get("/shop/basket/").content.decode()

    detail = client.get(url(quoted)).content.decode()
    assert 'id="pay-commission" type="submit">Pay now</button>' in detail and "Accept quote" not in detail
    assert f'href="{quoted.artwork.get_absolute_url()}"' in detail
    open_basket_for(ben).flush()  # the buyer emptied their cart meanwhile: Pay now puts it back

    paying = client.post(url(quoted, "pay"))

    assert paying.status_code == 302 and paying["Location"] == "/shop/checkout/"
    assert cart_of(ben) == [(quoted.artwork.title, 1)]
    checkout = client.get(paying["Location"])
    assert checkout.status_code == 302 and checkout["Location"].startswith("/shop/checkout/")


def test_an_expired_quote_is_refused_with_its_reason(client, quoted, ben):
    CommissionQuote.objects.filter(commission=quoted).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(ben)

    response = client.post(url(quoted, "accept"))

    assert response.status_code == 409
    assert "expired" in response.content.decode()
    quoted.refresh_from_db()
    assert quoted.status == "quoted" and cart_of(ben) == []


def test_the_buyer_declines_the_quote(client, quoted, ben, django_capture_on_commit_callbacks):
    client.force_login(ben)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(quoted, "decline"), {"reason": "Over my budget"}, follow=True)

    quoted.refresh_from_db()
    assert (quoted.status, quoted.closed_reason) == ("declined", "Over my budget")
    assert "You declined Maya Lindqvist&#x27;s quote." in response.content.decode()
    assert "Accept quote" not in response.content.decode() and "Withdraw request" not in response.content.decode()
    assert [message.to for message in mail.outbox] == [["maya@example.com"]]
    assert client.post(url(quoted, "decline")).status_code == 409  # nothing left to decline


def test_the_buyer_withdraws_a_request_not_yet_quoted(client, commission, ben):
    client.force_login(ben)
    assert 'type="submit">Withdraw request</button>' in client.get(url(commission)).content.decode()

    response = client.post(url(commission, "decline"))

    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.status == "declined"


def test_a_message_is_posted_and_emails_the_artist_once(client, commission, ben, django_capture_on_commit_callbacks):
    client.force_login(ben)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(commission, "messages"), {"body": "  Could it be a bit bigger?  "})

    assert response.status_code == 302 and response["Location"] == url(commission) + "#thread"
    message = CommissionMessage.objects.get()
    assert (message.author, message.body) == (ben, "Could it be a bit bigger?")
    assert [sent.to for sent in mail.outbox] == [["maya@example.com"]]
    assert "Could it be a bit bigger?" in client.get(url(commission)).content.decode()


def test_an_empty_message_is_a_field_error(client, commission, ben):
    client.force_login(ben)

    response = client.post(url(commission, "messages"), {"body": "   "})

    assert response.status_code == 400
    assert "Write something first." in response.content.decode()
    assert not CommissionMessage.objects.exists()


def test_a_paid_commission_links_its_order(client, quoted, ben):
    client.force_login(ben)
    client.post(url(quoted, "accept"))
    mark_paid(commission=quoted, order_number="100042")

    html = client.get(url(quoted)).content.decode()

    assert 'href="/shop/accounts/orders/100042/">100042</a>' in html
    assert "Pay now" not in html and "Withdraw request" not in html


@pytest.mark.parametrize("who", ["eve", "maya"])
def test_someone_else_gets_a_404_on_every_url(client, quoted, ben, eve, maya, who):
    client.force_login({"eve": eve, "maya": maya.user}[who])

    listed = client.get("/account/commissions/")
    assert listed.status_code == 200 and listed.context["rows"] == []
    assert client.get(url(quoted)).status_code == 404
    for action in ("accept", "pay", "decline", "messages"):
        assert client.post(url(quoted, action), {"body": "Hi", "reason": "No"}).status_code == 404
    quoted.refresh_from_db()
    assert quoted.status == "quoted" and not quoted.messages.exists()


def test_the_actions_need_post_and_the_csrf_token(quoted, ben):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ben)

    assert client.get(url(quoted, "accept")).status_code == 405
    for action in ("accept", "pay", "decline", "messages"):
        assert client.post(url(quoted, action), {"body": "Hi"}).status_code == 403
    quoted.refresh_from_db()
    assert quoted.status == "quoted"


def test_a_guest_is_sent_to_log_in(client, quoted):
    for address in ("/account/commissions/", url(quoted)):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/shop/accounts/login/?next=")
