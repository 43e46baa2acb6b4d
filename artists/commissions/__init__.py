"""Commissions: a buyer's "special order" to an artist, from request to the artwork made for them.

This package holds the conversation and its states (request, messages, quotes, decline, expiry);
`shop/commissions/` is where an accepted quote becomes a reserved artwork, a cart line and an order.
"""
