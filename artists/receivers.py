"""Artists' reactions to user events."""

from django.dispatch import receiver

from artiqo.users.signals import user_signed_up

from .services import register_artist


@receiver(user_signed_up)
def open_artist_application(sender, user, role, artist_name="", city="", **kwargs):
    """Someone who signs up as an artist starts as a pending Artist until an admin approves them."""
    if role == "artist":
        register_artist(user=user, display_name=artist_name, city=city)
