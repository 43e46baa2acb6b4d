"""What a list page shows: the catalogue pages hand their templates artwork ids (cards are cached)."""

from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


def shown_artworks(response) -> list:
    """The artworks of a catalogue, category or search page's context, in the page's order."""
    ids = list(response.context["artwork_ids"])
    by_id = Product.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids]


def shown_titles(response) -> list[str]:
    return [artwork.title for artwork in shown_artworks(response)]
