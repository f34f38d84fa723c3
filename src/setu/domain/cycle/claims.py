"""The double-claim guard: no meter or facility is claimed twice over overlapping time.

A monitoring report claims each meter and facility it draws on for its period (inclusive local dates).
Two claims on one subject overlap when each starts on or before the other ends; periods that merely
touch (one ends 31 March, the next starts 1 April) do not. The same period of the same project may
re-submit its own claim (a corrected report), so a claim never conflicts with itself.

A subject is compared, and stored, by its key (`subject_key`: surrounding blanks dropped, case folded), so
`meter:PV1-AC` and `meter:pv1-ac` are one meter to the guard and to the store, which compares exact text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from setu.domain.cycle.rejections import CycleCode, CycleRejection


def subject_key(subject: str) -> str:
    """The one spelling of a claimed meter or facility: `' meter:PV1-AC'` -> `'meter:pv1-ac'`."""
    return subject.strip().casefold()


@dataclass(frozen=True, slots=True)
class Claim:
    """`subject` (`meter:pv1-ac` or `facility:...`, kept as its `subject_key`) claimed by a project's period
    from `start` to `end`."""

    project_id: str
    period_id: str
    subject: str
    start: date
    end: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "subject", subject_key(self.subject))  # a stored claim is already its key

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
