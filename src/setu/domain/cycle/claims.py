"""The double-claim guard: no meter or facility is claimed twice over overlapping time.

A monitoring report claims each meter and facility it draws on for its period (inclusive local dates).
Two claims on one subject overlap when each starts on or before the other ends; periods that merely
touch (one ends 31 March, the next starts 1 April) do not. The same period of the same project may
re-submit its own claim (a corrected report), so a claim never conflicts with itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from setu.domain.cycle.rejections import CycleCode, CycleRejection


@dataclass(frozen=True, slots=True)
class Claim:
    """`subject` (`meter:PV1-AC` or `facility:...`) claimed by a project's period from `start` to `end`."""

    project_id: str
    period_id: str
    subject: str
    start: date
    end: date

    def overlaps(self, other: Claim) -> bool:
        return self.subject == other.subject and self.start <= other.end and other.start <= self.end

    def same_owner(self, other: Claim) -> bool:
        return (self.project_id, self.period_id) == (other.project_id, other.period_id)


def check_claims(new: Iterable[Claim], existing: Iterable[Claim]) -> CycleRejection | None:
    """DOUBLE_CLAIM naming the first earlier claim a new one overlaps, or None."""
    recorded = list(existing)
    for claim in new:
        for other in recorded:
            if claim.overlaps(other) and not claim.same_owner(other):
                return CycleRejection(
                    CycleCode.DOUBLE_CLAIM,
                    f"{claim.subject} from {claim.start} to {claim.end} is already claimed by project "
                    f"{other.project_id} period {other.period_id} ({other.start} to {other.end})",
                )
    return None
