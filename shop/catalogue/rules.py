"""What makes an artwork's fields acceptable: the one set of limits the studio, the API and the services share.

The services check every write against these rules; the studio form and the API serializer call
`check_artwork_fields` only to show the same refusals beside their own shape errors (a number is
a number), translating the ValidationError into their error shape. Limits that come from the
database (column sizes, MariaDB's 64 KB TEXT) are here too, so bad input is a message, never a 500.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

TITLE_MAX_LENGTH = 255  # Oscar's Product.title column
# A TEXT column holds 65,535 bytes on MariaDB; four-byte characters must still fit.
DESCRIPTION_MAX_LENGTH = 10_000
MEDIUM_MAX_LENGTH = 100  # Product.medium column

PRICE_MIN = Decimal("0.01")
PRICE_MAX = Decimal("9999999999.99")  # StockRecord.price: 12 digits, 2 of them decimals
PRICE_DECIMALS = 2

DIMENSION_MIN = Decimal("0.1")
DIMENSION_MAX = Decimal("99999.9")  # width/height/depth_cm: 6 digits, 1 of them a decimal
DIMENSION_DECIMALS = 1
DIMENSION_FIELDS = ("width_cm", "height_cm", "depth_cm")

YEAR_MIN = 1000
STOCK_MAX = 1_000_000
EDITION_MIN = 1
EDITION_MAX = 1_000_000

# Buyers look through a handful of pictures; a cap keeps one listing from filling the media store.
IMAGES_MAX = 20


def year_max() -> int:
    """Nothing is dated in the future: the current year, read when asked (a new year moves it)."""
    return timezone.now().year


def _as_decimal(value) -> Decimal | None:
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return value if value.is_finite() else None


def _has_more_places(value: Decimal, places: int) -> bool:
    return value != value.quantize(Decimal(1).scaleb(-places))


def _text(limit: int, blank_message: str = ""):
    def check(value) -> str | None:
        if not isinstance(value, str):
            return "Enter text."
        if blank_message and not value.strip():
            return blank_message
        if len(value.strip()) > limit:
            return f"Use at most {limit:,} characters (this has {len(value.strip()):,})."
        return None

    return check


def _whole_number(low: int, high: int, what: str):
    def check(value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "Enter a whole number."
        if not low <= value <= high:
            return f"{what} must be between {low:,} and {high:,}."
        return None

    return check


def _price(value) -> str | None:
    price = _as_decimal(value)
    if price is None:
        return "Enter a number."
    if price < PRICE_MIN:
        return "Price must be greater than zero."
    if price > PRICE_MAX:
        return f"Price can be at most {PRICE_MAX:,}."
    if _has_more_places(price, PRICE_DECIMALS):
        return f"Use at most {PRICE_DECIMALS} decimal places."
    return None


def _dimension(value) -> str | None:
    size = _as_decimal(value)
    if size is None:
        return "Enter a number."
    if not DIMENSION_MIN <= size <= DIMENSION_MAX:
        return f"Enter a size from {DIMENSION_MIN} to {DIMENSION_MAX:,} cm."
    if _has_more_places(size, DIMENSION_DECIMALS):
        return f"Use at most {DIMENSION_DECIMALS} decimal place."
    return None


def _year(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "Enter a whole number."
    if value > year_max():
        return "That year has not happened yet."
    if value < YEAR_MIN:
        return f"Give a year from {YEAR_MIN} on."
    return None


# One check per field; a field absent from a write (a partial edit) or left empty is not judged.
FIELD_CHECKS = {
    "title": _text(TITLE_MAX_LENGTH, blank_message="Give the artwork a title."),
    "description": _text(DESCRIPTION_MAX_LENGTH),
    "medium": _text(MEDIUM_MAX_LENGTH),
    "price": _price,
    **dict.fromkeys(DIMENSION_FIELDS, _dimension),
    "year": _year,
    "stock": _whole_number(0, STOCK_MAX, "Stock"),
    "edition_size": _whole_number(EDITION_MIN, EDITION_MAX, "An edition"),
}


def artwork_field_errors(fields: dict) -> dict[str, str]:
    """Each given field's refusal, by field name. Whether a field is required is the caller's shape."""
    errors = {}
    for name, check in FIELD_CHECKS.items():
        if fields.get(name) is None:
            continue
        message = check(fields[name])
        if message:
            errors[name] = message
    return errors


def check_artwork_fields(**fields) -> None:
    """Refuse, all at once and by field, any given artwork field outside the rules above."""
    errors = artwork_field_errors(fields)
    if errors:
        raise ValidationError(errors)


def check_stock(*, is_original: bool, edition_size: int | None, stock: int) -> None:
    """An original is one of a kind; a print cannot have more copies for sale than its edition holds."""
    if is_original and stock > 1:
        raise ValidationError({"stock": "An original is unique: stock is 0 or 1."})
    if not is_original and edition_size and stock > edition_size:
        raise ValidationError({"stock": f"The edition has {edition_size} copies; stock cannot exceed it."})


def check_image_count(*, existing: int) -> None:
    """An artwork holds at most IMAGES_MAX pictures."""
    if existing >= IMAGES_MAX:
        raise ValidationError(
            {"images": f"An artwork can have at most {IMAGES_MAX} pictures: delete one to add another."}
        )
