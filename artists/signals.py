"""Signals other layers listen to, so artists never import the shop above it."""

from django.dispatch import Signal

# Sent with `artist` once an artist becomes approved: the shop gives them a partner.
artist_approved = Signal()

# Sent with `artist` when an artist is suspended: listeners hide what they own (search index, stock).
artist_suspended = Signal()

# Sent with `artist_ids` and the updated `fields` after a bulk `update()` of artist rows, which sends
# no post_save: listeners that copy artist fields elsewhere (the shop's listing columns, the artworks'
# search documents) refresh those artists' copies.
artists_updated = Signal()
