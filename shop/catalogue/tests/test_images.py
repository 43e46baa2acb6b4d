"""Uploaded artwork pictures are judged by content, bounded, and stored re-encoded without metadata.

The builders at the top make the hostile and ordinary files these tests (and the API's) upload.
"""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageFile
from PIL.PngImagePlugin import PngInfo

from shop.catalogue import images
from shop.catalogue.images import ImageTooLarge, clean_artwork_image

SCRIPT = b"<script>alert(1)</script>"


def jpeg_bytes(size=(20, 10), *, exif=None, icc_profile=None, comment=None) -> bytes:
    out = io.BytesIO()
    options = {"exif": exif, "icc_profile": icc_profile, "comment": comment}
    Image.new("RGB", size, (180, 40, 40)).save(out, "JPEG", **{k: v for k, v in options.items() if v is not None})
    return out.getvalue()


def png_bytes(size=(20, 10), *, text=None) -> bytes:
    out = io.BytesIO()
    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    Image.new("RGB", size, (40, 40, 180)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 10)).save(out, "GIF")
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_flood_png(width=12_000, height=12_000) -> bytes:
    """A few dozen bytes whose header claims width × height pixels: decoding it would need gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def exif_with_gps(orientation=None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 27.0, 15.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 35.0, 40.0)
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def upload(data: bytes, name="artwork.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(clean) -> Image.Image:
    clean.file.seek(0)
    return Image.open(io.BytesIO(clean.file.read()))


def stored_bytes(clean) -> bytes:
    clean.file.seek(0)
    return clean.file.read()


def test_a_jpeg_is_accepted_and_re_encoded_under_a_random_name():
    clean = clean_artwork_image(upload(jpeg_bytes(), name="my holiday at home.jpg"))

    assert (clean.format, clean.width, clean.height) == ("JPEG", 20, 10)
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", clean.file.name)
    assert opened(clean).format == "JPEG"


def test_a_png_keeps_its_format():
    clean = clean_artwork_image(upload(png_bytes(), name="flat.png", content_type="image/png"))

    assert clean.format == "PNG" and clean.file.name.endswith(".png")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("side", [8_000, 12_000, 20_000])  # under, between and over Pillow's own bomb limits
def test_a_pixel_flood_is_refused_from_its_header_without_decoding(monkeypatch, side):
    def must_not_decode(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_decode)
    flood = pixel_flood_png(side, side)
    assert len(flood) < 200

    with pytest.raises(ValidationError) as refused:
        clean_artwork_image(upload(flood, name="tiny.png", content_type="image/png"))

    assert refused.value.code == "too_many_pixels"
    assert not isinstance(refused.value, ImageTooLarge)


def test_html_renamed_to_jpg_is_not_an_image():
    with pytest.raises(ValidationError) as refused:
        clean_artwork_image(upload(b"<html><body>" + SCRIPT + b"</body></html>", name="photo.jpg"))

    assert refused.value.code == "not_an_image"


def test_a_valid_gif_is_refused_by_format():
    with pytest.raises(ValidationError) as refused:
        clean_artwork_image(upload(gif_bytes(), name="anim.gif", content_type="image/gif"))

    assert refused.value.code == "format"


def test_a_truncated_jpeg_is_refused_as_damaged():
    out = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(out, "JPEG")
    half = out.getvalue()[: len(out.getvalue()) // 2]  # headers intact, pixels cut off

    with pytest.raises(ValidationError) as refused:
        clean_artwork_image(upload(half))

    assert refused.value.code == "damaged"


def test_a_script_appended_after_the_image_data_is_not_stored():
    clean = clean_artwork_image(upload(jpeg_bytes() + SCRIPT))

    assert b"<script" not in stored_bytes(clean)


def test_a_script_in_a_png_text_chunk_is_not_stored():
    polyglot = png_bytes(text={"Comment": SCRIPT.decode()}) + SCRIPT
    assert polyglot.count(b"<script") == 2

    clean = clean_artwork_image(upload(polyglot, name="x.png", content_type="image/png"))

    assert b"<script" not in stored_bytes(clean)
    assert "Comment" not in opened(clean).info


def test_a_script_in_a_jpeg_comment_is_not_stored():
    clean = clean_artwork_image(upload(jpeg_bytes(comment=SCRIPT)))

    assert b"<script" not in stored_bytes(clean)


def test_exif_and_gps_are_removed():
    original = jpeg_bytes(exif=exif_with_gps())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    stored = opened(clean_artwork_image(upload(original)))

    assert "exif" not in stored.info
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Make not in stored.getexif()


def test_the_exif_orientation_is_applied_to_the_pixels():
    clean = clean_artwork_image(upload(jpeg_bytes((20, 10), exif=exif_with_gps(orientation=6))))

    stored = opened(clean)
    assert (clean.width, clean.height) == (10, 20)
    assert stored.size == (10, 20)
    assert ExifTags.Base.Orientation not in stored.getexif()


def test_the_icc_colour_profile_is_kept():
    profile = srgb_profile()

    stored = opened(clean_artwork_image(upload(jpeg_bytes(icc_profile=profile))))

    assert stored.info.get("icc_profile") == profile


def test_a_file_over_the_byte_limit_is_refused_as_too_large(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    big = jpeg_bytes((400, 400))
    assert len(big) > 1000

    with pytest.raises(ImageTooLarge) as refused:
        clean_artwork_image(upload(big))

    assert refused.value.code == "too_large"


def test_a_stream_without_a_size_is_still_cut_at_the_byte_limit(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)

    with pytest.raises(ImageTooLarge):
        clean_artwork_image(io.BytesIO(jpeg_bytes((400, 400))))
