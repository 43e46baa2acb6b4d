"""The studio's pictures section: uploads are cleaned, bad files refused, order kept."""

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_class, get_model

from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.test_studio import (  # noqa: F401  (shared fixtures and helpers)
    client_for,
    jpeg_bytes,
    png_claiming,
    png_of,
    upload,
    url,
)

ProductImage = get_model("catalogue", "ProductImage")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("category")]


def test_uploaded_pictures_are_stored_cleaned_in_order(maya):
    artwork = make_artwork(maya, title="Harbour")
    client = client_for(maya.user)

    response = client.post(
        url("image_upload", artwork.pk),
        {"images": [upload("first.jpg"), upload("second.png", data=png_of(20, 20), content_type="image/png")]},
    )

    assert response.status_code == 302
    images = list(artwork.images.order_by("display_order"))
    assert [image.display_order for image in images] == [0, 1]
    assert images[0].original.name.endswith(".jpg") and "first" not in images[0].original.name
    assert images[1].original.name.endswith(".png")
    page = client.get(url("edit", artwork.pk)).content.decode()
    assert "Main picture" in page
    assert "2 pictures added" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "That file is not a JPEG, PNG or WebP image."),
        (png_claiming(8_000, 6_000), "the limit is 40 megapixels"),
    ],
    ids=["html-renamed-jpg", "too-many-pixels"],
)
def test_a_file_that_is_not_a_usable_picture_is_a_form_error_and_nothing_is_stored(maya, data, message):
    artwork = make_artwork(maya, title="Harbour")

    response = client_for(maya.user).post(url("image_upload", artwork.pk), {"images": [upload("evil.jpg", data)]})

    assert response.status_code == 200
    errors = response.context["upload_form"].errors["images"]
    assert len(errors) == 1 and errors[0].startswith("evil.jpg: ") and message in errors[0]
    assert message in response.content.decode()
    assert not ProductImage.objects.filter(product=artwork).exists()
    # The details form is the saved artwork, not a form bound to the upload's POST.
    assert not response.context["form"].is_bound


def test_a_bad_file_does_not_cost_the_good_ones_in_the_same_upload(maya):
    artwork = make_artwork(maya, title="Harbour")

    response = client_for(maya.user).post(
        url("image_upload", artwork.pk), {"images": [upload("good.jpg"), upload("bad.jpg", b"not a picture")]}
    )

    assert response.status_code == 200
    assert response.context["upload_form"].errors["images"][0].startswith("bad.jpg: ")
    assert artwork.images.count() == 1


def test_an_upload_over_the_size_limit_is_a_form_error(maya, monkeypatch):
    from shop.catalogue import images

    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1024)
    artwork = make_artwork(maya, title="Harbour")

    response = client_for(maya.user).post(
        url("image_upload", artwork.pk), {"images": [upload("big.jpg", jpeg_bytes(400, 400) + b"\0" * 2048)]}
    )

    assert response.status_code == 200
    assert "at most" in response.context["upload_form"].errors["images"][0]
    assert not artwork.images.exists()


def test_pictures_move_up_and_down_and_delete(maya):
    artwork = make_artwork(maya, title="Harbour")
    first, second, third = (
        add_artwork_image(artwork=artwork, image=ContentFile(jpeg_bytes(colour=(i * 60, 0, 0)), name=f"{i}.jpg"))
        for i in range(3)
    )
    client = client_for(maya.user)

    assert client.post(url("image_move", artwork.pk, third.pk), {"direction": "up"}).status_code == 302
    assert list(artwork.images.order_by("display_order").values_list("pk", flat=True)) == [
        first.pk,
        third.pk,
        second.pk,
    ]
    client.post(url("image_move", artwork.pk, first.pk), {"direction": "up"})  # already first: nothing moves
    client.post(url("image_move", artwork.pk, first.pk), {"direction": "down"})
    assert list(artwork.images.order_by("display_order").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]

    client.post(url("image_delete", artwork.pk, third.pk))
    assert list(artwork.images.order_by("display_order").values_list("pk", "display_order")) == [
        (first.pk, 0),
        (second.pk, 1),
    ]


# --- moderation -----------------------------------------------------------------------------
