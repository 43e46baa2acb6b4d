"""Checking what a model (or the built-in provider) sends the tools, like any outside input.

Each check returns the value in the type the catalogue query wants (Decimal money, a clean string)
or raises ToolArgumentError with a message a model can act on; `tools.run_tool()` hands that message
back as `{"error": ...}`. Limits are generous for a real question and reject garbage (NaN, 1e400,
100k-character strings, booleans passed as numbers).
"""

import math
from decimal import Decimal, InvalidOperation

from shop.catalogue.discovery.filters import MAX_DIMENSION_CM

MAX_RESULTS = 12  # a chat shows a handful of cards; more is a catalogue page, which the site has
MAX_PRICE = Decimal("10000000")  # beyond any artwork: a bigger number is garbage, not a budget
MAX_TEXT = 200  # the catalogue search box's own limit
MAX_NAME = 140  # slugs, cities, mediums


class ToolArgumentError(ValueError):
    """An argument a tool cannot use; its message tells the caller (a model) what to send instead."""


def text(value, name: str, max_length: int) -> str:
    """A string on one line (runs of spaces and newlines become one space); None reads as empty."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ToolArgumentError(f"{name} must be a string.")
    value = " ".join(value.split())
    if len(value) > max_length:
        raise ToolArgumentError(f"{name} is longer than {max_length} characters.")
    return value


def decimal(value, name: str) -> Decimal | None:
    """A finite number from a JSON number or a numeric string (at most 30 characters); None or "" is none."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ToolArgumentError(f"{name} must be a number.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ToolArgumentError(f"{name} must be a finite number.")
    try:
        number = Decimal(str(value).strip()) if len(str(value)) <= 30 else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ToolArgumentError(f"{name} must be a number.")
    return number


def price(value, name: str) -> Decimal | None:
    """An amount of money in pounds and pence, 0 to MAX_PRICE."""
    amount = decimal(value, name)
    if amount is None:
        return None
    if not Decimal(0) <= amount <= MAX_PRICE:
        raise ToolArgumentError(f"{name} must be between 0 and {MAX_PRICE}.")
    return amount.quantize(Decimal("0.01"))


def centimetres(value, name: str) -> Decimal | None:
    """A length that fits a real wall: above 0, at most the catalogue's own MAX_DIMENSION_CM."""
    length = decimal(value, name)
    if length is None:
        return None
    if not Decimal(0) < length <= MAX_DIMENSION_CM:
        raise ToolArgumentError(f"{name} must be above 0 and at most {MAX_DIMENSION_CM} cm.")
    return length


def flag(value, name: str) -> bool | None:
    """true, false, or left out (None): no "yes", no 1, so a mistaken type is not read as a wish."""
    if value is None or isinstance(value, bool):
        return value
    raise ToolArgumentError(f"{name} must be true, false or left out.")


def limit(value) -> int:
    """How many artworks: a whole number from 1; more than MAX_RESULTS is capped, not refused."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ToolArgumentError(f"limit must be a whole number from 1 to {MAX_RESULTS}.")
    return min(value, MAX_RESULTS)


def artwork_id(value) -> int:
    """A positive id that fits the database's column (a numeric string is accepted too)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise ToolArgumentError("artwork_id must be a positive whole number.")
    return value
