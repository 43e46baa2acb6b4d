"""Refuse an oversized upload while it streams in, instead of spooling gigabytes to disk first."""

from django.core.files.uploadhandler import FileUploadHandler
from rest_framework import status
from rest_framework.exceptions import APIException

from shop.catalogue import images


class UploadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is too large."
    default_code = "too_large"


def too_large_message() -> str:
    return f"Images can be at most {images.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."


class ArtworkImageSizeLimit(FileUploadHandler):
    """Counts the bytes of each file as they arrive and stops the request at the image limit.

    Placed first among the request's handlers; it passes every chunk on untouched, so Django's
    own handlers still decide between memory and a temporary file.
    """

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > images.MAX_UPLOAD_BYTES:
            raise UploadTooLarge(too_large_message())
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_image_uploads(request) -> None:
    """Install the limit on a request whose body has not been read yet."""
    request.upload_handlers.insert(0, ArtworkImageSizeLimit(request))
