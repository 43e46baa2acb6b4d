"""Uploaded artwork pictures: checked by content, bounded in bytes and pixels, re-encoded clean.

Nothing an uploader sends is stored as sent. The file is opened by Pillow (never trusted by its
name or content type), its dimensions are read from the header and refused before decoding when
they exceed the pixel budget (a 68-byte PNG can claim 144 Mpx), then the picture is decoded,
turned upright from its EXIF orientation, and written anew without EXIF, GPS or XMP: only the
ICC colour profile survives. Whatever rode along in the original (a script in a comment, a
trailing HTML payload) does not reach the stored file, which gets a random name.
"""

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}  # MPO: phones' multi-picture JPEG
MAX_UPLOAD_BYTES = getattr(settings, "ARTWORK_IMAGE_MAX_BYTES", 15 * 1024 * 1024)
MAX_PIXELS = getattr(settings, "ARTWORK_IMAGE_MAX_PIXELS", 40_000_000)


class ImageTooLarge(ValidationError):
    """The upload is over the byte limit: the API answers 413, forms show a field error."""


@dataclass(frozen=True)
class CleanImage:
    file: ContentFile
    width: int
    height: int
    format: str


def clean_artwork_image(upload) -> CleanImage:
    """Validate an uploaded file and return a re-encoded copy safe to store and serve."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImageTooLarge(f"Images can be at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", code="too_large")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageTooLarge(f"Images can be at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", code="too_large")
    try:
        picture = Image.open(io.BytesIO(data))  # reads the header only
    except Image.DecompressionBombError as error:
        raise ValidationError(
            f"That image is over {MAX_PIXELS // 1_000_000} megapixels.", code="too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError("That file is not a JPEG, PNG or WebP image.", code="not_an_image") from error
    picture_format = picture.format
    if picture_format not in ALLOWED_FORMATS:
        raise ValidationError("Only JPEG, PNG and WebP images are accepted.", code="format")
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"That image is {width}×{height} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels.",
            code="too_many_pixels",
        )
    try:
        picture.load()
        picture = ImageOps.exif_transpose(picture)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError("That image is damaged and cannot be read.", code="damaged") from error
    return CleanImage(*_reencode(picture, picture_format=picture_format))


def _reencode(picture: Image.Image, *, picture_format: str):
    icc_profile = picture.info.get("icc_profile")
    # Encoders copy some metadata from `info` (a JPEG's COM comment, PNG text): keep none of it.
    picture.info = {}
    out = io.BytesIO()
    if picture_format == "MPO":
        picture_format = "JPEG"  # keep the first (main) picture, as a plain JPEG
    if picture_format == "JPEG":
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=90, optimize=True, icc_profile=icc_profile)
    elif picture_format == "PNG":
        picture.save(out, "PNG", optimize=True, icc_profile=icc_profile)
    else:
        picture.save(out, "WEBP", quality=90, icc_profile=icc_profile)
    name = f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[picture_format]}"
    return ContentFile(out.getvalue(), name=name), picture.width, picture.height, picture_format
