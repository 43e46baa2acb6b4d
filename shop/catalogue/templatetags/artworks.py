"""Artworks and artists for CMS pages: the templates ask the shop, the page models never import it."""

from django import template
from django.apps import apps
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from oscar.core.loading import get_model

from ..discovery.featured import featured_ids, featured_now_ids, is_featured_map
from ..listing import catalogue_version

register = template.Library()

Product = get_model("catalogue", "Product")

CARD_SECONDS = 60 * 60  # the version in the key makes a stale card unreachable; this only frees memory


@register.simple_tag(takes_context=True)
def artwork_cards(context, artworks, featured=None):
    """The grid items of `artworks` (artworks or their ids), each card rendered once per catalogue version.

    A card shows the same thing to everyone (picture, title, artist, price, sold and featured
    badges). All of it but the featured badge changes only through writes that bump the catalogue
    version; featuring also runs out with the clock. So the key holds the version AND whether the
    artwork is featured now (`featured`: a set of ids the view already knows, else
    `featured_now_ids()`, cached and exact): an artwork whose featuring ended, or that sold out,
    never shows a stale badge.
    One `get_many` replaces rendering two dozen cards on every list page, for signed-in buyers too.
    Given ids, an artwork is loaded (with `for_listing()`, in one go) only for the cards not cached yet.
    """
    given = list(artworks)
    ids = [item if isinstance(item, int) else item.pk for item in given]
    if not ids:
        return ""
    if featured is True:  # e.g. the home page's Featured row: all of them are
        featured = set(ids)
    if featured is None:
        everything = featured_now_ids()  # cached and exact; None only when very many are featured
        featured = everything if everything is not None else is_featured_map(ids)
    featured_now = featured
    version = catalogue_version()
    keys = {pk: f"artwork-card:{version}:{pk}:{'featured' if pk in featured_now else 'plain'}" for pk in ids}
    cards = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in cards]
    if missing:
        loaded = {item.pk: item for item in given if not isinstance(item, int)}
        unloaded = [pk for pk in missing if pk not in loaded]
        if unloaded:
            loaded.update((artwork.pk, artwork) for artwork in Product.objects.filter(pk__in=unloaded).for_listing())
        card_template = get_template("partials/artwork_card.html")
        fresh = {
            keys[pk]: card_template.render(
                {"product": loaded[pk], "request": context.get("request"), "featured": pk in featured_now}
            )
            for pk in missing
            if pk in loaded
        }
        cache.set_many(fresh, CARD_SECONDS)
        cards.update(fresh)
    return format_html_join("", "<li>{}</li>", ((mark_safe(cards[keys[pk]]),) for pk in ids if keys[pk] in cards))


@register.simple_tag
def featured_artworks(limit=8):
    """Artworks featured now (running listing, live, units left), newest first, ready for cards: the home row."""
    ids = featured_ids(limit=limit)
    by_id = {artwork.pk: artwork for artwork in Product.objects.filter(pk__in=ids).for_listing()} if ids else {}
    return [by_id[pk] for pk in ids if pk in by_id]


@register.simple_tag
def latest_artworks(limit=8, per_artist=None):
    """The newest artworks buyers may see, with everything a card shows prefetched.

    `per_artist` caps how many come from one artist, so one busy week of uploads does not fill
    the home page; the newest artwork is always first, and the cap yields when there are too few.
    """
    newest = Product.objects.live().for_listing().order_by("-date_created", "-pk")
    if not per_artist:
        return list(newest[:limit])
    candidates = list(newest[: limit * 4])
    counts = {}
    chosen, rest = [], []
    for artwork in candidates:
        counts[artwork.artist_id] = counts.get(artwork.artist_id, 0) + 1
        (chosen if counts[artwork.artist_id] <= per_artist else rest).append(artwork)
    return (chosen + rest)[:limit]


@register.simple_tag
def featured_artists(limit=4):
    """Published story pages of approved artists, most recently published first."""
    Artist = apps.get_model("artists", "Artist")
    ArtistPage = apps.get_model("artists", "ArtistPage")
    return list(
        ArtistPage.objects.live()
        .filter(artist__in=Artist.objects.approved())
        .select_related("artist", "portrait")
        .order_by("-first_published_at", "-pk")[:limit]
    )


@register.simple_tag
def category_trail(product):
    """The artwork's main category and its ancestors, root first, for breadcrumbs; none if hidden.

    The main category comes with the artwork (select_related); a top-level one costs no query.
    """
    category = product.main_category
    if category is None or not (category.is_public and category.ancestors_are_public):
        return []
    return [category] if category.is_root() else list(category.get_ancestors_and_self())
