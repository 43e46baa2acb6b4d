"""Signals of the user layer; higher layers (artists) react without this layer importing them."""

from django.dispatch import Signal

# Sent inside the sign-up transaction with `user`, `role` and, for artists, `artist_name` and `city`.
user_signed_up = Signal()
