"""What a buyer's message asks for, read without a language model: the built-in assistant's ears.

`understand()` picks out the common shapes of a request (a price, a place, a medium or category, a
colour, a size, an artist, originals or prints, gift intent) and turns them into the arguments of
the `search_artworks` tool; the words left over are searched as text. Each recognised phrase is
blanked out of the message as it is read, so "screen print" is a medium and not also "print", and
"under 40 x 60 cm" is a size and not a price. Phrases are matched in the accent-free casefolded
message; names come from the catalogue (`vocabulary.catalogue_names()`: approved artists and their
cities, the categories and mediums on sale), so a name is understood only when it is ours.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from . import vocabulary as words
from .replies import dimensions_phrase, plain_number, price_phrase
from .vocabulary import folded

MAX_INPUT = 2000  # a request longer than this is not a request; the rest is never parsed
MAX_TEXT_WORDS = 8
MAX_TEXT = 200  # what the search tool takes
CHEAP_CAP = Decimal("150")  # "cheap": most prints and small originals in the catalogue are under this
AROUND = Decimal("0.25")  # "around £200": ±25%
MAX_AMOUNT = Decimal("10000000")

_NUM = r"(?<![\d.,])(\d{1,7}(?:,\d{3})*(?:\.\d{1,2})?)(?![\d.,]\d)\s*(k\b)?"
_CUR = r"(?:[£$€]\s*)?"
_CUR_WORDS = r"(?:\s*(?:pounds?|quid|gbp|£|euros?|eur|dollars?|usd)\b)?"
_AMOUNT = _CUR + _NUM + _CUR_WORDS
# "in" alone is never a unit here: "under 200 in Bristol" is a price and a place.
_UNIT = r"\s*(cm|centimet(?:er|re)s?|mm|millimet(?:er|re)s?|m|met(?:er|re)s?|inch(?:es)?|\")(?![\w])"
_LEN = r"(\d{1,4}(?:\.\d{1,2})?)"
_UPTO = r"(?:under|below|less than|up to|upto|max(?:imum)?|at most|no more than|not more than|within|<=?)"
_OPS = {
    "dims": re.compile(
        rf"(?:(?:no bigger than|not bigger than|fits?(?: in| into| within)?(?: a)?|{_UPTO})\s*)?"
        rf"{_LEN}(?:{_UNIT})?\s*(?:x|×|by)\s*{_LEN}{_UNIT}"
    ),
    "width_op": re.compile(
        rf"(?:no wider than|not wider than|narrower than|no taller than|not taller than|shorter than|"
        rf"no higher than|fits?(?: in| into| within)?(?: a)?(?: space of| gap of)?|{_UPTO})\s*{_LEN}{_UNIT}"
        rf"(?:\s*(wide|across|width|tall|high|height))?"
    ),
    "width_plain": re.compile(rf"{_LEN}{_UNIT}\s*(wide|across|width|tall|high|height)"),
    # "and" only after "between": "2 prints and 3 cards" is not a price range
    "range": re.compile(
        rf"(?:between\s*{_AMOUNT}\s*(?:-|–|—|to|and)|(?:from)?\s*{_AMOUNT}\s*(?:-|–|—|to))\s*{_AMOUNT}"
    ),
    "around": re.compile(rf"(?:around|about|roughly|approximately|approx\.?|circa|~|something like)\s*{_AMOUNT}"),
    "max": re.compile(
        rf"(?:{_UPTO}|cheaper than|budget(?: of| is)?|tops)\s*{_AMOUNT}|{_AMOUNT}\s*(?:or less|or under|max\b)"
    ),
    "min": re.compile(
        rf"(?:over|above|more than|at least|min(?:imum)?|from|starting at|>=?)\s*{_AMOUNT}|{_AMOUNT}\s*(?:\+|or more)"
    ),
    "bare": re.compile(r"[£$€]\s*" + _NUM + "|" + _NUM + r"\s*(?:pounds?|quid|gbp)\b"),
}
_SHADE = re.compile(
    r"(?<!\w)(?:light|dark|pale|deep|bright|soft|muted|vivid|warm|cool)(?=[\s-]+(?:"
    + "|".join(re.escape(colour) for colour in sorted(words.COLOUR_WORDS, key=len, reverse=True))
    + r")(?!\w))"
)
_SPLIT_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass
class Understood:
    """One request as filters for `search_artworks`, plus what shapes the reply (gift, intent, notes)."""

    text: str = ""
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    city: str = ""
    near_me: bool = False
    medium: str = ""
    category: str = ""
    colour: str = ""
    size: str = ""
    max_width_cm: Decimal | None = None
    max_height_cm: Decimal | None = None
    original: bool | None = None
    gift: bool = False
    artist: str = ""
    featured: bool | None = None
    intent: str = "search"  # "search", "artist" (a question about one artist), "recommend", "help"
    medium_word: str = ""  # the medium as the buyer said it, when searched as words ("oil")
    unknown_place: str = ""  # a place named where none of our artists are
    artist_name: str = ""  # the artist's display name, for the summary
    notes: list = field(default_factory=list)

    FILTERS = (
        "text", "min_price", "max_price", "city", "medium", "category", "colour", "size",
        "max_width_cm", "max_height_cm", "original", "featured", "artist",
    )  # fmt: skip

    def as_filters(self) -> dict:
        """The arguments for `tools.search_artworks` (JSON-ready: amounts as strings), set ones only."""
        filters = {}
        for name in self.FILTERS:
            value = getattr(self, name)
            if value is None or value == "":
                continue
            filters[name] = plain_number(value) if isinstance(value, Decimal) else value
        return filters

    def is_empty(self) -> bool:
        return not self.as_filters()

    def summary(self) -> str:
        """What was understood, as a buyer would say it: "Blue, painting, under £200, small, in Bristol"."""
        parts = []
        if self.colour:
            parts.append(self.colour)
        if self.medium or self.medium_word:
            parts.append((self.medium or self.medium_word).lower())
        if self.category and not (self.medium or self.medium_word):
            parts.append(self.category.replace("-", " "))
        if self.original is not None:
            parts.append("originals" if self.original else "prints")
        if self.size:
            parts.append(self.size)
        if self.max_width_cm or self.max_height_cm:
            parts.append(dimensions_phrase(self.max_width_cm, self.max_height_cm))
        price = price_phrase(self.min_price, self.max_price)
        if price:
            parts.append(price)
        if self.city:
            parts.append(f"in {self.city}")
        if self.artist:
            parts.append(f"by {self.artist_name or self.artist}")
        if self.featured:
            parts.append("featured")
        text = self.text
        if self.medium_word and text.startswith(self.medium_word):
            text = text[len(self.medium_word) :].strip()
        if text:
            parts.append(f"“{text}”")
        if self.gift:
            parts.append("as a gift")
        summary = ", ".join(parts)
        return summary[:1].upper() + summary[1:]


def understand(text: str, *, user=None, names: words.CatalogueNames | None = None) -> Understood:
    """Read a buyer's message into filters; never raises on any input."""
    names = names or words.catalogue_names()
    found = Understood()
    message = _Message(folded(str(text or "")[:MAX_INPUT]))
    _readdimensions_phrase(message, found)
    _read_prices(message, found)
    found.gift = bool(message.take_any(words.GIFT_WORDS))
    found.featured = True if message.take_any(words.FEATURED_WORDS) else None
    near = message.take_any(words.NEAR_WORDS)
    asks_artist = message.find_any(words.ARTIST_QUESTION_WORDS)
    recommend = message.take_any(words.RECOMMEND_WORDS)
    _read_artist(message, found, names)
    _read_place(message, found, names)
    if near and not found.city:
        _read_home_city(found, user, names)
    _read_medium_and_category(message, found, names)
    while message.take(_SHADE):  # "light grey" is grey: the shade is not a word to search
        pass
    found.colour = _take_mapped(message, words.COLOUR_WORDS, allowed=words.PALETTE_NAMES)
    found.size = _take_mapped(message, words.SIZE_WORDS) if not (found.max_width_cm or found.max_height_cm) else ""
    if message.take_any(words.ORIGINAL_WORDS):
        found.original = True
    if message.take_any(words.PRINT_WORDS):
        found.original = None if found.original else False
    if message.take_any(words.CHEAP_WORDS) and found.max_price is None:
        found.max_price = CHEAP_CAP
    leftover = [word for word in message.leftover_words() if word not in words.STOPWORDS]
    found.text = " ".join(([found.medium_word] if found.medium_word else []) + leftover[:MAX_TEXT_WORDS])[:MAX_TEXT]
    found.text = found.text.rsplit(" ", 1)[0] if len(found.text) == MAX_TEXT else found.text
    if found.artist and asks_artist:
        found.intent = "artist"
    elif (recommend or found.gift) and found.is_empty():
        found.intent = "recommend"
    elif found.is_empty():
        found.intent = "help"
    return found


class _Message:
    """The folded message; phrases are taken out of it (blanked) as they are understood."""

    def __init__(self, text: str):
        text = re.sub(r"[\"“”‘’`]", " ", text.replace("’", "'"))
        self.text = " " + re.sub(r"\s+", " ", re.sub(r"\bst\.", "st", text)) + " "

    def take(self, pattern: re.Pattern) -> re.Match | None:
        match = pattern.search(self.text)
        if match:
            self.text = self.text[: match.start()] + " " * (match.end() - match.start()) + self.text[match.end() :]
        return match

    def find_any(self, phrases) -> str:
        for phrase in sorted(phrases, key=len, reverse=True):
            if _phrase(phrase).search(self.text):
                return phrase
        return ""

    def take_any(self, phrases) -> str:
        """The first (longest) phrase found, removing every phrase of the list from the message."""
        first = ""
        for phrase in sorted(phrases, key=len, reverse=True):
            while self.take(_phrase(phrase)):
                first = first or phrase
        return first

    def leftover_words(self) -> list[str]:
        seen = []
        for word in _SPLIT_WORD.findall(self.text):
            word = word.strip("'’-")
            word = re.sub(r"'(?:s|m|d|ll|ve|re|t)$", "", word)  # "what's" → "what", "don't" → "don"
            if len(word) > 1 and word not in seen:
                seen.append(word)
        return seen


@lru_cache(maxsize=4096)
def _phrase(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])")


def _take_mapped(message: _Message, table: dict, *, allowed=None) -> str:
    first = ""
    for phrase in sorted(table, key=len, reverse=True):
        if message.take(_phrase(phrase)):
            value = table[phrase]
            if allowed is None or value in allowed:
                first = first or value
            message.take_any([phrase])
    return first


def _amount(number: str, thousands: str | None) -> Decimal | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    if thousands:
        value *= 1000
    return value if 0 <= value <= MAX_AMOUNT else None


def _read_prices(message: _Message, found: Understood) -> None:
    if match := message.take(_OPS["range"]):
        groups = match.groups()  # (between low, k, high, k) or (from low, k, high, k)
        first = groups[0:2] if groups[0] else groups[2:4]
        low, high = _amount(*first), _amount(*groups[4:6])
        if low is not None and high is not None:
            found.min_price, found.max_price = min(low, high), max(low, high)
            return
    if match := message.take(_OPS["around"]):
        if (value := _amount(*match.group(1, 2))) is not None:
            found.min_price = (value * (1 - AROUND)).quantize(Decimal("1"))
            found.max_price = (value * (1 + AROUND)).quantize(Decimal("1"))
            return
    if match := message.take(_OPS["max"]):
        groups = match.groups()
        value = _amount(groups[0], groups[1]) if groups[0] else _amount(groups[2], groups[3])
        found.max_price = value
    if match := message.take(_OPS["min"]):
        groups = match.groups()
        found.min_price = _amount(groups[0], groups[1]) if groups[0] else _amount(groups[2], groups[3])
    if found.max_price is None and found.min_price is None and (match := message.take(_OPS["bare"])):
        groups = match.groups()
        found.max_price = _amount(groups[0], groups[1]) if groups[0] else _amount(groups[2], groups[3])
    if None not in (found.min_price, found.max_price) and found.min_price > found.max_price:
        found.min_price, found.max_price = found.max_price, found.min_price  # "over 500, under 100": a range


def _centimetres(value: str, unit: str | None) -> Decimal | None:
    try:
        length = Decimal(value)
    except InvalidOperation:
        return None
    unit = (unit or "cm").strip()
    if unit.startswith("mm") or unit.startswith("milli"):
        length /= 10
    elif unit == '"' or unit.startswith("inch"):
        length *= Decimal("2.54")
    elif unit == "m" or unit.startswith("met"):
        length *= 100
    length = length.quantize(Decimal("0.1"))
    return length if 0 < length <= 10000 else None


def _readdimensions_phrase(message: _Message, found: Understood) -> None:
    if match := message.take(_OPS["dims"]):
        unit = match.group(4)
        found.max_width_cm = _centimetres(match.group(1), match.group(2) or unit)
        found.max_height_cm = _centimetres(match.group(3), unit)
        return
    for kind in ("width_op", "width_plain"):
        while match := message.take(_OPS[kind]):
            length = _centimetres(match.group(1), match.group(2))
            phrase = match.group(0)
            upright = any(w in phrase for w in ("tall", "high", "height", "shorter"))
            if upright:
                found.max_height_cm = length
            else:
                found.max_width_cm = length


def _read_artist(message: _Message, found: Understood, names: words.CatalogueNames) -> None:
    vocabulary = set(words.STOPWORDS) | set(words.COLOUR_WORDS) | set(words.CATEGORY_WORDS) | set(words.SIZE_WORDS)
    surnames = {}
    for name, slug in names.artists.items():
        if " " in name:
            surnames.setdefault(name.rsplit(" ", 1)[1], set()).add(slug)
    candidates = list(names.artists.items())
    candidates += [(last, slugs.pop()) for last, slugs in surnames.items() if len(slugs) == 1 and len(last) > 2]
    candidates += list(names.first_names.items())
    for name, slug in candidates:
        if name in vocabulary:
            continue
        if message.take(_phrase(name)):
            found.artist = slug
            full = next((n for n, s in names.artists.items() if s == slug), name)
            found.artist_name = names.artist_names.get(slug, "")
            for first_or_last in full.split():  # "Maya ... Lindqvist": both halves are the artist
                message.take_any([first_or_last])
            return


def _read_place(message: _Message, found: Understood, names: words.CatalogueNames) -> None:
    for place in sorted(names.cities, key=len, reverse=True):
        if message.take(_phrase(place)):
            found.city = names.cities[place]
            return
    for place in words.KNOWN_PLACES:
        if message.take(_phrase(place)):
            found.unknown_place = place.title()
            found.notes.append(f"None of our artists are in {found.unknown_place} yet.")
            return


def _read_home_city(found: Understood, user, names: words.CatalogueNames) -> None:
    """ "Near me": the first artist city written in the buyer's profile address or default shipping address."""
    found.near_me = True
    addresses = []
    if user is not None and getattr(user, "is_authenticated", False):
        addresses.append(getattr(user, "default_address", "") or "")
        try:
            default = user.addresses.filter(is_default_for_shipping=True).first()
        except Exception:  # noqa: BLE001 - an address book is a nicety here, never a reason to fail
            default = None
        if default is not None:
            addresses.append(" ".join(filter(None, (default.line4, default.state, default.postcode))))
    for address in addresses:
        address = " " + folded(address) + " "
        for place in sorted(names.cities, key=len, reverse=True):
            if _phrase(place).search(address):
                found.city = names.cities[place]
                return
    if any(address.strip() for address in addresses):
        found.notes.append("None of our artists are near your address yet, so this is from everywhere.")
    else:
        found.notes.append("I don't know where you are: add your town to your profile address for local art.")


def _read_medium_and_category(message: _Message, found: Understood, names: words.CatalogueNames) -> None:
    medium_word = None
    for phrase in sorted(words.MEDIUM_WORDS, key=len, reverse=True):
        if message.take(_phrase(phrase)):
            medium_word = medium_word or words.MEDIUM_WORDS[phrase]
    category = _take_mapped(message, words.CATEGORY_WORDS)
    if medium_word:
        live = [m for m in names.mediums if any(fragment in folded(m) for fragment in medium_word.fragments)]
        if len(live) == 1:
            found.medium = live[0]
        else:  # several mediums say "oil" (on canvas, on board…): the words find them all
            found.medium_word = medium_word.name
        category = category or medium_word.category
    if category and category in names.categories:
        found.category = category
    elif category:
        found.medium_word = found.medium_word or category
