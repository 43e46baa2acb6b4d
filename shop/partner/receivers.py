"""The shop's reaction to artist events: one partner per artist, holding their stock."""

from django.dispatch import receiver
from oscar.core.loading import get_model

from artists.signals import artist_approved


@receiver(artist_approved)
def give_artist_a_partner(sender, artist, **kwargs):
    """Create or relink the artist's Partner so their artworks have a seller of record."""
    Partner = get_model("partner", "Partner")
    partner, _ = Partner.objects.get_or_create(artist=artist, defaults={"name": artist.display_name})
    partner.users.add(artist.user)
