"""The artwork rules hold the same through the studio form and the API, with the same message."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from shop.catalogue import rules
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.test_studio import jpeg_bytes

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
update_artwork = get_class("catalogue.services", "update_artwork")

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def artwork(**overrides) -> dict:
    """One artwork's fields in the API's names; None leaves a field out."""
    data = {
        "title": "Harbour at dusk",
        "description": "Oil on linen.",
        "medium": "Oil on linen",
        "width_cm": "40.0",
        "year": 2024,
        "is_original": True,
        "edition_size": None,
        "price": "350.00",
        "stock": 1,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def as_studio_form(data: dict, category) -> dict:
    form = {key: "" if value is None else value for key, value in data.items()}
    form["is_original"] = "1" if data.get("is_original", True) else "0"
    return {**form, "category": category.pk, "is_public": "on"}


def studio_post(user, data, category):
    client = Client()
    client.force_login(user)
    return client.post(reverse("studio_artworks:create"), as_studio_form(data, category))


def api_post(user, data, category):
    return api_as(user).post("/api/v1/products/", {**data, "category_id": category.pk}, format="json")


PRINT = {"is_original": False, "edition_size": 50, "stock": 2}

REFUSED = [
    pytest.param({"title": "x" * (rules.TITLE_MAX_LENGTH + 1)}, "title", id="title-too-long"),
    pytest.param({"description": "y" * (rules.DESCRIPTION_MAX_LENGTH + 1)}, "description", id="description-too-long"),
    pytest.param({"medium": "m" * (rules.MEDIUM_MAX_LENGTH + 1)}, "medium", id="medium-too-long"),
    pytest.param({"price": "0"}, "price", id="price-zero"),
    pytest.param({"price": "-5.00"}, "price", id="price-negative"),
    pytest.param({"price": "12.345"}, "price", id="price-three-decimals"),
    pytest.param({"price": "10000000000.00"}, "price", id="price-over-the-column"),
    pytest.param({"width_cm": "0.05"}, "width_cm", id="width-too-small"),
    pytest.param({"width_cm": "100000"}, "width_cm", id="width-over-the-column"),
    pytest.param({"width_cm": "12.25"}, "width_cm", id="width-two-decimals"),
    pytest.param({"year": 999}, "year", id="year-too-early"),
    pytest.param({"year": NEXT_YEAR}, "year", id="year-in-the-future"),
    pytest.param({**PRINT, "stock": rules.STOCK_MAX + 1, "edition_size": rules.EDITION_MAX}, "stock", id="stock-over"),
    pytest.param({**PRINT, "stock": -1}, "stock", id="stock-negative"),
    pytest.param({**PRINT, "edition_size": 0}, "edition_size", id="edition-zero"),
    pytest.param({**PRINT, "edition_size": rules.EDITION_MAX + 1}, "edition_size", id="edition-over"),
    pytest.param({"stock": 2}, "stock", id="original-twice"),
    pytest.param({**PRINT, "stock": 51}, "stock", id="more-prints-than-the-edition"),
]


@pytest.mark.parametrize("change, field", REFUSED)
def test_a_limit_is_refused_alike_by_the_studio_and_the_api(maya, category, change, field):
    data = artwork(**change)

    page = studio_post(maya.user, data, category)
    response = api_post(maya.user, data, category)

    assert page.status_code == 200  # the form again, nothing saved
    studio_errors = page.context["form"].errors[field]
    assert response.status_code == 400, response.content
    assert response.json()[field] == studio_errors
    assert not Product.objects.exists()


def test_the_largest_values_the_rules_allow_are_listed_by_both(maya, category):
    data = artwork(
        title="x" * rules.TITLE_MAX_LENGTH,
        description="y" * rules.DESCRIPTION_MAX_LENGTH,
        medium="m" * rules.MEDIUM_MAX_LENGTH,
        price=str(rules.PRICE_MAX),
        width_cm=str(rules.DIMENSION_MAX),
        year=timezone.now().year,
        is_original=False,
        edition_size=rules.EDITION_MAX,
        stock=rules.STOCK_MAX,
    )

    page = studio_post(maya.user, data, category)
    response = api_post(maya.user, data, category)

    assert page.status_code == 302, page.context["form"].errors
    assert response.status_code == 201, response.content
    assert response.json()["price"] == str(rules.PRICE_MAX)
    records = StockRecord.objects.filter(product__artist=maya)
    assert [(r.price, r.num_in_stock) for r in records] == [(rules.PRICE_MAX, rules.STOCK_MAX)] * 2


def test_the_services_refuse_what_the_form_and_serializer_would(maya):
    listed = make_artwork(maya, title="Jug", price="80.00")

    with pytest.raises(ValidationError) as refused:
        make_artwork(maya, title="Bowl", price="12.345")
    with pytest.raises(ValidationError) as edit_refused:
        update_artwork(artwork=listed, title="t" * (rules.TITLE_MAX_LENGTH + 1), year=NEXT_YEAR)

    assert refused.value.message_dict == {"price": ["Use at most 2 decimal places."]}
    assert set(edit_refused.value.message_dict) == {"title", "year"}
    assert Product.objects.get(pk=listed.pk).title == "Jug"


def test_a_picture_past_the_limit_is_refused_by_the_studio_and_the_api(maya, monkeypatch):
    monkeypatch.setattr(rules, "IMAGES_MAX", 2)
    listed = make_artwork(maya, title="Harbour")
    client = Client()
    client.force_login(maya.user)

    def picture(name):
        return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")

    page = client.post(
        reverse("studio_artworks:image_upload", args=[listed.pk]), {"images": [picture("a.jpg"), picture("b.jpg")]}
    )
    over = client.post(reverse("studio_artworks:image_upload", args=[listed.pk]), {"images": [picture("c.jpg")]})
    response = api_as(maya.user).post(
        f"/api/v1/products/{listed.pk}/images/", {"image": picture("d.jpg")}, format="multipart"
    )

    assert page.status_code == 302
    message = "An artwork can have at most 2 pictures: delete one to add another."
    assert over.context["upload_form"].errors["images"] == [f"c.jpg: {message}"]
    assert response.status_code == 400
    assert response.json() == {"images": [message]}
    assert ProductImage.objects.filter(product=listed).count() == 2


def test_prices_are_stored_to_the_cent(maya):
    listed = make_artwork(maya, title="Jug", price="80.500")

    assert StockRecord.objects.get(product=listed).price == Decimal("80.50")
