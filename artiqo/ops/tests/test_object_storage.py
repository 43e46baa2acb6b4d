"""Media on object storage: with MEDIA_STORAGE=s3 artwork pictures and their thumbnails live in a
bucket (moto's S3 server on loopback, the `s3_server` and `media_bucket` fixtures), stripped of
EXIF, and pages link to them there; without it, media stays on local disk.
"""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import environ
import pytest
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

from artiqo.settings.storage import media_storage
from artiqo.testing import api_as
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.test_images import exif_with_gps, jpeg_bytes

ROOT = Path(__file__).resolve().parents[3]
S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "artiqo-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.eu-west-2.amazonaws.com",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "example-secret",
    "AWS_S3_REGION_NAME": "eu-west-2",
}


def upload_picture(artist, artwork):
    """The artist posts a phone photo that still carries where it was taken (EXIF GPS)."""
    photo = jpeg_bytes(size=(800, 600), exif=exif_with_gps())
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the upload must carry GPS"
    return api_as(artist.user).post(
        f"/api/v1/products/{artwork.pk}/images/",
        {"image": SimpleUploadedFile("harbour-at-home.jpg", photo, content_type="image/jpeg")},
        format="multipart",
    )


def picture_urls(html: str) -> list[str]:
    return re.findall(r'<img[^>]+src="([^"]+)"', html)


@pytest.fixture
def harbour(site_pages):
    maya = make_artist(username="maya", display_name="Maya Okafor")
    return maya, make_artwork(maya, title="Harbour Blue", price="980.00")


@pytest.mark.django_db
def test_an_uploaded_picture_lands_in_the_bucket_without_exif_and_the_page_links_there(
    harbour, media_bucket, s3_server
):
    maya, artwork = harbour

    response = upload_picture(maya, artwork)

    assert response.status_code == 201, response.content
    stored_name = artwork.images.get().original.name
    assert s3_server.keys(media_bucket["name"]) == [stored_name]
    assert response.json()["url"] == f"{media_bucket['url']}{stored_name}"
    stored = s3_server.client().get_object(Bucket=media_bucket["name"], Key=stored_name)["Body"].read()
    assert b"Exif" not in stored and b"Canon" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()

    page = Client().get(artwork.get_absolute_url())

    assert page.status_code == 200
    from_bucket = [url for url in picture_urls(page.content.decode()) if url.startswith(media_bucket["url"])]
    assert from_bucket, f"no picture on the page comes from {media_bucket['url']}"
    for url in from_bucket:
        picture = requests.get(url, timeout=10)  # anonymously, as a visitor's browser does
        assert picture.status_code == 200, url
        assert picture.headers["Content-Type"] == "image/jpeg"
        assert "immutable" in picture.headers["Cache-Control"]
        assert Image.open(io.BytesIO(picture.content)).format == "JPEG"
    # sorl-thumbnail wrote the page's thumbnails into the bucket beside the original.
    assert len(s3_server.keys(media_bucket["name"])) > 1


@pytest.mark.django_db
def test_pages_allow_pictures_from_the_bucket_and_nothing_else_from_it(harbour, media_bucket):
    maya, artwork = harbour
    origin = media_bucket["url"].rsplit("/", 2)[0]  # http://127.0.0.1:port (path-style bucket URL)

    for path in (artwork.get_absolute_url(), "/cms/login/"):
        policy = Client().get(path)["Content-Security-Policy"]
        directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
        assert origin in directives["img-src"], path
        assert origin not in directives["script-src"] + directives["style-src"], path


@pytest.mark.django_db
def test_by_default_media_stays_on_local_disk(harbour, s3_server):
    maya, artwork = harbour

    response = upload_picture(maya, artwork)

    assert response.status_code == 201, response.content
    assert isinstance(default_storage._wrapped, FileSystemStorage)
    stored_name = artwork.images.get().original.name
    assert (Path(settings.MEDIA_ROOT) / stored_name).is_file()
    assert not s3_server.client().list_buckets()["Buckets"]
    page_pictures = picture_urls(Client().get(artwork.get_absolute_url()).content.decode())
    assert page_pictures and all(url.startswith(settings.MEDIA_URL) for url in page_pictures)


def storage_from(environment: dict, monkeypatch):
    for name in (*S3_ENV, "AWS_S3_CUSTOM_DOMAIN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return media_storage(environ.Env(), local_media_url="/media/")


@pytest.mark.parametrize("blank", [name for name in S3_ENV if name != "MEDIA_STORAGE"])
def test_s3_media_refuses_to_start_with_any_of_its_variables_blank(blank, monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=blank):
        storage_from({**S3_ENV, blank: " "}, monkeypatch)


def test_s3_media_names_every_variable_it_lacks_at_once(monkeypatch):
    with pytest.raises(ImproperlyConfigured) as refusal:
        storage_from({"MEDIA_STORAGE": "s3", "AWS_S3_REGION_NAME": "eu-west-2"}, monkeypatch)

    assert all(name in str(refusal.value) for name in S3_ENV if name not in ("MEDIA_STORAGE", "AWS_S3_REGION_NAME"))


def test_an_unknown_media_storage_is_refused_by_name(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="'ftp'"):
        storage_from({"MEDIA_STORAGE": "ftp"}, monkeypatch)


def test_a_custom_domain_becomes_the_media_url(monkeypatch):
    storage, media_url = storage_from({**S3_ENV, "AWS_S3_CUSTOM_DOMAIN": "media.artiqo.example"}, monkeypatch)

    assert media_url == "https://media.artiqo.example/"
    assert storage["OPTIONS"]["custom_domain"] == "media.artiqo.example"
    assert storage["OPTIONS"]["querystring_auth"] is False


def test_the_settings_read_the_bucket_from_the_environment():
    """base.py itself, loaded in a fresh process: the default storage, MEDIA_URL and the pages' CSP."""
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.STORAGES['default'], s.MEDIA_URL,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES'], s.ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']]))"
    )
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWS_", "MEDIA_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env={**clean, **S3_ENV, "DJANGO_SETTINGS_MODULE": "artiqo.settings.dev"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    storage, media_url, site_policy, admin_policy = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "artiqo-media"
    assert media_url == "https://s3.eu-west-2.amazonaws.com/artiqo-media/"
    for policy in (site_policy, admin_policy):
        assert "https://s3.eu-west-2.amazonaws.com" in policy["img-src"]
        assert "https://s3.eu-west-2.amazonaws.com" not in policy["script-src"]


@pytest.mark.django_db
def test_an_artwork_without_pictures_shows_the_placeholder_from_the_bucket(harbour, media_bucket):
    maya, artwork = harbour

    page = Client().get(artwork.get_absolute_url())

    assert page.status_code == 200
    pictures = picture_urls(page.content.decode())
    assert pictures and all(url.startswith(media_bucket["url"]) for url in pictures)
    assert requests.get(pictures[0], timeout=10).status_code == 200


@pytest.mark.django_db
def test_the_demo_marketplace_keeps_its_wagtail_and_artwork_pictures_in_the_bucket(media_bucket, s3_server):
    from artiqo.demo.loader import DemoLoader
    from artists.models import ArtistPage

    DemoLoader(image_width=240).run()
    artist_page = ArtistPage.objects.live().first()

    page = Client().get(artist_page.url)

    assert page.status_code == 200
    portrait = [url for url in picture_urls(page.content.decode()) if url.startswith(media_bucket["url"])]
    assert portrait, "the artist's portrait (a Wagtail rendition) comes from the bucket"
    assert requests.get(portrait[0], timeout=10).status_code == 200
    keys = s3_server.keys(media_bucket["name"])
    assert any(key.startswith("original_images/") for key in keys)
    assert any(key.startswith("images/") for key in keys)  # Wagtail's renditions
