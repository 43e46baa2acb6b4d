"""The built-in assistant: offline, free and the default, answering through the same read-only tools.

It reads the message with `understand()`, asks `search_artworks` with what it understood and, when
nothing matches, widens the question one step at a time (the searched words, then colour and size,
then half as much budget again, then the city), saying what it let go. A question about an artist
asks `artist_profile`; "surprise me" asks `recommendations_for`. Every artwork it shows is one a
tool returned in this turn.
"""

import re
from dataclasses import replace
from decimal import Decimal

from .. import replies, tools
from ..understanding import CHEAP_CAP, MAX_AMOUNT, Understood, understand
from .base import Reply

MAX_PRODUCTS = 6
BUDGET_STEP = Decimal("1.5")
COMMISSION_WORDS = ("commission", "custom", "bespoke")
FOLLOW_UP_STARTS = ("and ", "but ", "what about", "how about", "only ", "now ", "also ", "instead", "maybe ")
FOLLOW_UP_WORDS = ("cheaper", "bigger", "smaller", "larger")


class BuiltinProvider:
    """Understands the common shapes of a request and writes a short reply from templates."""

    name = "builtin"
    spends_tokens = False

    def reply(self, *, user, history: list[dict], message: str) -> Reply:
        understood = _with_context(understand(message, user=user), message, history, user)
        turn = _Turn(user)
        if understood.intent == "artist":
            text = turn.about_artist(understood, asked_commissions=_mentions(message, COMMISSION_WORDS))
        elif understood.intent == "recommend":
            count = turn.recommendations()
            text = replies.recommend_line(count, gift=understood.gift)
        elif understood.intent == "help":
            text = replies.help_lines(understood.notes, turn.recommendations())
        else:
            text = turn.search(understood)
        filters = {"artist": understood.artist} if understood.intent == "artist" else understood.as_filters()
        if understood.gift:
            filters["gift"] = True
        return Reply(
            text=text,
            product_ids=turn.product_ids[:MAX_PRODUCTS],
            tool_calls=turn.calls,
            understood=filters,
            provider=self.name,
            tokens=0,
        )


class _Turn:
    """One reply's tool calls, recorded as the service stores them, and the artworks to show."""

    def __init__(self, user):
        self.user = user
        self.calls: list[dict] = []
        self.product_ids: list[int] = []

    def run(self, name: str, arguments: dict) -> dict:
        result = tools.run_tool(name, arguments, user=self.user)
        ids = tools.returned_ids(result)
        self.calls.append({"name": name, "arguments": arguments, "result_ids": ids})
        return result

    def show(self, result: dict) -> int:
        self.product_ids = tools.returned_ids(result)[:MAX_PRODUCTS]
        return len(self.product_ids)

    def recommendations(self) -> int:
        return self.show(self.run("recommendations_for", {"limit": MAX_PRODUCTS}))

    def about_artist(self, understood: Understood, *, asked_commissions: bool) -> str:
        profile = self.run("artist_profile", {"slug": understood.artist}).get("artist")
        count = self.show(self.run("search_artworks", {"artist": understood.artist, "limit": MAX_PRODUCTS}))
        return replies.artist_lines(profile, asked_commissions=asked_commissions, count=count)

    def search(self, understood: Understood) -> str:
        """Search, widening step by step until something is found; the reply says what was let go."""
        lines = [replies.understood_line(understood.summary()), *understood.notes[:1]]
        widened = []
        question = understood
        for change, wider in [(None, understood), *_widenings(understood)]:
            if change:
                widened.append(change)
                question = wider
            filters = {**question.as_filters(), "limit": MAX_PRODUCTS}
            result = self.run("search_artworks", filters)
            if "error" not in result and self.show(result):
                lines += [
                    replies.widened_line(widened),
                    replies.found_line(len(self.product_ids), gift=understood.gift),
                ]
                return " ".join(line for line in lines if line)
        lines.append(replies.nothing_line())
        return " ".join(line for line in lines if line)


def _widenings(understood: Understood) -> list[tuple[str, Understood]]:
    """Each step keeps the ones before it: drop the words, then colour and size, raise the budget, drop the city."""
    steps, current = [], understood
    if current.text:
        current = replace(current, text="", medium_word="")
        steps.append((f"left out the words “{understood.text}”", current))
    if current.colour or current.size or current.max_width_cm or current.max_height_cm:
        let_go = [name for name, value in (("colour", current.colour), ("size", current.size)) if value]
        if current.max_width_cm or current.max_height_cm:
            let_go.append("measurements")
        current = replace(current, colour="", size="", max_width_cm=None, max_height_cm=None)
        steps.append(("let go of the " + " and ".join(dict.fromkeys(let_go)), current))
    if current.max_price is not None:
        raised = min((current.max_price * BUDGET_STEP).quantize(Decimal("1")), MAX_AMOUNT)
        current = replace(current, max_price=raised)
        steps.append((replies.raised_budget(raised), current))
    if current.city:
        current = replace(current, city="")
        steps.append((f"looked beyond {understood.city}", current))
    if current.featured:
        steps.append(("looked beyond the featured artworks", replace(current, featured=None)))
    return steps


def _mentions(message: str, words) -> bool:
    lowered = message.casefold()
    return any(word in lowered for word in words)


def _with_context(understood: Understood, message: str, history: list[dict], user) -> Understood:
    """A follow-up ("and cheaper?", "what about blue") refines the buyer's previous request."""
    lowered = " ".join(str(message or "").casefold().split())
    said = set(re.findall(r"\w+", lowered))
    if not (lowered.startswith(FOLLOW_UP_STARTS) or said & set(FOLLOW_UP_WORDS)):
        return understood
    earlier = [m for m in (history or []) if isinstance(m, dict) and m.get("role") == "user"]
    previous_text = earlier[-1].get("content") if earlier else ""
    if not previous_text or not isinstance(previous_text, str):
        return understood
    previous = understand(previous_text, user=user)
    if previous.intent != "search":
        return understood
    merged = {
        name: getattr(understood, name) for name in Understood.FILTERS if getattr(understood, name) not in (None, "")
    }
    cap_from_word = understood.max_price == CHEAP_CAP and not any(ch.isdigit() for ch in message)
    if cap_from_word and previous.max_price is not None:
        merged.pop("max_price")
    if understood.artist:
        merged["artist_name"] = understood.artist_name
    if "cheaper" in said and previous.max_price is not None and "max_price" not in merged:
        merged["max_price"] = (previous.max_price * Decimal("0.7")).quantize(Decimal("1"))
        merged.pop("min_price", None)
        previous = replace(previous, min_price=None)
    return replace(previous, **merged, gift=previous.gift or understood.gift, intent="search", notes=understood.notes)
