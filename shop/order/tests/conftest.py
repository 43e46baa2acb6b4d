"""The order tests' helper: which line of an order is an artist's (`two_artist_order` is in the root conftest)."""


def line_of(order, artist):
    return order.lines.get(partner__artist=artist)
