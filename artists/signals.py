"""Signals other layers listen to, so artists never import the shop above it."""

from django.dispatch import Signal

# Sent with `artist` once an artist becomes approved: the shop gives them a partner.
artist_approved = Signal()

# Sent with `artist` when an artist is suspended: listeners hide what they own (search index, stock).
artist_suspended = Signal()
