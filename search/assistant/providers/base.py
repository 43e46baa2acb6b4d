"""What every assistant provider returns, and how it says it cannot answer now."""

from dataclasses import dataclass, field


@dataclass
class Reply:
    """One assistant turn: the text, the artworks the tools returned in this turn, and how it got there.

    `product_ids` are only ids a tool returned during this turn; the service re-reads them from the
    database, so a provider never decides what a buyer is shown or at which price.
    """

    text: str
    product_ids: list[int] = field(default_factory=list)
    tool_calls: list[dict] = field(default_factory=list)
    understood: dict = field(default_factory=dict)
    provider: str = ""
    tokens: int = 0


class ProviderUnavailable(Exception):
    """The provider cannot answer now (down, slow, over budget): the service falls back to the built-in one.

    `tokens` are model tokens already spent on the failed turn: they still count against the budget.
    """

    def __init__(self, reason: str = "", *, tokens: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.tokens = tokens
