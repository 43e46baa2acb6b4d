"""The checks on the values people type into a commission: text, money and dates.

Each `clean_*` returns the cleaned value and records a message under the field's name in `errors`;
`raise_field_errors` then raises them together as `ValidationError({field: [message]})`, so a form
or the API shows every problem at once and nothing is written.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

TEXT_MAX_LENGTH = 4000  # a brief, a message, a quote's note or a reason: a long letter, not a file
MONEY_LIMIT = Decimal(10) ** 9  # prices and budgets stay below a billion: they fit the columns' 12 digits
CENT = Decimal("0.01")


def raise_field_errors(errors: dict) -> None:
    """Raise every recorded problem at once, keyed by field (code "invalid"); nothing when there are none."""
    if errors:
        raise ValidationError(
            {
                field: [ValidationError(message, code="invalid") for message in messages]
                for field, messages in errors.items()
            }
        )


def clean_text(value, field: str, errors: dict, *, what: str, optional: bool = False) -> str:
    """Trimmed text of at most TEXT_MAX_LENGTH characters; `what` is the request shown when it is empty."""
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        errors[field] = ["Write this as text."]
    elif not text and not optional:
        errors[field] = [f"{what}."]
    elif len(text) > TEXT_MAX_LENGTH:
        errors[field] = [f"Keep it to {TEXT_MAX_LENGTH} characters (it has {len(text)})."]
    return text


def clean_money(value, field: str, errors: dict, *, what: str) -> Decimal | None:
    """A positive amount below a billion with at most 2 decimal places, as a Decimal with exactly 2."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or not amount.is_finite() or isinstance(value, bool):
        errors[field] = [f"{what} must be an amount such as 120 or 120.50."]
    elif amount <= 0:
        errors[field] = [f"{what} must be more than 0."]
    elif amount >= MONEY_LIMIT:
        errors[field] = [f"{what} must be less than {MONEY_LIMIT:,}."]
    elif amount != amount.quantize(CENT):
        errors[field] = [f"{what} can have at most 2 decimal places."]
    else:
        return amount.quantize(CENT)
    return None


def clean_date(value, field: str, errors: dict, *, what: str, optional: bool = False) -> date | None:
    """A calendar date from today on (the site's time zone)."""
    if value in (None, "") and optional:
        return None
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        errors[field] = [f"{what} must be a date."]
        return None
    if value < timezone.localdate():
        errors[field] = [f"{what} cannot be in the past."]
    return value
