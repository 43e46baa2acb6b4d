"""Signals the commission state machine sends; the shop layer listens (this layer never imports it)."""

from django.dispatch import Signal

# Sent inside the declining transaction with `commission=`: the shop withdraws a reserved artwork.
commission_declined = Signal()
