"""Split a decided amount of whole tonnes between recipients by the percentages of the allocation form.

Rule (`jcm.md` §7.1, a design proposal [I] made configurable by the form itself): each recipient gets
`floor(amount × pct / 100)`; the remainder, always fewer tonnes than there are recipients, goes to the
recipient the form designates, who must have a positive percentage (a recipient the JC gave 0 % gets
nothing). The shares therefore sum exactly to the amount, and no recipient gets a fraction of a tonne.
Percentages are exact decimals of at most `MAX_PERCENT_PLACES` decimal places and must sum to exactly
100. All arithmetic is exact (rational), never rounded to the `decimal` context's precision, so neither
the sum check nor the floors depend on how many digits a percentage or an amount has.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MAX_PERCENT_PLACES = 28
"""More decimal places than any allocation form needs; the bound keeps the exact arithmetic small."""


class AllocationError(ValueError):
    """The allocation vector cannot be used: percentages, recipients or the designated recipient."""


@dataclass(frozen=True, slots=True)
class AllocationShare:
    """One line of the Percentage of Credit Allocation Form: who, where the credits go, what percentage."""

    recipient: str
    registry: str
    account: str
    percent: Decimal


@dataclass(frozen=True, slots=True)
class AllocationForm:
    """The allocation vector and the recipient of the rounding remainder."""

    shares: tuple[AllocationShare, ...]
    remainder_to: str

    def check(self) -> None:
        """Raise `AllocationError` naming the first problem: sum, sign, duplicates, designated recipient."""
        names = [s.recipient for s in self.shares]
        if not self.shares:
            raise AllocationError("the allocation form lists no recipient")
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise AllocationError(f"recipient {duplicates[0]} is listed twice")
        for share in self.shares:
            if not share.percent.is_finite() or share.percent < 0 or share.percent > 100:
                raise AllocationError(f"{share.recipient}: percentage {share.percent} must be between 0 and 100")
            if -int(share.percent.as_tuple().exponent) > MAX_PERCENT_PLACES:
                raise AllocationError(f"{share.recipient}: percentage {share.percent} has more than {MAX_PERCENT_PLACES}"
                                      " decimal places")
        total = sum((Fraction(s.percent) for s in self.shares), Fraction(0))
        if total != 100:
            raise AllocationError(f"percentages sum to {_shown(total)}, not 100")
        if self.remainder_to not in names:
            raise AllocationError(f"the remainder goes to {self.remainder_to}, who is not a recipient")
        if next(s for s in self.shares if s.recipient == self.remainder_to).percent == 0:
            raise AllocationError(f"the remainder goes to {self.remainder_to}, whose percentage is 0")


def _shown(total: Fraction) -> str:
    """The exact sum of the percentages as a decimal (at most `MAX_PERCENT_PLACES` places, so this ends)."""
    places = 0
    while (total * 10**places).denominator != 1:
        places += 1
    return str(Decimal(f"{int(total * 10**places)}E-{places}"))


def split(amount: int, form: AllocationForm) -> tuple[tuple[AllocationShare, int], ...]:
    """Whole tonnes per recipient, in form order, summing exactly to `amount`."""
    if amount < 0:
        raise AllocationError(f"amount {amount} must not be negative")
    form.check()
    floors = [(share, amount * Fraction(share.percent) // 100) for share in form.shares]
    remainder = amount - sum(tonnes for _, tonnes in floors)
    return tuple((share, tonnes + (remainder if share.recipient == form.remainder_to else 0)) for share, tonnes in floors)
