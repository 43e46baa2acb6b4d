"""Commissions over the API (API.md, section Commissions): the whole flow, the reads, the refusals."""

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.commissions.models import CommissionMessage, CommissionQuote, CommissionRequest
from artists.commissions.services import post_message, request_commission, send_quote
from artists.services import suspend_artist, update_artist_profile
from shop.catalogue.tests.test_images import jpeg_bytes, png_bytes
from shop.order.tests.factories import shipping_country

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")

ADDRESS = {
    "first_name": "Ben",
    "last_name": "Carter",
    "line1": "1 Quay St",
    "city": "Bristol",
    "postcode": "BS1 4DJ",
    "country": "GB",
}
PORTRAIT = "A portrait of our dog Biscuit, from the photo attached, in oils, about 40 × 50 cm."


@pytest.fixture
def studio(marketplace):
    return make_studio(marketplace)


def make_studio(marketplace) -> dict:
    """The API tests' marketplace, where Maya takes commissions and Theo does not; Ben and Cleo are buyers."""
    shipping_country()
    maya = update_artist_profile(
        artist=marketplace["maya"], open_for_commissions=True, commission_note="Portraits from photos, 6–8 weeks"
    )
    return {
        **marketplace,
        "maya": maya,
        "ben": UserFactory(username="ben", email="ben@example.com"),
        "cleo": UserFactory(username="cleo", email="cleo@example.com"),
    }


def picture(name="biscuit.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes((40, 30)), content_type=content_type)


def ask(user, artist, **fields):
    body = {"artist": artist.slug, "brief": PORTRAIT, **fields}
    return api_as(user).post("/api/v1/commissions/", body, format="multipart" if "reference" in body else "json")


def requested(studio, buyer="ben", **fields):
    """A request made through the service (quick), as the API would make it."""
    return request_commission(buyer=studio[buyer], artist=studio["maya"], brief=PORTRAIT, **fields)


def quoted(studio, buyer="ben", price="350.00"):
    commission = requested(studio, buyer)
    send_quote(
        commission=commission, artist=studio["maya"], price=price, delivery_by=timezone.localdate() + timedelta(days=40)
    )
    return commission


def url(commission, step=""):
    return f"/api/v1/commissions/{commission if isinstance(commission, int) else commission.pk}/{step}"


# --- the whole flow ----------------------------------------------------------------------------


def test_ben_commissions_a_portrait_from_maya_pays_for_it_and_maya_ships_it(studio, django_capture_on_commit_callbacks):
    maya, ben = studio["maya"], studio["ben"]
    as_ben, as_maya = api_as(ben), api_as(maya.user)

    # Ben asks, with a reference picture; Maya is emailed the brief, Ben a copy.
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(ben, maya, budget="300.00", reference=[picture()])
    assert asked.status_code == 201, asked.content
    commission = asked.json()
    assert commission["status"] == "requested"
    assert commission["artist"] == {"slug": maya.slug, "display_name": "Maya Okafor"}
    assert commission["buyer"] == {"username": "ben"}  # never the email
    assert "ben@example.com" not in asked.content.decode()
    assert (commission["brief"], commission["budget"], commission["quote"], commission["order"]) == (
        PORTRAIT,
        "300.00",
        None,
        None,
    )
    assert len(commission["references"]) == 1 and commission["references"][0].startswith("http://testserver/")
    assert sorted(to for message in mail.outbox for to in message.to) == sorted([maya.user.email, ben.email])
    pk = commission["id"]

    # They talk; Maya sees it among the requests she received.
    assert as_ben.post(url(pk, "messages/"), {"body": "Biscuit is the brown one."}, format="json").status_code == 201
    assert [item["id"] for item in as_maya.get("/api/v1/commissions/?role=artist").json()["results"]] == [pk]
    thread = as_maya.get(url(pk, "messages/")).json()
    assert [(m["author"], m["side"], m["body"]) for m in thread["results"]] == [
        ("ben", "buyer", "Biscuit is the brown one.")
    ]

    # Maya quotes; Ben accepts, and the reserved artwork is in his cart.
    delivery_by = (timezone.localdate() + timedelta(days=45)).isoformat()
    quote = as_maya.post(url(pk, "quote/"), {"price": "350.00", "delivery_by": delivery_by}, format="json")
    assert quote.status_code == 201, quote.content
    assert quote.json()["status"] == "quoted"
    assert (quote.json()["quote"]["price"], quote.json()["quote"]["delivery_by"]) == ("350.00", delivery_by)
    accepted = as_ben.post(url(pk, "accept/"))
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted" and accepted.json()["cart"]["url"].endswith("/api/v1/cart/")
    artwork = Product.objects.get(commission_id=pk)
    assert accepted.json()["artwork"] == artwork.pk
    cart = as_ben.get("/api/v1/cart/").json()
    assert [(line["id"], line["product"]["id"]) for line in cart["lines"]] == [
        (accepted.json()["cart"]["line"], artwork.pk)
    ]
    assert cart["total"] == "350.00"

    # Ben checks out the cart and pays with the test card at localstripe: the commission is paid.
    placed = as_ben.post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")
    assert placed.status_code == 201, placed.content
    number = placed.json()["number"]
    paid = as_ben.post(
        f"/api/v1/orders/{number}/payments/",
        {"payment_method": "pm_card_visa"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert paid.status_code == 201 and paid.json()["status"] == "completed", paid.content
    after_payment = as_ben.get(url(pk)).json()
    assert (after_payment["status"], after_payment["order"]) == ("paid", number)
    assert as_ben.post(url(pk, "decline/"), {"reason": "Changed my mind"}, format="json").status_code == 409

    # The line cannot ship before the piece is made; Maya completes it with a picture, then ships.
    sales = as_maya.get("/api/v1/artist/orders/").json()["results"]
    line = next(line for order in sales for line in order["lines"] if line["product"] == artwork.pk)
    early = as_maya.patch(f"/api/v1/artist/order-lines/{line['id']}/", {"status": "shipped"}, format="json")
    assert early.status_code == 409
    done = as_maya.post(url(pk, "complete/"), {"picture": [picture("finished.png", png_bytes())]}, format="multipart")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed"
    assert artwork.images.count() == 1
    shipped = as_maya.patch(
        f"/api/v1/artist/order-lines/{line['id']}/", {"status": "shipped", "tracking_code": "RM123"}, format="json"
    )
    assert shipped.status_code == 200 and shipped.json()["tracking_code"] == "RM123"
    assert as_ben.get(url(pk)).json()["status"] == "completed"


# --- reads -------------------------------------------------------------------------------------


def test_each_side_lists_their_own_commissions_and_filters_them(studio):
    bens, cleos = requested(studio, "ben"), quoted(studio, "cleo")
    as_ben, as_maya = api_as(studio["ben"]), api_as(studio["maya"].user)

    def ids(client, query=""):
        response = client.get(f"/api/v1/commissions/{query}")
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    assert ids(as_ben) == [bens.pk]
    assert ids(as_maya) == [cleos.pk, bens.pk]  # newest first
    assert ids(as_maya, "?role=artist&status=quoted") == [cleos.pk]
    assert ids(as_maya, "?role=buyer") == []
    assert ids(as_ben, "?role=buyer&status=requested") == [bens.pk]
    assert ids(api_as(studio["theo"].user)) == []


@pytest.mark.parametrize("query", ["?role=admin", "?status=lost", "?status=requested%00", "?role[]=buyer&role=x"])
def test_a_garbage_filter_is_a_400(studio, query):
    requested(studio)

    response = api_as(studio["ben"]).get(f"/api/v1/commissions/{query}")

    assert response.status_code == 400
    assert set(response.json()) <= {"role", "status"}


def test_the_detail_shows_the_quote_and_counts_the_messages(studio):
    commission = quoted(studio)
    post_message(commission=commission, author=studio["ben"], body="Hello")
    post_message(commission=commission, author=studio["maya"].user, body="Hi Ben")

    body = api_as(studio["ben"]).get(url(commission)).json()

    assert body["messages_count"] == 2
    quote = CommissionQuote.objects.get(commission=commission)
    assert body["quote"]["price"] == "350.00" and body["quote"]["status"] == "open"
    assert body["quote"]["expires_at"] == quote.expires_at.isoformat().replace("+00:00", "Z")
    assert set(body) >= {"id", "artist", "buyer", "brief", "budget", "deadline", "status", "quote", "order"}
    assert set(body) >= {"messages_count", "references", "created_at"}


def test_strangers_and_anonymous_callers_do_not_see_a_commission(studio, buyer):
    commission = requested(studio)

    assert api_as(buyer).get(url(commission)).status_code == 404
    assert api_as(studio["theo"].user).get(url(commission)).status_code == 404
    assert api_as(studio["theo"].user).get(url(commission, "messages/")).status_code == 404
    assert api_as().get(url(commission)).status_code == 401
    assert api_as(studio["ben"]).get(url(999_999)).status_code == 404


def test_the_thread_is_paginated_oldest_first(studio):
    commission = requested(studio)
    as_ben = api_as(studio["ben"])
    for number in range(3):
        assert (
            as_ben.post(url(commission, "messages/"), {"body": f"Message {number}"}, format="json").status_code == 201
        )

    first = as_ben.get(url(commission, "messages/?page_size=2")).json()
    second = as_ben.get(first["next"]).json()

    assert first["count"] == 3
    assert [m["body"] for m in first["results"] + second["results"]] == ["Message 0", "Message 1", "Message 2"]


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/commissions/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_list_costs_the_same_queries_for_3_or_20_commissions(studio):
    as_maya = api_as(studio["maya"].user)

    def add(count):
        """Commissions of both kinds: quoted with a message, and requested with a reference picture."""
        for number in range(count):
            if number % 2:
                request_commission(buyer=studio["cleo"], artist=studio["maya"], brief="A", references=[picture_file()])
            else:
                post_message(commission=quoted(studio), author=studio["ben"], body="Hello")

    add(3)
    few = list_queries(as_maya)
    add(17)

    assert list_queries(as_maya) == few
    assert len(as_maya.get("/api/v1/commissions/").json()["results"]) == 20


def picture_file():
    from shop.catalogue.images import clean_artwork_image

    return clean_artwork_image(picture()).file


# --- refusals ----------------------------------------------------------------------------------


def refusal(response, status: int, code: str):
    assert response.status_code == status, response.content
    assert response.json()["code"] == code and response.json()["detail"]


def test_a_closed_studio_is_a_409(studio):
    refusal(ask(studio["ben"], studio["theo"]), 409, "closed")
    assert not CommissionRequest.objects.exists()


def test_a_suspended_artist_is_a_400(studio):
    suspend_artist(artist=studio["maya"])

    refusal(ask(studio["ben"], studio["maya"]), 400, "unavailable")
    assert not CommissionRequest.objects.exists()


def test_an_artist_cannot_commission_their_own_studio(studio):
    refusal(ask(studio["maya"].user, studio["maya"]), 400, "own_studio")
    assert not CommissionRequest.objects.exists()


def test_an_artist_at_capacity_is_a_409(studio):
    update_artist_profile(artist=studio["maya"], max_open_commissions=1)
    requested(studio, "cleo")

    refusal(ask(studio["ben"], studio["maya"], reference=[picture()]), 409, "at_capacity")
    assert CommissionRequest.objects.count() == 1


def test_an_unknown_artist_is_a_400_on_artist(studio):
    response = ask(studio["ben"], SimpleNamespace(slug="nobody-at-all"))

    assert response.status_code == 400 and "artist" in response.json()
    assert not CommissionRequest.objects.exists()


def test_only_the_artist_quotes(studio):
    commission = requested(studio)
    body = {"price": "10.00", "delivery_by": (timezone.localdate() + timedelta(days=5)).isoformat()}

    assert api_as(studio["ben"]).post(url(commission, "quote/"), body, format="json").status_code == 403
    assert api_as(studio["theo"].user).post(url(commission, "quote/"), body, format="json").status_code == 404
    assert not CommissionQuote.objects.exists()


def test_a_new_quote_replaces_the_unanswered_one(studio):
    commission = quoted(studio)
    body = {"price": "420.00", "delivery_by": (timezone.localdate() + timedelta(days=60)).isoformat(), "note": "Oils"}

    response = api_as(studio["maya"].user).post(url(commission, "quote/"), body, format="json")

    assert response.status_code == 201
    assert (response.json()["quote"]["price"], response.json()["quote"]["note"]) == ("420.00", "Oils")
    assert sorted(CommissionQuote.objects.values_list("status", flat=True)) == ["open", "replaced"]


def test_only_the_buyer_accepts_and_only_once(studio):
    commission = quoted(studio)

    assert api_as(studio["maya"].user).post(url(commission, "accept/")).status_code == 403
    assert api_as(studio["ben"]).post(url(commission, "accept/")).status_code == 200
    refusal(api_as(studio["ben"]).post(url(commission, "accept/")), 409, "state")
    assert Product.objects.filter(commission=commission).count() == 1


def test_accepting_before_any_quote_is_a_409(studio):
    commission = requested(studio)

    refusal(api_as(studio["ben"]).post(url(commission, "accept/")), 409, "state")
    assert not Product.objects.filter(commission=commission).exists()


def test_an_expired_quote_cannot_be_accepted(studio):
    commission = quoted(studio)
    CommissionQuote.objects.filter(commission=commission).update(expires_at=timezone.now() - timedelta(minutes=1))

    refusal(api_as(studio["ben"]).post(url(commission, "accept/")), 409, "expired")
    assert not Product.objects.filter(commission=commission).exists()


def test_either_side_declines_before_payment(studio):
    by_buyer, by_artist = quoted(studio, "ben"), requested(studio, "cleo")

    first = api_as(studio["ben"]).post(url(by_buyer, "decline/"), {"reason": "Too dear"}, format="json")
    second = api_as(studio["maya"].user).post(url(by_artist, "decline/"), {}, format="json")

    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.json()["status"], second.json()["status"]) == ("declined", "declined")
    refusal(api_as(studio["ben"]).post(url(by_buyer, "decline/")), 409, "state")


def test_completing_before_payment_is_a_409_and_the_buyer_may_not(studio):
    commission = quoted(studio)
    api_as(studio["ben"]).post(url(commission, "accept/"))

    assert api_as(studio["ben"]).post(url(commission, "complete/")).status_code == 403
    refusal(api_as(studio["maya"].user).post(url(commission, "complete/")), 409, "state")
    assert CommissionRequest.objects.get(pk=commission.pk).status == "accepted"


def test_requests_and_messages_are_throttled(studio, monkeypatch):
    monkeypatch.setattr("shop.api.commissions.views.CommissionWriteThrottle.get_rate", lambda throttle: "2/hour")
    as_cleo = api_as(studio["cleo"])

    statuses = [ask(studio["cleo"], studio["maya"]).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    assert as_cleo.get("/api/v1/commissions/").status_code == 200  # reading is not throttled
    assert CommissionRequest.objects.count() == 2
    assert not CommissionMessage.objects.exists()
