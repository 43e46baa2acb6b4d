"""The words the built-in assistant understands: fixed tables of synonyms, and the catalogue's own names.

The fixed tables say what a buyer means ("navy" is blue, "pottery" is ceramics); the catalogue's
names (approved artists and their cities, the categories and mediums with live artworks) are read
from cached sources (`catalogue_names()`), so a message never costs a query over the catalogue.
"""

import unicodedata
from dataclasses import dataclass

from django.core.cache import cache

from artists.models import Artist
from shop.catalogue.colours import PALETTE

PALETTE_NAMES = tuple(PALETTE)  # the colour filter's values

# fmt: off
# Colour words → palette names. Multi-word phrases are matched before single words.
COLOUR_WORDS = {
    "red": "red", "reds": "red", "crimson": "red", "scarlet": "red", "ruby": "red", "cherry": "red",
    "maroon": "red", "burgundy": "red", "vermilion": "red", "reddish": "red",
    "orange": "orange", "tangerine": "orange", "coral": "orange", "peach": "orange", "apricot": "orange",
    "amber": "orange", "rust": "orange", "orangey": "orange",
    "yellow": "yellow", "gold": "yellow", "golden": "yellow", "mustard": "yellow", "lemon": "yellow",
    "ochre": "yellow", "saffron": "yellow", "yellowish": "yellow", "citrus": "yellow",
    "green": "green", "greens": "green", "olive": "green", "emerald": "green", "sage": "green", "lime": "green",
    "moss": "green", "mossy": "green", "jade": "green", "khaki": "green", "greenish": "green", "forest green": "green",
    "teal": "teal", "turquoise": "teal", "aqua": "teal", "aquamarine": "teal", "cyan": "teal", "petrol": "teal",
    "blue": "blue", "blues": "blue", "navy": "blue", "azure": "blue", "cobalt": "blue", "indigo": "blue",
    "ultramarine": "blue", "sapphire": "blue", "cerulean": "blue", "denim": "blue", "bluish": "blue",
    "bluey": "blue", "sky blue": "blue", "royal blue": "blue", "navy blue": "blue", "light blue": "blue",
    "dark blue": "blue", "blue-ish": "blue",
    "purple": "purple", "violet": "purple", "lilac": "purple", "lavender": "purple", "mauve": "purple",
    "plum": "purple", "aubergine": "purple", "magenta": "pink",
    "pink": "pink", "rose": "pink", "fuchsia": "pink", "blush": "pink", "salmon": "pink", "pinkish": "pink",
    "brown": "brown", "beige": "brown", "tan": "brown", "chocolate": "brown", "terracotta": "brown",
    "umber": "brown", "sepia": "brown", "earthy": "brown", "taupe": "brown", "brownish": "brown",
    "black": "black", "ebony": "black", "jet black": "black", "black and white": "black", "monochrome": "black",
    "white": "white", "ivory": "white", "cream": "white", "off-white": "white", "off white": "white",
    "grey": "grey", "gray": "grey", "silver": "grey", "slate": "grey", "greyish": "grey", "grayish": "grey",
}

# Category slugs (the demo's) and the words that mean them.
CATEGORY_WORDS = {
    "painting": "painting", "paintings": "painting", "painted": "painting", "canvas": "painting",
    "canvases": "painting",
    "drawing": "drawing", "drawings": "drawing", "sketch": "drawing", "sketches": "drawing",
    "photo": "photography", "photos": "photography", "photograph": "photography", "photographs": "photography",
    "photography": "photography", "photographic": "photography", "photographer": "photography",
    "printmaking": "prints",
    "sculpture": "sculpture", "sculptures": "sculpture", "sculpted": "sculpture", "statue": "sculpture",
    "carving": "sculpture", "carved": "sculpture",
    "ceramic": "ceramics", "ceramics": "ceramics", "pottery": "ceramics", "pot": "ceramics", "pots": "ceramics",
    "vase": "ceramics", "vases": "ceramics", "bowl": "ceramics", "bowls": "ceramics", "jar": "ceramics",
    "jug": "ceramics", "mug": "ceramics", "cups": "ceramics",
    "textile": "textiles", "textiles": "textiles", "weaving": "textiles", "weavings": "textiles",
    "woven": "textiles", "tapestry": "textiles", "fabric": "textiles", "embroidery": "textiles",
    "quilt": "textiles",
}

# fmt: on


@dataclass(frozen=True)
class MediumWord:
    """A medium a buyer names: the word shown back, what live medium values contain, and its category."""

    name: str
    fragments: tuple
    category: str = ""


_MEDIUMS = [
    (("oil", "oils", "oil painting", "oil paintings"), MediumWord("oil", ("oil",), "painting")),
    (("acrylic", "acrylics"), MediumWord("acrylic", ("acrylic",), "painting")),
    (
        ("watercolour", "watercolours", "watercolor", "watercolors", "water colour", "water color"),
        MediumWord("watercolour", ("watercolour", "watercolor"), "painting"),
    ),
    (("gouache",), MediumWord("gouache", ("gouache",), "painting")),
    (("pastel", "pastels"), MediumWord("pastel", ("pastel",), "drawing")),
    (("charcoal",), MediumWord("charcoal", ("charcoal",), "drawing")),
    (("pencil", "graphite"), MediumWord("pencil", ("pencil", "graphite"), "drawing")),
    (("ink", "pen and ink"), MediumWord("ink", ("ink",), "")),
    (
        ("screen print", "screen prints", "screenprint", "screenprints", "silkscreen", "serigraph"),
        MediumWord("screen print", ("screen print", "screenprint", "silkscreen"), "prints"),
    ),
    (("linocut", "linocuts", "lino print", "lino"), MediumWord("linocut", ("linocut", "lino"), "prints")),
    (("etching", "etchings"), MediumWord("etching", ("etching",), "prints")),
    (("woodcut", "woodcuts"), MediumWord("woodcut", ("woodcut",), "prints")),
    (("risograph", "riso"), MediumWord("risograph", ("risograph",), "prints")),
    (("monoprint", "monoprints", "monotype"), MediumWord("monoprint", ("monoprint", "monotype"), "prints")),
    (("giclee", "giclée"), MediumWord("giclée", ("giclée", "giclee"), "prints")),
    (("stoneware",), MediumWord("stoneware", ("stoneware",), "ceramics")),
    (("porcelain",), MediumWord("porcelain", ("porcelain",), "ceramics")),
    (("bronze",), MediumWord("bronze", ("bronze",), "sculpture")),
    (("driftwood",), MediumWord("driftwood", ("driftwood",), "sculpture")),
    (("wool", "woollen"), MediumWord("wool", ("wool",), "textiles")),
]
# fmt: off
MEDIUM_WORDS = {word: medium for words, medium in _MEDIUMS for word in words}

# "original" / "print" as kinds of artwork (a medium word like "screen print" is matched first).
ORIGINAL_WORDS = ("one of a kind", "one-of-a-kind", "one off", "one-off", "original", "originals", "unique")
PRINT_WORDS = ("prints", "print", "poster", "posters", "edition", "editions", "reproduction", "limited edition")

SIZE_WORDS = {
    "tiny": "small", "small": "small", "smaller": "small", "little": "small", "mini": "small", "compact": "small",
    "medium-sized": "medium", "medium sized": "medium", "mid-sized": "medium", "mid sized": "medium",
    "big": "large", "bigger": "large", "large": "large", "huge": "large", "giant": "large", "statement": "large",
    "oversized": "large", "massive": "large",
}

GIFT_WORDS = (
    "gift", "gifts", "present", "presents", "birthday", "anniversary", "wedding", "christmas", "xmas",
    "housewarming", "mother's day", "father's day", "valentine", "valentine's", "for my mum", "for my mom",
    "for my mother", "for my dad", "for my father", "for my wife", "for my husband", "for my partner",
    "for my friend", "for my sister", "for my brother", "for my girlfriend", "for my boyfriend", "for my son",
    "for my daughter", "for my gran", "for my grandma", "for my nan", "for my boss", "for my colleague",
)
FEATURED_WORDS = ("featured", "popular", "trending", "bestseller", "bestsellers", "best seller", "staff pick")
CHEAP_WORDS = ("cheap", "cheaper", "affordable", "inexpensive", "budget", "low cost", "low-cost", "bargain")
NEAR_WORDS = ("near me", "nearby", "local", "locally", "close to me", "around here", "near where i live")
RECOMMEND_WORDS = (
    "recommend", "recommendation", "recommendations", "suggest", "suggestion", "suggestions", "surprise me",
    "anything", "whatever", "inspire me", "what's good", "what is good", "show me something",
)
ARTIST_QUESTION_WORDS = (
    "commission", "commissions", "commissioned", "tell me about", "who is", "who's", "bio", "biography",
    "where is", "where does", "based", "about the artist", "custom", "bespoke",
)
# Cities people name that none of our artists may be in: understood as a place, never searched as words.
KNOWN_PLACES = (
    "london", "bristol", "manchester", "edinburgh", "glasgow", "leeds", "liverpool", "birmingham", "bath",
    "brighton", "cardiff", "belfast", "dublin", "york", "oxford", "cambridge", "newcastle", "sheffield",
    "nottingham", "norwich", "exeter", "plymouth", "cornwall", "st ives", "falmouth", "penzance", "aberdeen",
    "dundee", "inverness", "swansea", "cork", "galway", "margate", "hastings", "whitstable",
)

# Words that carry no search meaning in a request to the assistant.
STOPWORDS = frozenset(
    """a about above after again all also am an and any anything are art artwork artworks as at be been being
    below between both but buy by can could did do does doing for from get give go got had has have having
    he her here hers him his how i i'd i'm id ideally im in into is it it's its just like looking love maybe
    me might more most much my need nice no nor not now of off on one only or other our out over perfect
    piece pieces please pretty quite really prefer preferably show so some something somewhere stuff such
    than thanks thank that the their them then there these they thing things this those to too under up
    don can won isn ain very want wanted wants was we well were what when where which while who why will
    with would you your
    find looking search searching after hallway hall bedroom kitchen bathroom office room lounge living
    space wall walls home house flat apartment sitting dining around ish hi hello hey help cm mm price
    priced cost costs costing pound pounds quid gbp eur euro euros dollars usd budget max maximum min
    minimum least most less fit fits fitting wide wider width tall taller height high long size sized
    shop bought buying purchase lovely beautiful good great go something's artist artists work works""".split()
)

# fmt: on


def folded(text: str) -> str:
    """Casefolded, accents removed: "Inês" and "ines" are the same name to a buyer typing fast."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class CatalogueNames:
    """The names a buyer may use: approved artists and their cities, and the categories and mediums on sale."""

    cities: dict  # folded city → city as written
    artists: dict  # folded display name → slug
    artist_names: dict  # slug → display name as written
    first_names: dict  # folded first name → slug, only when one artist has it
    categories: dict  # slug → name
    mediums: tuple  # medium values as written


ARTISTS_CACHE_SECONDS = 10 * 60  # the catalogue version in the key makes a change visible sooner


def catalogue_names() -> CatalogueNames:
    """The vocabulary, read from two cached sources, so a message costs no query over the catalogue.

    Artists and cities: every approved artist (one can take commissions with nothing for sale), cached
    under the catalogue version. Categories and mediums: the catalogue's own facet summary (one
    grouped query per catalogue version, shared with the catalogue pages).
    """
    from shop.catalogue.discovery.facets import summarise
    from shop.catalogue.discovery.filters import ArtworkFilters
    from shop.catalogue.listing import catalogue_version

    key = f"assistant:artists:{catalogue_version()}"
    approved = cache.get(key)
    if approved is None:
        approved = list(Artist.objects.approved().order_by("pk").values_list("slug", "display_name", "city"))
        cache.set(key, approved, ARTISTS_CACHE_SECONDS)
    cities, artists, artist_names, first_counts = {}, {}, {}, {}
    for slug, display_name, city in approved:
        if city.strip():
            cities.setdefault(folded(city.strip()), city.strip())
        name = " ".join(folded(display_name).split())
        if not name:
            continue
        artists.setdefault(name, slug)
        artist_names[slug] = display_name
        first = name.split()[0]
        if len(first) > 2 and " " in name:
            first_counts.setdefault(first, set()).add(slug)
    first_names = {first: slugs.pop() for first, slugs in first_counts.items() if len(slugs) == 1}
    facets = summarise(ArtworkFilters()).facets
    categories = {row["value"]: row["label"] for row in facets["category"]}
    mediums = tuple(row["value"] for row in facets["medium"])
    return CatalogueNames(cities, artists, artist_names, first_names, categories, mediums)
