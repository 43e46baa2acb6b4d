"""What the platform takes from a sale: the rate that applies to an artist, and one line's fee.

The rules (API.md "Money rules"): the rate is the artist's negotiated rate if an admin set one,
otherwise their plan's rate (`plans.current_plan`; a plan without one charges the default), otherwise
the default rate in the marketplace settings; the fee of a line is its gross times
the rate, rounded to the penny (half up), never below the minimum fee and never above the gross
(a £0.40 postcard does not cost its artist money to sell). Shipping carries no fee.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import MarketplaceSettings, NegotiatedRate, Plan
from .plans import current_plan

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class LineFee:
    gross: Decimal
    rate: Decimal
    fee: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.fee


def fee_for(gross: Decimal, *, rate: Decimal, minimum: Decimal) -> LineFee:
    """The fee on `gross` at `rate`, with the minimum applied where it bites, capped at the gross."""
    gross = Decimal(gross).quantize(PENNY)
    fee = (gross * Decimal(rate)).quantize(PENNY, rounding=ROUND_HALF_UP)
    fee = min(max(fee, Decimal(minimum).quantize(PENNY)), gross)
    return LineFee(gross=gross, rate=Decimal(rate), fee=fee)


def rate_of(negotiated: NegotiatedRate | None, terms: MarketplaceSettings, plan: Plan | None = None) -> Decimal:
    """The rule, in one place: a negotiated rate wins, else the plan's rate, else the default."""
    if negotiated is not None:
        return negotiated.fee_rate
    if plan is not None and plan.fee_rate is not None:
        return plan.fee_rate
    return terms.default_fee_rate


def fee_rate_for(artist, terms: MarketplaceSettings | None = None) -> Decimal:
    """The rate `artist` pays on a sale made now."""
    negotiated = NegotiatedRate.objects.filter(artist=artist).first()
    plan = current_plan(artist) if negotiated is None else None
    return rate_of(negotiated, terms or MarketplaceSettings.load(), plan)
