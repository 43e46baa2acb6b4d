"""Discovery rails for templates: `{% recommended_artworks request.user 8 as artworks %}`,
`{% similar_artworks product 4 as artworks %}`; each costs a fixed handful of queries."""

from django import template

from search.recommendations import recommended_for, related_ids, similar_to

register = template.Library()


@register.simple_tag
def recommended_artworks(user, limit=8):
    """Artworks for this visitor: related to what they bought, else the popular ones."""
    return recommended_for(user, int(limit))


@register.simple_tag
def similar_artworks(artwork, limit=4):
    """Artworks like this one; nothing when there is no artwork (e.g. a missing context variable)."""
    if not artwork:
        return []
    return similar_to(artwork, int(limit))


@register.simple_tag
def related_artworks(artwork, similar=4, more_by_artist=4):
    """Both rows under an artwork's page ("More by …", "Similar artworks") as ids for `{% artwork_cards %}`."""
    if not artwork:
        return None
    return related_ids(artwork, similar_limit=int(similar), more_limit=int(more_by_artist))
