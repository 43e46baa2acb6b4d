"""products/{id}/feature/ and artist/featured/: who may feature what, how it is paid, what each refusal says."""

import pytest

from artiqo.testing import api_as
from shop.catalogue.services import hide_artwork
from shop.marketplace.models import FeaturedListing, PlatformRevenue
from shop.marketplace.tests import featuring_setup
from shop.marketplace.tests.featuring_setup import FEE

pytestmark = pytest.mark.django_db
# The shared fixtures, used by name below.
starter_artist = featuring_setup.starter_artist
studio_artist = featuring_setup.studio_artist


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    localstripe.forget_everything()


def post_feature(user, artwork, key="k1", **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api_as(user).post(f"/api/v1/products/{artwork.pk}/feature/", body, format="json", **headers)


def delete_feature(user, artwork, **body):
    return api_as(user).delete(f"/api/v1/products/{artwork.pk}/feature/", body, format="json")


def test_a_credit_then_the_fee(studio_artist):
    theo = studio_artist["artist"].user

    credit = post_feature(theo, studio_artist["grid"], "k1")
    paid = post_feature(theo, studio_artist["canal"], "k2", payment_method="pm_card_visa", days=3)

    assert credit.status_code == 201, credit.content
    assert credit.json()["paid_with"] == "credit" and credit.json()["payment"] is None
    assert credit.json()["featured_until"]
    assert paid.status_code == 201, paid.content
    body = paid.json()
    assert body["paid_with"] == "payment" and body["featured_until"]
    assert body["payment"]["status"] == "completed" and body["payment"]["amount"] == str(FEE)
    summary = api_as(theo).get("/api/v1/artist/featured/").json()
    assert summary["credits_left"] == 0 and summary["fee"] == str(FEE) and len(summary["listings"]) == 2


def test_the_same_key_and_body_gives_the_same_answer_and_another_body_a_409(starter_artist, localstripe):
    maya, harbour = starter_artist["artist"].user, starter_artist["harbour"]
    first = post_feature(maya, harbour, "k1", payment_method="pm_card_visa")
    again = post_feature(maya, harbour, "k1", payment_method="pm_card_visa")
    other = post_feature(maya, harbour, "k1", payment_method="pm_card_visa", days=2)

    assert (first.status_code, again.status_code, other.status_code) == (201, 201, 409)
    assert first.json() == again.json()
    assert FeaturedListing.objects.count() == 1 and PlatformRevenue.objects.count() == 1
    assert len(localstripe.get("/v1/payment_intents", limit=100)["data"]) == 1


def test_a_declined_card_is_a_402_with_the_reason(starter_artist):
    maya, harbour = starter_artist["artist"].user, starter_artist["harbour"]
    declined = post_feature(maya, harbour, "k1", payment_method="pm_card_chargeCustomerFail")
    again = post_feature(maya, harbour, "k1", payment_method="pm_card_chargeCustomerFail")

    assert declined.status_code == 402, declined.content
    assert declined.json()["detail"] and declined.json()["payment"]["status"] == "failed"
    assert declined.json()["featured_until"] is None
    assert again.status_code == 402 and again.json()["id"] == declined.json()["id"]
    assert PlatformRevenue.objects.count() == 0


def test_without_a_payment_method_the_client_confirms_with_the_secret(starter_artist):
    response = post_feature(starter_artist["artist"].user, starter_artist["harbour"])
    assert response.status_code == 201
    assert response.json()["payment"]["status"] == "pending" and response.json()["payment"]["client_secret"]
    assert response.json()["featured_until"] is None


def test_refusals(studio_artist, starter_artist, buyer):
    theo, grid = studio_artist["artist"].user, studio_artist["grid"]
    hidden = hide_artwork(artwork=studio_artist["mill"], reason="Blurry")

    assert post_feature(None, grid).status_code == 401
    assert post_feature(buyer, grid).status_code == 403
    assert post_feature(theo, grid, key=None).status_code == 400
    assert post_feature(theo, grid, days="a week").status_code == 400
    assert post_feature(theo, grid, days=91).status_code == 400
    assert post_feature(starter_artist["artist"].user, grid).status_code == 404
    assert post_feature(theo, starter_artist["harbour"]).status_code == 404
    assert post_feature(theo, hidden, "k9").status_code == 409
    assert post_feature(theo, grid, "k2").status_code == 201
    already = post_feature(theo, grid, "k3")
    assert already.status_code == 409 and "already featured until" in already.json()["detail"]
    assert post_feature(theo, studio_artist["canal"], "k4", payment_method="pm_nonsense").status_code == 402
    assert FeaturedListing.objects.filter(status="active").count() == 1


def test_admins_feature_editorially_and_unfeature_with_a_reason(starter_artist, studio_artist, admin, buyer):
    harbour, maya = starter_artist["harbour"], starter_artist["artist"].user

    granted = post_feature(admin, harbour, key=None, days=2)
    assert granted.status_code == 201 and granted.json()["paid_with"] == "editorial"
    assert PlatformRevenue.objects.count() == 0

    assert delete_feature(buyer, harbour, reason="Mine").status_code == 403
    assert delete_feature(studio_artist["artist"].user, harbour, reason="Mine").status_code == 404
    assert delete_feature(maya, harbour, refund=True).status_code == 403
    assert delete_feature(admin, harbour).status_code == 400
    ended = delete_feature(admin, harbour, reason="Reported as a copy")
    assert ended.status_code == 200 and ended.json()[0]["status"] == "ended"
    assert delete_feature(admin, harbour, reason="Again").status_code == 409


def test_an_admin_unfeatures_with_a_refund(starter_artist, admin, localstripe):
    maya, harbour = starter_artist["artist"].user, starter_artist["harbour"]
    paid = post_feature(maya, harbour, payment_method="pm_card_visa").json()

    response = delete_feature(admin, harbour, reason="Shown by mistake", refund=True)

    assert response.status_code == 200
    assert response.json()[0]["payment"]["status"] == "refunded"
    assert sorted(PlatformRevenue.objects.values_list("amount", flat=True)) == [-FEE, FEE]
    intent = FeaturedListing.objects.get(pk=paid["id"]).intent_id
    assert len(localstripe.refunds_for(intent)) == 1


def test_the_artist_stops_their_own_featuring(studio_artist):
    theo, grid = studio_artist["artist"].user, studio_artist["grid"]
    post_feature(theo, grid)
    stopped = delete_feature(theo, grid)
    assert stopped.status_code == 200 and stopped.json()[0]["status"] == "ended"
    assert FeaturedListing.objects.get().end_reason.startswith("Stopped by the artist")


def test_removing_a_featured_artwork_over_the_api_is_not_a_500(studio_artist):
    theo, grid = studio_artist["artist"].user, studio_artist["grid"]
    post_feature(theo, grid)
    response = api_as(theo).delete(f"/api/v1/products/{grid.pk}/")
    assert response.status_code == 204, response.status_code
    grid.refresh_from_db()
    assert not grid.is_public and FeaturedListing.objects.filter(artwork=grid).exists()


def test_stripe_unreachable_is_a_503_and_nothing_is_featured(starter_artist, settings):
    maya, harbour = starter_artist["artist"].user, starter_artist["harbour"]
    working, settings.STRIPE_API_BASE = settings.STRIPE_API_BASE, "http://127.0.0.1:9"  # nothing listens there
    down = post_feature(maya, harbour, "k1", payment_method="pm_card_visa")
    assert down.status_code == 503 and "Idempotency-Key" in down.json()["detail"]
    assert PlatformRevenue.objects.count() == 0 and not FeaturedListing.objects.filter(status="active").exists()

    settings.STRIPE_API_BASE = working
    resumed = post_feature(maya, harbour, "k1", payment_method="pm_card_visa")
    assert resumed.status_code == 201 and resumed.json()["payment"]["status"] == "completed"


@pytest.mark.parametrize(
    "body",
    [
        {"days": "seven"},
        {"days": 0},
        {"days": 10**12},
        {"days": [7]},
        {"payment_method": {"id": "pm_card_visa"}},
        {"payment_method": "x" * 300},
        {"days": "7; DROP TABLE catalogue_product"},
    ],
)
def test_garbage_is_a_400_and_features_nothing(starter_artist, body):
    answer = post_feature(starter_artist["artist"].user, starter_artist["harbour"], key="garbage", **body)
    assert answer.status_code == 400, answer.content
    assert not FeaturedListing.objects.exists()


def test_quotes_and_operators_in_a_reason_are_kept_as_words(starter_artist, admin):
    harbour = starter_artist["harbour"]
    post_feature(admin, harbour, key=None, days=2)
    reason = 'It\'s "a copy" -- OR 1=1; <b>*</b> +word'
    ended = delete_feature(admin, harbour, reason=reason)
    assert ended.status_code == 200
    assert FeaturedListing.objects.get().end_reason.startswith(reason)
