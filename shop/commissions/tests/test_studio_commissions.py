"""Commissions in the studio (/cms/commissions/): the artist's list and request page, admins' read-only view."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from artiqo.users.tests.factories import UserFactory
from artists.commissions.models import CommissionMessage, CommissionQuote, CommissionRequest
from artists.commissions.services import mark_paid, request_commission, send_quote
from artists.services import update_artist_profile
from artists.tests.factories import make_artist
from shop.catalogue.images import clean_artwork_image
from shop.commissions.checkout import accept_quote, artwork_of
from shop.order.fulfilment import change_order_status
from shop.order.tests.factories import make_order

Line = get_model("order", "Line")

pytestmark = pytest.mark.django_db

INDEX = "/cms/commissions/"
Status = CommissionRequest.Status


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def picture(name="picture.png", size=(40, 30), colour="teal") -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", size, colour).save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


def open_studio(artist):
    return update_artist_profile(artist=artist, open_for_commissions=True)


@pytest.fixture
def maya(site_pages):
    return open_studio(make_artist(username="maya", display_name="Maya Lindqvist"))


@pytest.fixture
def theo(site_pages):
    return open_studio(make_artist(username="theo", display_name="Theo Grant"))


@pytest.fixture
def ben(db):
    return UserFactory(username="ben", first_name="Ben", last_name="Carter")


def ask(artist, buyer, brief="A portrait of my dog Biscuit, in oils", **fields):
    return request_commission(buyer=buyer, artist=artist, brief=brief, **fields)


def quote(commission, price="450.00", days=40):
    return send_quote(
        commission=commission,
        artist=commission.artist,
        price=Decimal(price),
        delivery_by=timezone.localdate() + timedelta(days=days),
    )


def paid(commission, order_number="100042"):
    """Quoted, accepted (the reserved artwork in the buyer's cart) and paid, as a paid order would leave it."""
    quote(commission)
    accept_quote(commission=commission, buyer=commission.buyer)
    mark_paid(commission=commission, order_number=order_number)
    commission.refresh_from_db()
    return commission


def detail(commission, action=""):
    url = reverse("studio_commissions:detail", args=[commission.pk])
    return f"{url}{action}/" if action else url


# --- the list --------------------------------------------------------------------------------------


def test_an_artist_sees_the_requests_they_received_awaiting_an_answer_first(maya, theo, ben):
    older_awaiting = ask(maya, ben, brief="Older: the harbour at night")
    quoted = ask(maya, ben, brief="Quoted: a lighthouse")
    quote(quoted)
    newest_awaiting = ask(maya, ben, brief="Newest: my grandmother's garden")
    theirs = ask(theo, ben, brief="Theo's: a city grid")

    response = client_for(maya.user).get(INDEX)

    assert response.status_code == 200
    listed = [row["commission"].pk for row in response.context["rows"]]
    assert listed == [newest_awaiting.pk, older_awaiting.pk, quoted.pk]
    body = response.content.decode()
    assert "2 requests awaiting your answer" in body
    assert "Ben Carter" in body and "Awaiting your answer" in body
    assert theirs.brief not in body and "ben@example.com" not in body
    assert "read-only" not in body


def test_the_list_filters_by_status(maya, ben):
    awaiting = ask(maya, ben, brief="Still waiting")
    quoted = ask(maya, ben, brief="Already quoted")
    quote(quoted)

    response = client_for(maya.user).get(INDEX, {"status": "quoted"})

    assert [row["commission"].pk for row in response.context["rows"]] == [quoted.pk]
    assert awaiting.brief not in response.content.decode()


def test_the_list_costs_the_same_queries_however_many_requests_it_shows(maya, ben):
    studio = client_for(maya.user)

    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            assert studio.get(INDEX).status_code == 200
        return len(captured)

    quote(ask(maya, ben))
    few = queries_for_list()
    for number in range(6):
        commission = ask(maya, UserFactory(), brief=f"Request {number}")
        if number % 2:
            quote(commission)
        CommissionMessage.objects.create(commission=commission, author=commission.buyer, body="Hello")
    many = queries_for_list()

    assert many == few, "no query per request (buyer, artist, quote, messages)"


# --- who may open what ---------------------------------------------------------------------------


def test_an_artist_opens_their_own_request_and_never_another_artists(maya, theo, ben):
    reference = clean_artwork_image(picture("biscuit.png")).file
    wished_by = timezone.localdate() + timedelta(days=60)
    mine = ask(maya, ben, budget=Decimal("500"), deadline=wished_by, references=[reference])
    theirs = ask(theo, ben, brief="A city grid for the hall")

    own = client_for(maya.user).get(detail(mine))
    other = client_for(maya.user).get(detail(theirs))
    other_post = client_for(maya.user).post(detail(theirs, "messages"), {"body": "Mine now?"})

    assert own.status_code == 200
    body = own.content.decode()
    assert "A portrait of my dog Biscuit, in oils" in body
    assert "£500.00" in body and "Reference picture 1" in body
    assert "Send quote" in body and "Decline request" in body and "Send message" in body
    assert other.status_code == 404 and other_post.status_code == 404
    assert not CommissionMessage.objects.filter(commission=theirs).exists()


def test_a_buyer_who_does_not_sell_is_kept_out_of_the_studio(maya, ben):
    commission = ask(maya, ben)

    for url in (INDEX, detail(commission)):
        response = client_for(ben).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/cms/login/")
    client_for(ben).post(detail(commission, "quote"), {"price": "1", "delivery_by": "2099-01-01"})
    assert not CommissionQuote.objects.exists()


def test_an_admin_reads_every_request_but_answers_none(maya, theo, ben, admin_user):
    mine, theirs = ask(maya, ben), ask(theo, ben, brief="A city grid for the hall")
    admin = client_for(admin_user)

    listing = admin.get(INDEX)
    page = admin.get(detail(mine))

    body = listing.content.decode()
    assert listing.status_code == 200 and "read-only" in body
    assert {row["commission"].pk for row in listing.context["rows"]} == {mine.pk, theirs.pk}
    assert "Maya Lindqvist" in body and "Theo Grant" in body and "Ben Carter" in body
    assert page.status_code == 200
    page_body = page.content.decode()
    assert "Read-only" in page_body and mine.brief in page_body
    for form in ("Send quote", "Send message", "Decline request", "Mark completed"):
        assert form not in page_body

    for action, data in (
        ("quote", {"price": "300", "delivery_by": (timezone.localdate() + timedelta(days=9)).isoformat()}),
        ("messages", {"body": "An admin speaking for Maya"}),
        ("decline", {"reason": "No"}),
    ):
        refused = admin.post(detail(mine, action), data)
        assert refused.status_code == 302 and refused["Location"] == "/cms/"
    mine.refresh_from_db()
    assert mine.status == Status.REQUESTED
    assert not mine.quotes.exists() and not mine.messages.exists()


# --- answering -----------------------------------------------------------------------------------


def test_a_new_quote_replaces_the_one_the_buyer_has_not_answered(maya, ben, django_capture_on_commit_callbacks):
    commission = ask(maya, ben)
    studio = client_for(maya.user)
    delivery_by = (timezone.localdate() + timedelta(days=50)).isoformat()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = studio.post(detail(commission, "quote"), {"price": "450", "delivery_by": delivery_by})
    assert first.status_code == 302 and first["Location"] == detail(commission)
    assert "A new quote replaces your quote of £450.00" in studio.get(detail(commission)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second = studio.post(
            detail(commission, "quote"),
            {"price": "520.50", "delivery_by": delivery_by, "deposit": "30% up front", "note": "Larger canvas"},
        )

    assert second.status_code == 302
    commission.refresh_from_db()
    assert commission.status == Status.QUOTED
    quotes = list(commission.quotes.order_by("pk").values_list("price", "status", "deposit"))
    assert quotes == [
        (Decimal("450.00"), CommissionQuote.Status.REPLACED, ""),
        (Decimal("520.50"), CommissionQuote.Status.OPEN, "30% up front"),
    ]
    assert [message.to for message in mail.outbox] == [["ben@example.com"], ["ben@example.com"]]


def test_a_quote_the_services_refuse_shows_the_reason_and_saves_nothing(maya, ben):
    commission = ask(maya, ben)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client_for(maya.user).post(detail(commission, "quote"), {"price": "0", "delivery_by": yesterday})

    assert response.status_code == 400
    errors = response.context["quote_form"].errors
    assert set(errors) == {"price", "delivery_by"}
    assert "The price must be more than 0." in errors["price"]
    commission.refresh_from_db()
    assert commission.status == Status.REQUESTED and not commission.quotes.exists()


def test_the_artist_declines_with_a_reason_and_the_buyer_is_told(maya, ben, django_capture_on_commit_callbacks):
    commission = ask(maya, ben)
    quote(commission)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(maya.user).post(detail(commission, "decline"), {"reason": "Fully booked until spring"})

    assert response.status_code == 302
    commission.refresh_from_db()
    assert (commission.status, commission.closed_reason) == (Status.DECLINED, "Fully booked until spring")
    assert commission.quotes.get().status == CommissionQuote.Status.DECLINED
    assert [message.to for message in mail.outbox] == [["ben@example.com"]]
    page = client_for(maya.user).get(detail(commission)).content.decode()
    assert "Fully booked until spring" in page
    assert "Send quote" not in page and "Decline request" not in page
    again = client_for(maya.user).post(detail(commission, "decline"), {"reason": "Twice"})
    assert again.status_code == 400 and "this one is declined" in again.content.decode()


def test_a_reply_joins_the_thread_and_emails_the_buyer_once(maya, ben, django_capture_on_commit_callbacks):
    commission = ask(maya, ben)
    CommissionMessage.objects.create(commission=commission, author=ben, body="Biscuit is a spaniel.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(maya.user).post(
            detail(commission, "messages"), {"body": "Lovely: can you send one more photo?"}
        )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["ben@example.com"]]
    assert "can you send one more photo" in mail.outbox[0].body
    body = client_for(maya.user).get(detail(commission)).content.decode()
    assert body.index("Biscuit is a spaniel.") < body.index("Lovely: can you send one more photo?")
    assert "Ben Carter (buyer)" in body
    empty = client_for(maya.user).post(detail(commission, "messages"), {"body": "   "})
    assert empty.status_code == 400 and commission.messages.count() == 2


# --- after payment -------------------------------------------------------------------------------


def test_a_paid_commission_is_completed_with_a_picture_and_ships_from_orders(
    maya, ben, django_capture_on_commit_callbacks
):
    commission = ask(maya, ben)
    quote(commission, price="450.00")
    accept_quote(commission=commission, buyer=ben)
    artwork = artwork_of(commission)
    order = make_order(ben, artwork)
    change_order_status(order=order, status="Paid", note="Payment received")
    commission.refresh_from_db()
    assert (commission.status, commission.order_number) == (Status.PAID, order.number)
    studio = client_for(maya.user)
    page = studio.get(detail(commission)).content.decode()
    assert "Upload pictures of the finished piece" in page and "Mark completed" in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = studio.post(detail(commission, "complete"), {"pictures": [picture("finished.png")]})

    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.status == Status.COMPLETED and commission.completed_at is not None
    assert artwork.images.count() == 1
    assert [message.to for message in mail.outbox] == [["ben@example.com"]]
    page = studio.get(detail(commission)).content.decode()
    assert f'href="/cms/orders/#order-{order.number}"' in page and "Mark completed" not in page

    line = Line.objects.get(order=order)
    shipped = studio.post(reverse("studio_orders:ship", args=[line.pk]), {"tracking_code": "RM1"})
    assert shipped.status_code == 302
    line.refresh_from_db()
    assert line.status == "shipped"


def test_completing_needs_one_to_three_real_pictures(maya, ben):
    commission = paid(ask(maya, ben))
    studio = client_for(maya.user)
    not_a_picture = SimpleUploadedFile("notes.png", b"just words", content_type="image/png")

    for files, reason in (
        ([], "Add at least one picture of the finished piece."),
        ([picture(f"p{n}.png") for n in range(4)], "Add at most 3 pictures."),
        ([not_a_picture], "notes.png: That file is not a JPEG, PNG or WebP image."),
    ):
        response = studio.post(detail(commission, "complete"), {"pictures": files})
        assert response.status_code == 400
        assert reason in response.context["complete_form"].errors["pictures"]

    commission.refresh_from_db()
    assert commission.status == Status.PAID and not artwork_of(commission).images.exists()


def test_a_commission_not_yet_paid_cannot_be_completed(maya, ben):
    commission = ask(maya, ben)
    quote(commission)

    response = client_for(maya.user).post(detail(commission, "complete"), {"pictures": [picture()]})

    assert response.status_code == 400
    assert "only a paid one can be completed" in response.content.decode()
    commission.refresh_from_db()
    assert commission.status == Status.QUOTED


# --- the menu and the studio home ------------------------------------------------------------------


def test_the_studio_home_counts_the_requests_awaiting_the_artists_answer(maya, theo, ben, admin_user):
    ask(maya, ben)
    ask(maya, ben, brief="Another one")
    quote(ask(maya, ben, brief="Answered"))
    ask(theo, ben, brief="Theo's")

    home = client_for(maya.user).get("/cms/").content.decode()

    assert "Commission requests awaiting your answer: <strong" in home
    assert 'data-awaiting="2"' in home and f'href="{INDEX}"' in home
    assert "Commissions (2)" in home, "the menu counts them too"
    admin_home = client_for(admin_user).get("/cms/").content.decode()
    assert "Commission requests awaiting your answer" not in admin_home
    assert INDEX in admin_home, "admins have the menu item"
