"""What a Joint Committee issuance decision may say: per vintage, at most the verified ER of the period."""

from __future__ import annotations

from collections.abc import Mapping

from setu.domain.cycle.rejections import CycleCode, CycleRejection


def check_decided_amounts(verified_t: Mapping[int, int], decided_t: Mapping[int, int]) -> CycleRejection | None:
    """ISSUANCE_EXCEEDS_VERIFIED for the first vintage decided above its verified ER (or not verified at all)."""
    for vintage in sorted(decided_t):
        amount = decided_t[vintage]
        if amount < 0:
            return CycleRejection(CycleCode.ISSUANCE_EXCEEDS_VERIFIED, f"vintage {vintage}: {amount} t is negative")
        verified = verified_t.get(vintage)
        if verified is None:
            return CycleRejection(CycleCode.ISSUANCE_EXCEEDS_VERIFIED, f"vintage {vintage} has no verified ER in this period")
        if amount > verified:
            return CycleRejection(
                CycleCode.ISSUANCE_EXCEEDS_VERIFIED, f"vintage {vintage}: {amount} t decided, only {verified} t verified"
            )
    return None
