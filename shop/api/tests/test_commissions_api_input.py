"""What clients send to the commission API: garbage is a 400 (or 413) that writes nothing; words stay as written.

Also the artist's commission settings: shown on the public artist, changed on `artists/me/`, filtered on.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from artiqo.testing import api_as
from artists.commissions.models import CommissionQuote, CommissionReference, CommissionRequest
from artists.models import Artist
from shop.catalogue import images
from shop.catalogue.tests.test_images import SCRIPT, jpeg_bytes

from .test_commissions_api import PORTRAIT, ask, make_studio, picture, quoted, requested, url

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture
def studio(marketplace):
    return make_studio(marketplace)


def nothing_written():
    return not CommissionRequest.objects.exists() and not CommissionReference.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"budget": "ten"}, "budget"),
        ({"budget": 1e30}, "budget"),
        ({"budget": "1e30"}, "budget"),
        ({"budget": "NaN"}, "budget"),
        ({"budget": "Infinity"}, "budget"),
        ({"budget": -5}, "budget"),
        ({"budget": "0"}, "budget"),
        ({"budget": "12.345"}, "budget"),
        ({"budget": [300]}, "budget"),
        ({"budget": {"amount": 300}}, "budget"),
        ({"budget": True}, "budget"),
        ({"brief": "x" * 100_000}, "brief"),
        ({"brief": "   "}, "brief"),
        ({"brief": ["a", "list"]}, "brief"),
        ({"brief": {"an": "object"}}, "brief"),
        ({"brief": None}, "brief"),
        ({"deadline": "tomorrow"}, "deadline"),
        ({"deadline": "2001-01-01"}, "deadline"),
        ({"deadline": 20300101}, "deadline"),
        ({"artist": ["maya"]}, "artist"),
        ({"artist": "maya' OR '1'='1"}, "artist"),
        ({"artist": "x" * 500}, "artist"),
        ({"reference": "not-a-file.jpg"}, "reference"),
    ],
)
def test_a_garbage_request_is_a_400_and_writes_nothing(studio, fields, field, django_capture_on_commit_callbacks):
    body = {"artist": studio["maya"].slug, "brief": PORTRAIT, **fields}

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(studio["ben"]).post("/api/v1/commissions/", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert nothing_written()


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_json_budget_that_is_no_number_is_a_400(studio, literal):
    """NaN and the infinities are refused by the JSON parser (strict JSON); 1e400 is an infinite float."""
    body = f'{{"artist": "{studio["maya"].slug}", "brief": "A portrait", "budget": {literal}}}'

    response = api_as(studio["ben"]).post("/api/v1/commissions/", body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert {"budget"} == set(response.json()) or "JSON parse error" in response.json()["detail"]
    assert nothing_written()


def test_a_body_that_is_not_an_object_is_a_400(studio):
    for body in ([1, 2], "brief", 42):
        response = api_as(studio["ben"]).post("/api/v1/commissions/", body, format="json")
        assert response.status_code == 400, response.content
    assert nothing_written()


def test_quotes_and_sql_operators_in_a_brief_are_kept_as_written(studio):
    brief = 'Robert\'); DROP TABLE artists_commissionrequest;-- "quoted" OR 1=1 % _ \\ <b>bold</b> ' + SCRIPT.decode()

    response = ask(studio["ben"], studio["maya"], brief=brief)

    assert response.status_code == 201, response.content
    assert response.json()["brief"] == brief
    assert CommissionRequest.objects.get().brief == brief
    assert Artist.objects.filter(pk=studio["maya"].pk).exists()


@pytest.mark.parametrize(
    "data, name",
    [
        (b"%PDF-1.4 a scanned contract", "portrait.jpg"),
        (b"<html><body>" + SCRIPT + b"</body></html>", "photo.jpg"),
        (b"", "empty.jpg"),
    ],
)
def test_a_reference_that_is_no_picture_is_a_400(studio, data, name):
    response = ask(studio["ben"], studio["maya"], reference=[picture(), picture(name, data)])

    assert response.status_code == 400, response.content
    assert "reference" in response.json()
    assert nothing_written()


def test_four_references_are_one_too_many(studio):
    response = ask(studio["ben"], studio["maya"], reference=[picture(f"ref-{n}.jpg") for n in range(4)])

    assert response.status_code == 400
    assert "reference" in response.json()
    assert nothing_written()


def test_three_references_are_stored_re_encoded(studio):
    response = ask(studio["ben"], studio["maya"], reference=[picture(f"ref-{n}.jpg") for n in range(3)])

    assert response.status_code == 201, response.content
    assert len(response.json()["references"]) == 3
    stored = CommissionReference.objects.order_by("pk")
    assert [reference.width for reference in stored] == [40, 40, 40]
    assert not any("ref-" in reference.image.name for reference in stored)  # a random name, not the client's


def test_a_reference_over_the_size_limit_is_a_413(studio, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 2000)

    response = ask(studio["ben"], studio["maya"], reference=[picture(data=jpeg_bytes((600, 600)) + b"\0" * 2000)])

    assert response.status_code == 413
    assert "at most" in response.json()["detail"]
    assert nothing_written()


def test_the_image_cleaners_size_refusal_is_a_413_too(studio, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 2000)
    monkeypatch.setattr("shop.api.commissions.views.limit_image_uploads", lambda request: None)

    response = ask(studio["ben"], studio["maya"], reference=[picture(data=jpeg_bytes((600, 600)) + b"\0" * 2000)])

    assert response.status_code == 413
    assert nothing_written()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"price": "ten"}, "price"),
        ({"price": 1e30}, "price"),
        ({"price": "NaN"}, "price"),
        ({"price": -5}, "price"),
        ({"price": [1]}, "price"),
        ({"price": {"amount": 1}}, "price"),
        ({"delivery_by": "soon"}, "delivery_by"),
        ({"delivery_by": "2001-01-01"}, "delivery_by"),
        ({"deposit": "x" * 301}, "deposit"),
        ({"note": ["a"]}, "note"),
    ],
)
def test_a_garbage_quote_is_a_400_and_writes_nothing(studio, fields, field):
    commission = requested(studio)
    body = {"price": "350.00", "delivery_by": (timezone.localdate() + timedelta(days=30)).isoformat(), **fields}

    response = api_as(studio["maya"].user).post(url(commission, "quote/"), body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not CommissionQuote.objects.exists()
    assert CommissionRequest.objects.get().status == "requested"


@pytest.mark.parametrize("body", [{"body": ""}, {"body": "x" * 4001}, {"body": ["a"]}, {"body": {"a": 1}}, {}])
def test_a_garbage_message_is_a_400(studio, body):
    commission = requested(studio)

    response = api_as(studio["ben"]).post(url(commission, "messages/"), body, format="json")

    assert response.status_code == 400 and "body" in response.json()
    assert not commission.messages.exists()


def test_a_garbage_decline_reason_is_a_400(studio):
    commission = requested(studio)

    response = api_as(studio["ben"]).post(url(commission, "decline/"), {"reason": {"a": 1}}, format="json")

    assert response.status_code == 400 and "reason" in response.json()
    assert CommissionRequest.objects.get().status == "requested"


# --- the artist's commission settings ----------------------------------------------------------


def test_the_public_artist_says_whether_they_take_commissions(studio):
    maya = api_as().get(f"/api/v1/artists/{studio['maya'].slug}/").json()
    theo = api_as().get(f"/api/v1/artists/{studio['theo'].slug}/").json()

    assert (maya["open_for_commissions"], maya["commission_note"]) == (True, "Portraits from photos, 6–8 weeks")
    assert (theo["open_for_commissions"], theo["commission_note"]) == (False, "")
    assert "max_open_commissions" not in maya


def test_artists_are_filtered_by_whether_they_take_commissions(studio):
    def slugs(query):
        response = api_as().get(f"/api/v1/artists/{query}")
        assert response.status_code == 200
        return [artist["slug"] for artist in response.json()["results"]]

    assert slugs("?open_for_commissions=true") == [studio["maya"].slug]
    assert slugs("?open_for_commissions=false") == [studio["theo"].slug]
    assert slugs("?open_for_commissions=") == [studio["maya"].slug, studio["theo"].slug]
    garbage = api_as().get("/api/v1/artists/?open_for_commissions=perhaps")
    assert garbage.status_code == 400 and "open_for_commissions" in garbage.json()


def test_an_artist_opens_their_studio_to_commissions_on_me(studio):
    theo = api_as(studio["theo"].user)

    response = theo.patch(
        "/api/v1/artists/me/",
        {"open_for_commissions": True, "commission_note": "  Murals, 3 months  ", "max_open_commissions": 2},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["open_for_commissions"], body["commission_note"], body["max_open_commissions"]) == (
        True,
        "Murals, 3 months",
        2,
    )
    studio["theo"].refresh_from_db()
    assert (studio["theo"].open_for_commissions, studio["theo"].max_open_commissions) == (True, 2)
    assert theo.get("/api/v1/artists/me/").json()["max_open_commissions"] == 2
    cleared = theo.patch("/api/v1/artists/me/", {"max_open_commissions": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["max_open_commissions"] is None


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"max_open_commissions": 0}, "max_open_commissions"),
        ({"max_open_commissions": 100}, "max_open_commissions"),
        ({"max_open_commissions": 10**30}, "max_open_commissions"),
        ({"max_open_commissions": "lots"}, "max_open_commissions"),
        ({"max_open_commissions": 2.5}, "max_open_commissions"),
        ({"commission_note": "x" * 301}, "commission_note"),
        ({"commission_note": ["a"]}, "commission_note"),
        ({"open_for_commissions": "perhaps"}, "open_for_commissions"),
        ({"open_for_commissions": [True]}, "open_for_commissions"),
    ],
)
def test_garbage_commission_settings_are_a_400_and_change_nothing(studio, fields, field):
    response = api_as(studio["theo"].user).patch("/api/v1/artists/me/", fields, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    theo = Artist.objects.get(pk=studio["theo"].pk)
    assert (theo.open_for_commissions, theo.commission_note, theo.max_open_commissions) == (False, "", None)


@pytest.mark.parametrize(
    "pictures",
    [
        [picture("finished.jpg", b"%PDF-1.4 not a picture")],
        [picture(f"finished-{n}.jpg") for n in range(7)],
    ],
    ids=["a PDF named .jpg", "seven pictures"],
)
def test_garbage_pictures_of_the_finished_piece_are_a_400(studio, pictures):
    commission = quoted(studio)
    api_as(studio["ben"]).post(url(commission, "accept/"))

    response = api_as(studio["maya"].user).post(url(commission, "complete/"), {"picture": pictures}, format="multipart")

    assert response.status_code == 400, response.content
    assert "picture" in response.json()
    assert not Product.objects.get(commission=commission).images.exists()
    assert CommissionRequest.objects.get(pk=commission.pk).status == "accepted"
