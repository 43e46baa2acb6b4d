"""The built-in assistant's words: short replies from templates, so every answer reads the same way.

A reply says what was understood, what was found (or what was widened to find something), in two
to four sentences; the artworks themselves are shown as cards beside it, with their real prices.
"""

from decimal import Decimal

EXAMPLE = "“something blue under £200 from Bristol”"


def understood_line(summary: str) -> str:
    return f"Looking for: {summary}." if summary else ""


def found_line(count: int, *, gift: bool) -> str:
    artworks = "one artwork" if count == 1 else f"{count} artworks"
    verb = "is" if count == 1 else "are"
    if gift:
        return f"Here {verb} {artworks} that would make a lovely present."
    return f"Here {verb} {artworks} for sale that {'matches' if count == 1 else 'match'}."


def widened_line(changes: list[str]) -> str:
    return f"Nothing matched everything, so I {_joined(changes)}." if changes else ""


def nothing_line() -> str:
    return (
        "I couldn't find anything for sale for that, even after widening the search. "
        f"Try fewer details, or something like {EXAMPLE}."
    )


def help_lines(notes: list[str], count: int) -> str:
    lines = [*notes[:1], f"Tell me what you're after: a colour, a budget, a size, a medium or a city, like {EXAMPLE}."]
    if count:
        lines.append("Meanwhile, here are a few artworks people like." if count > 1 else "Meanwhile, here is one.")
    return " ".join(lines)


def recommend_line(count: int, *, gift: bool) -> str:
    if not count:
        return f"I have nothing to suggest just now. Try asking for something, like {EXAMPLE}."
    lead = "For a present, a few ideas" if gift else "A few artworks you might like"
    return f"{lead}: {count} picked from what is for sale now. Tell me a budget or a colour to narrow them down."


def artist_lines(profile: dict | None, *, asked_commissions: bool, count: int) -> str:
    if profile is None:
        return "I couldn't find that artist on Artiqo just now."
    name = profile["name"]
    lines = [f"{name} works in {profile['city']}." if profile.get("city") else f"{name} sells on Artiqo."]
    if profile.get("open_for_commissions"):
        note = (profile.get("commission_note") or "").strip()
        lines.append(f"{name} is taking commissions" + (f": “{note[:200]}”." if note else "."))
    elif asked_commissions:
        lines.append(f"{name} isn't taking commissions at the moment.")
    if count:
        lines.append(f"Here {'is one artwork' if count == 1 else f'are {count} artworks'} of theirs for sale.")
    return " ".join(lines)


def raised_budget(amount: Decimal) -> str:
    return f"raised the budget to {money(amount)}"


def _joined(changes: list[str]) -> str:
    if len(changes) <= 1:
        return "".join(changes)
    return ", ".join(changes[:-1]) + " and " + changes[-1]


def plain_number(amount: Decimal) -> str:
    """ "50", "12.5": an amount as a buyer writes it (never "50.0" or "1E+2")."""
    return f"{amount.normalize():f}"


def price_phrase(low: Decimal | None, high: Decimal | None) -> str:
    """ "under £200", "over £500", "£100–£300"."""
    if low is not None and high is not None:
        return f"{money(low)}–{money(high)}"
    if high is not None:
        return f"under {money(high)}"
    if low is not None:
        return f"over {money(low)}"
    return ""


def money(amount: Decimal) -> str:
    """ "£1,200", "£150.50": pounds as a buyer reads them."""
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def dimensions_phrase(width: Decimal | None, height: Decimal | None) -> str:
    """ "up to 40 × 60 cm", "up to 50 cm wide"."""
    cm = plain_number
    if width and height:
        return f"up to {cm(width)} × {cm(height)} cm"
    if width:
        return f"up to {cm(width)} cm wide"
    return f"up to {cm(height)} cm tall"
