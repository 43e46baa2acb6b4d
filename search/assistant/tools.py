"""The assistant's tools: read-only questions over our own catalogue, all a model ever sees of it.

Every artwork the assistant can show comes out of one of these, so an answer is grounded in what is
really for sale: live artworks with units left, found by the one artwork query (`find_artworks`),
at the database's price. Nothing here writes. Arguments come from a model (or the built-in
provider) and are checked like any outside input: `run_tool()` turns a bad one into
`{"error": "..."}` the model can read and correct, never an exception. Results are plain JSON data
(no HTML): an artwork's own words are material to show, not instructions to follow.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.utils.html import strip_tags
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer

from artists.models import Artist
from search.recommendations import recommended_for
from shop.catalogue.colours import PALETTE
from shop.catalogue.discovery.filters import ORIGINAL, PRINT, SIZES, ArtworkFilters, categories_by_id_or_slug
from shop.catalogue.discovery.query import find_artworks

from . import arguments as checks
from .arguments import MAX_NAME, MAX_RESULTS, MAX_TEXT, ToolArgumentError

__all__ = [
    "TOOL_SCHEMAS",
    "ToolArgumentError",
    "artist_profile",
    "artwork_details",
    "recommendations_for",
    "returned_ids",
    "run_tool",
    "search_artworks",
]

Product = get_model("catalogue", "Product")
logger = logging.getLogger(__name__)

DEFAULT_RESULTS = 6
MAX_DESCRIPTION = 1000  # enough to describe a piece; a model reads the rest on its page
THUMBNAIL_SIZE = "400x400"


# --- The tools ---------------------------------------------------------------------------------


def search_artworks(
    *,
    user,
    text="",
    min_price=None,
    max_price=None,
    city="",
    medium="",
    category="",
    colour="",
    size="",
    max_width_cm=None,
    max_height_cm=None,
    original=None,
    featured=None,
    artist="",
    limit=DEFAULT_RESULTS,
) -> list[dict]:
    """Live artworks with units left that match, in the catalogue's own order, as artwork dicts.

    An unknown category or artist matches nothing (an empty list, which is the truth); arguments of
    the wrong type or out of range raise ToolArgumentError.
    """
    question = {
        "text": checks.text(text, "text", MAX_TEXT),
        "city": checks.text(city, "city", MAX_NAME),
        "medium": checks.text(medium, "medium", MAX_NAME),
        "min_price": checks.price(min_price, "min_price"),
        "max_price": checks.price(max_price, "max_price"),
        "kind": {True: ORIGINAL, False: PRINT, None: ""}[checks.flag(original, "original")],
        "featured": checks.flag(featured, "featured"),
        "available_only": True,
    }
    if None not in (question["min_price"], question["max_price"]) and question["min_price"] > question["max_price"]:
        raise ToolArgumentError("min_price is above max_price.")
    limit = checks.limit(limit)
    # a1's colour and size fields: passed only when asked for, so an empty question stays the plain one.
    if colour := checks.text(colour, "colour", 20).casefold():
        if colour not in PALETTE:
            raise ToolArgumentError(f"colour must be one of: {', '.join(PALETTE)}.")
        question["colour"] = colour
    if size := checks.text(size, "size", 20).casefold():
        if size not in SIZES:
            raise ToolArgumentError(f"size must be one of: {', '.join(SIZES)}.")
        question["size"] = size
    for name, value in (("max_width_cm", max_width_cm), ("max_height_cm", max_height_cm)):
        if (centimetres := checks.centimetres(value, name)) is not None:
            question[name] = centimetres
    if category_slug := checks.text(category, "category", MAX_NAME):
        categories = categories_by_id_or_slug(category_slug)
        if not categories:
            return []
        question["categories"] = tuple(categories)
    if artist_slug := checks.text(artist, "artist", MAX_NAME):
        artist_id = Artist.objects.approved().filter(slug=artist_slug).values_list("pk", flat=True).first()
        if artist_id is None:
            return []
        question["artist_id"] = artist_id
    artworks = find_artworks(ArtworkFilters(**question)).page(0, limit)
    return artwork_dicts(artworks)


def artwork_details(*, user, artwork_id: int) -> dict | None:
    """One live artwork's dict with its description, size, year and availability; None if not live."""
    artwork_id = checks.artwork_id(artwork_id)
    artwork = Product.objects.live().filter(pk=artwork_id).for_listing().prefetch_related("colours").first()
    if artwork is None:
        return None
    details = artwork_dict(artwork)
    details.update(
        description=_plain(artwork.description, MAX_DESCRIPTION),
        size=artwork.size_display,
        width_cm=_number(artwork.width_cm),
        height_cm=_number(artwork.height_cm),
        year=artwork.year,
        edition=artwork.edition_display,
        category=artwork.main_category.name if artwork.main_category else "",
        available=artwork.units_left > 0,
    )
    return details


def artist_profile(*, user, slug: str) -> dict | None:
    """An approved artist's public profile: where they work, and whether (and how) they take commissions."""
    slug = checks.text(slug, "slug", MAX_NAME)
    if not slug:
        raise ToolArgumentError("slug is required.")
    artist = Artist.objects.approved().filter(slug=slug).first()
    if artist is None:
        return None
    page = getattr(artist, "page", None)
    return {
        "name": artist.display_name,
        "slug": artist.slug,
        "city": artist.city,
        "region": artist.region,
        "bio": _plain(artist.bio, MAX_DESCRIPTION),
        "open_for_commissions": artist.open_for_commissions,
        "commission_note": artist.commission_note if artist.open_for_commissions else "",
        "artworks_for_sale": Product.objects.available().filter(artist=artist).count(),
        "url": page.url if page is not None and page.live and page.url else "",
    }


def recommendations_for(*, user, limit: int = DEFAULT_RESULTS) -> list[dict]:
    """What the recommendations would suggest to this user (related to their purchases, else popular)."""
    return artwork_dicts(recommended_for(user, limit=checks.limit(limit)))


# --- As the model sees them --------------------------------------------------------------------

_STRING = {"type": "string"}
_PRICE = {"type": "number", "minimum": 0, "description": "In the shop's currency (GBP)."}

TOOL_SCHEMAS: list[dict] = [
    {
        "type": "function",
        "function": {
            "name": "search_artworks",
            "description": (
                "Search the artworks for sale on Artiqo. Returns live artworks with units left, each with its "
                "id, price and link. Every field is optional; leave out what the buyer did not ask for."
            ),
            "parameters": {
                "type": "object",
                "properties": {
                    "text": {**_STRING, "maxLength": MAX_TEXT, "description": "Words to search titles, etc."},
                    "min_price": _PRICE,
                    "max_price": _PRICE,
                    "city": {**_STRING, "description": "The artist's city, e.g. Bristol."},
                    "medium": {**_STRING, "description": "Exact medium, e.g. 'Oil on canvas'."},
                    "category": {**_STRING, "description": "A category slug, e.g. 'paintings'."},
                    "colour": {"type": "string", "enum": list(PALETTE)},
                    "size": {"type": "string", "enum": list(SIZES), "description": "By the longest side."},
                    "max_width_cm": {"type": "number", "exclusiveMinimum": 0},
                    "max_height_cm": {"type": "number", "exclusiveMinimum": 0},
                    "original": {"type": "boolean", "description": "true: originals only; false: prints only."},
                    "featured": {"type": "boolean"},
                    "artist": {**_STRING, "description": "An artist's slug."},
                    "limit": {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS},
                },
                "additionalProperties": False,
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "artwork_details",
            "description": "One artwork's details: description, size, year, edition, whether it is available.",
            "parameters": {
                "type": "object",
                "properties": {"artwork_id": {"type": "integer", "minimum": 1}},
                "required": ["artwork_id"],
                "additionalProperties": False,
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "artist_profile",
            "description": "An artist's profile: city, bio, and whether they take commissions (with their note).",
            "parameters": {
                "type": "object",
                "properties": {"slug": {**_STRING, "description": "The artist's slug (artist_slug)."}},
                "required": ["slug"],
                "additionalProperties": False,
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "recommendations_for",
            "description": "Artworks recommended for this buyer, from what they bought (else popular ones).",
            "parameters": {
                "type": "object",
                "properties": {"limit": {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS}},
                "additionalProperties": False,
            },
        },
    },
]


def _search(arguments, user):
    artworks = search_artworks(user=user, **arguments)
    return {"artworks": artworks, "count": len(artworks)}


def _details(arguments, user):
    found = artwork_details(user=user, **arguments)
    return {"artwork": found} if found else {"error": "No artwork for sale has that id."}


def _artist(arguments, user):
    found = artist_profile(user=user, **arguments)
    return {"artist": found} if found else {"error": "No artist has that slug."}


def _recommendations(arguments, user):
    artworks = recommendations_for(user=user, **arguments)
    return {"artworks": artworks, "count": len(artworks)}


TOOLS = {
    "search_artworks": _search,
    "artwork_details": _details,
    "artist_profile": _artist,
    "recommendations_for": _recommendations,
}


def run_tool(name: str, arguments: dict, *, user) -> dict:
    """Run one tool by name for `user`: its JSON-ready result, or {"error": ...} for anything it cannot use."""
    tool = TOOLS.get(name) if isinstance(name, str) else None
    if tool is None:
        return {"error": f"Unknown tool {str(name)[:40]!r}; the tools are: {', '.join(TOOLS)}."}
    if not isinstance(arguments, dict):
        return {"error": "Arguments must be a JSON object."}
    if "user" in arguments:
        return {"error": "Unknown argument 'user'."}
    try:
        return tool(arguments, user)
    except ToolArgumentError as error:
        return {"error": str(error)}
    except TypeError as error:  # an argument the tool does not take, or a required one missing
        logger.info("Assistant tool %s called with bad arguments: %s", name, error)
        return {"error": f"Bad arguments for {name}; see its schema."}


def returned_ids(result: dict) -> list[int]:
    """The artwork ids a tool result holds, in order: the only ones a reply may show."""
    if "artworks" in result:
        return [artwork["id"] for artwork in result["artworks"]]
    if "artwork" in result:
        return [result["artwork"]["id"]]
    return []


# --- Artworks as data --------------------------------------------------------------------------


def artwork_dicts(artworks) -> list[dict]:
    """Artworks (already loaded for listing) as artwork dicts, their colours read in one query."""
    artworks = list(artworks)
    if artworks:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(artworks, "colours")
    return [artwork_dict(artwork) for artwork in artworks]


def artwork_dict(artwork) -> dict:
    """What a tool says about one artwork: facts as plain data, the price as the database has it."""
    records = list(artwork.stockrecords.all())
    record = records[0] if records else None
    price = record.price if record is not None and record.price is not None else artwork.listing_price
    artist = artwork.artist
    return {
        "id": artwork.pk,
        "title": artwork.title,
        "artist": artist.display_name if artist else "",
        "artist_slug": artist.slug if artist else "",
        "city": artist.city if artist else "",
        "price": f"{price.quantize(Decimal('0.01'))}" if price is not None else None,
        "currency": record.price_currency if record is not None else settings.OSCAR_DEFAULT_CURRENCY,
        "url": artwork.get_absolute_url(),
        "image_url": _image_url(artwork),
        "medium": artwork.medium,
        "colours": _colours(artwork),
        "is_original": artwork.is_original,
        "size": artwork.size_display,
    }


def _colours(artwork) -> list[str]:
    """The palette colours its pictures show, the most present first."""
    strongest = {}
    for colour in artwork.colours.all():
        strongest[colour.name] = max(colour.share, strongest.get(colour.name, colour.share))
    order = list(PALETTE)
    return sorted(strongest, key=lambda name: (-strongest[name], order.index(name) if name in order else 99))


def _image_url(artwork) -> str:
    """The card-sized picture (the placeholder when it has none); a failing thumbnail must not fail a chat."""
    image = artwork.primary_image()
    source = image["original"] if isinstance(image, dict) else image.original
    try:
        return get_thumbnailer().generate_thumbnail(source, size=THUMBNAIL_SIZE, upscale=False).url
    except Exception:  # noqa: BLE001  (storage or decoding trouble: show no picture, keep the answer)
        logger.warning("No thumbnail for artwork %s", artwork.pk, exc_info=True)
        return ""


def _plain(text: str, max_length: int) -> str:
    """Text without markup, shortened: artwork and artist words go to a model as data, never as HTML."""
    plain = " ".join(strip_tags(text or "").split())
    return plain if len(plain) <= max_length else plain[: max_length - 1].rstrip() + "…"


def _number(value) -> float | None:
    return float(value) if value is not None else None
