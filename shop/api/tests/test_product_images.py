"""Uploading pictures of an artwork: only its artist, only real images, stored clean."""

import io
import re
from pathlib import PurePosixPath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model
from PIL import ExifTags, Image

from artiqo.testing import api_as
from shop.catalogue import images
from shop.catalogue.tests.test_images import (
    SCRIPT,
    exif_with_gps,
    gif_bytes,
    jpeg_bytes,
    pixel_flood_png,
    png_bytes,
    srgb_profile,
)

pytestmark = pytest.mark.django_db

ProductImage = get_model("catalogue", "ProductImage")


def post_image(client, artwork, data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return client.post(
        f"/api/v1/products/{artwork.pk}/images/",
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        format="multipart",
    )


def stored(image) -> bytes:
    with image.original.open("rb") as file:
        return file.read()


@pytest.fixture
def maya(marketplace):
    return api_as(marketplace["maya"].user)


def test_the_owner_adds_pictures_in_order(marketplace, maya):
    harbour = marketplace["harbour"]

    first = post_image(maya, harbour, jpeg_bytes())
    second = post_image(maya, harbour, png_bytes(), name="detail.png", content_type="image/png")

    assert (first.status_code, second.status_code) == (201, 201)
    assert [first.json()["position"], second.json()["position"]] == [0, 1]
    images_in_db = list(harbour.images.order_by("display_order"))
    assert [image.pk for image in images_in_db] == [first.json()["id"], second.json()["id"]]
    assert first.json()["url"] == f"http://testserver{images_in_db[0].original.url}"
    assert api_as().get(f"/api/v1/products/{harbour.pk}/").json()["images"] == [
        first.json()["url"],
        second.json()["url"],
    ]


def test_the_stored_file_gets_a_random_name(marketplace, maya):
    response = post_image(maya, marketplace["harbour"], jpeg_bytes(), name="maya-home-address.jpg")

    name = PurePosixPath(ProductImage.objects.get(pk=response.json()["id"]).original.name).name
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", name)
    assert "maya-home-address" not in response.json()["url"]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_pixel_flood_is_refused(marketplace, maya):
    response = post_image(maya, marketplace["harbour"], pixel_flood_png(12_000, 12_000), name="x.png")

    assert response.status_code == 400
    assert "megapixels" in str(response.json())
    assert not ProductImage.objects.exists()


@pytest.mark.parametrize(
    "data, name",
    [
        (b"<html><body>" + SCRIPT + b"</body></html>", "photo.jpg"),
        (gif_bytes(), "animation.gif"),
        (gif_bytes(), "renamed.jpg"),
        (b"", "empty.jpg"),
        (b"%PDF-1.4 not a picture", "scan.png"),
    ],
)
def test_anything_but_a_jpeg_png_or_webp_is_refused(marketplace, maya, data, name):
    response = post_image(maya, marketplace["harbour"], data, name=name)

    assert response.status_code == 400
    assert response.json()
    assert not ProductImage.objects.exists()


def test_a_request_without_a_file_is_a_400(marketplace, maya):
    response = maya.post(f"/api/v1/products/{marketplace['harbour'].pk}/images/", {}, format="multipart")

    assert response.status_code == 400
    assert "image" in response.json()


def test_a_json_body_is_refused_as_the_wrong_media_type(marketplace, maya):
    response = maya.post(f"/api/v1/products/{marketplace['harbour'].pk}/images/", {"image": "x"}, format="json")

    assert response.status_code == 415


@pytest.mark.parametrize(
    "polyglot, name",
    [
        (jpeg_bytes() + SCRIPT, "polyglot.jpg"),
        (png_bytes() + SCRIPT, "polyglot.png"),
        (png_bytes(text={"Comment": SCRIPT.decode()}), "chunk.png"),
        (jpeg_bytes(comment=SCRIPT), "comment.jpg"),
    ],
)
def test_a_script_riding_in_an_image_is_not_stored(marketplace, maya, polyglot, name):
    response = post_image(maya, marketplace["harbour"], polyglot, name=name)

    assert response.status_code == 201
    assert b"<script" not in stored(ProductImage.objects.get(pk=response.json()["id"]))


def test_gps_and_exif_are_stripped_and_orientation_applied(marketplace, maya):
    original = jpeg_bytes((20, 10), exif=exif_with_gps(orientation=6))

    response = post_image(maya, marketplace["harbour"], original)

    assert response.status_code == 201
    picture = Image.open(io.BytesIO(stored(ProductImage.objects.get(pk=response.json()["id"]))))
    assert picture.size == (10, 20)
    assert "exif" not in picture.info
    assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_the_colour_profile_is_kept(marketplace, maya):
    profile = srgb_profile()

    response = post_image(maya, marketplace["harbour"], jpeg_bytes(icc_profile=profile))

    picture = Image.open(io.BytesIO(stored(ProductImage.objects.get(pk=response.json()["id"]))))
    assert picture.info.get("icc_profile") == profile


def test_a_file_over_the_limit_is_a_413(marketplace, maya, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 2000)
    big = jpeg_bytes((600, 600)) + b"\0" * 2000

    response = post_image(maya, marketplace["harbour"], big)

    assert response.status_code == 413
    assert "at most" in response.json()["detail"]
    assert not ProductImage.objects.exists()


def test_the_image_cleaners_size_refusal_is_a_413_too(marketplace, maya, monkeypatch):
    """Without the streaming limit, the catalogue's own check still answers 413, not 400."""
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 2000)
    monkeypatch.setattr("shop.api.views.limit_image_uploads", lambda request: None)

    response = post_image(maya, marketplace["harbour"], jpeg_bytes((600, 600)) + b"\0" * 2000)

    assert response.status_code == 413
    assert not ProductImage.objects.exists()


def test_a_16_mb_upload_is_cut_off_while_streaming_with_a_413(marketplace, maya, monkeypatch):
    def must_not_run(upload):
        raise AssertionError("the whole upload reached the image cleaner")

    monkeypatch.setattr("shop.catalogue.services.clean_artwork_image", must_not_run)

    response = post_image(maya, marketplace["harbour"], jpeg_bytes() + b"\0" * (16 * 1024 * 1024))

    assert response.status_code == 413
    assert response.json() == {"detail": "Images can be at most 15 MB."}
    assert not ProductImage.objects.exists()


def test_only_the_owner_or_an_admin_adds_pictures(marketplace, buyer, admin):
    harbour = marketplace["harbour"]

    assert post_image(api_as(), harbour, jpeg_bytes()).status_code == 401
    assert post_image(api_as(buyer), harbour, jpeg_bytes()).status_code == 403
    assert post_image(api_as(marketplace["theo"].user), harbour, jpeg_bytes()).status_code == 404
    assert not ProductImage.objects.exists()
    assert post_image(api_as(admin), harbour, jpeg_bytes()).status_code == 201
    assert harbour.images.count() == 1


def test_pictures_of_an_unknown_artwork_are_404(marketplace, maya):
    response = maya.post(
        "/api/v1/products/999999/images/", {"image": SimpleUploadedFile("a.jpg", jpeg_bytes())}, format="multipart"
    )

    assert response.status_code == 404
