"""Commissions over the API: a buyer's request to an artist, its thread, the quote, accept, decline, complete.

Views are thin: `artists.commissions.services` owns the states and their rules, `shop.commissions.checkout`
turns an accepted quote into the reserved artwork in the buyer's cart; refusals come back as
`{"detail": message, "code": code}` with the status the service names.
"""
