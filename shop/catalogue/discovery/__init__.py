"""Finding artworks: one query for the site, the API and the studio (see query.py)."""

from .filters import ArtworkFilters
from .query import ArtworkResults, find_artworks

__all__ = ["ArtworkFilters", "ArtworkResults", "find_artworks"]
