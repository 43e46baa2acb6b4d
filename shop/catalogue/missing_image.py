"""The picture shown for an artwork that has none yet, kept in the media storage wherever that is.

sorl-thumbnail reads every source picture from the default storage. Oscar's MissingProductImage
symlinks its placeholder into MEDIA_ROOT, which serves local disk only: with media in a bucket
(MEDIA_STORAGE=s3) the placeholder is not there, sorl hands back a thumbnail without a size, and the
page fails to render. This copy goes through the storage API instead, so it works on either, once
per process and storage.
"""

import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files import File
from django.core.files.storage import storages

logger = logging.getLogger(__name__)
_stored_in: set[tuple] = set()  # the storages (by class and location) already holding the placeholder


class MissingArtworkImage:
    """Stands in for an artwork picture's file (sorl and Oscar's templates read `.name`)."""

    def __init__(self, name: str | None = None):
        self.name = name or settings.OSCAR_MISSING_IMAGE_URL
        store_placeholder(self.name)


def store_placeholder(name: str) -> None:
    """Put Oscar's placeholder picture into the default storage under `name`, unless it is there."""
    storage = storages["default"]  # where sorl (THUMBNAIL_STORAGE) reads a source that names no storage
    where = (type(storage), storage.url(name), str(getattr(storage, "location", "")))
    if where in _stored_in:
        return
    if not storage.exists(name):
        source = finders.find(f"oscar/img/{name}")
        if source is None:
            logger.warning("No placeholder picture oscar/img/%s among the static files", name)
            return
        with open(source, "rb") as placeholder:  # a static file of Oscar's, always on local disk
            stored = storage.save(name, File(placeholder, name=name))
        if stored != name:  # another process stored it first; ours is a spare copy
            storage.delete(stored)
    _stored_in.add(where)
