"""Oscar's partner is the artist's shop: one partner per artist, holding their stock."""

from django.db import models
from oscar.apps.partner.abstract_models import AbstractPartner


class Partner(AbstractPartner):
    """The seller of record for one artist's artworks."""

    artist = models.OneToOneField(
        "artists.Artist",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner",
    )

    class Meta(AbstractPartner.Meta):
        pass


from oscar.apps.partner.models import *  # noqa: E402, F403
