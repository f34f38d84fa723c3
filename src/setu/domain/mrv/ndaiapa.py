"""India's list of activities eligible for Article 6.2 (NDAIAPA, `jcm.md` §8), as versioned data.

The list was finalized on 17 Feb 2023 and notified on 27 Jun 2023 "initially for first 3 years"; a check
after that window says so rather than assuming the list still stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from setu.domain.mrv.eligibility import NdaiapaFit, NdaiapaStatus


@dataclass(frozen=True, slots=True)
class NdaiapaList:
    """One notified version of the list."""

    notified: date
    valid_until: date
    source: str
    activities: tuple[tuple[int, str, str], ...]

    def activity(self, number: int) -> str:
        for listed, category, text in self.activities:
            if listed == number:
                return f"{listed}. {text} ({category})"
        raise KeyError(number)


NDAIAPA_2023 = NdaiapaList(
    notified=date(2023, 6, 27),
    valid_until=date(2026, 6, 26),
    source="NDAIAPA notice of 27 Jun 2023 (activities finalized 17 Feb 2023), initially for first 3 years",
    activities=(
        (1, "Mitigation", "Renewable energy with storage (only the stored component)"),
        (2, "Mitigation", "Solar thermal power"),
        (3, "Mitigation", "Offshore wind"),
        (4, "Mitigation", "Green hydrogen"),
        (5, "Mitigation", "Compressed biogas"),
        (6, "Mitigation", "Emerging mobility (e.g. fuel cells)"),
        (7, "Mitigation", "High-end technology for energy efficiency"),
        (8, "Mitigation", "Sustainable aviation fuel"),
        (9, "Mitigation", "Best available technologies for process improvement in hard-to-abate sectors"),
        (10, "Mitigation", "Tidal, ocean thermal, ocean salt-gradient, wave and current energy"),
        (11, "Mitigation", "HVDC transmission in conjunction with RE"),
        (12, "Alternate materials", "Green ammonia"),
        (13, "Removals", "CCUS"),
    ),
)


@dataclass(frozen=True, slots=True)
class NdaiapaFinding:
    """The answer to "is this activity on India's Article 6.2 list?", with every caveat spelled out."""

    status: NdaiapaStatus
    eligible: bool
    lines: tuple[str, ...]


def check_ndaiapa(fit: NdaiapaFit, on: date, listing: NdaiapaList = NDAIAPA_2023) -> NdaiapaFinding:
    """Flag a methodology's activity against the list in force on `on`.

    Only LISTED and CONDITIONAL count as eligible; CONDITIONAL means the crediting is restricted (e.g. to
    the stored component), which the methodology's equations must already enforce.
    """
    lines = [f"NDAIAPA Article 6.2 list: {fit.status.value}."]
    lines += [f"Item {listing.activity(number)}." for number in fit.activities]
    lines.append(fit.note)
    if on > listing.valid_until:
        lines.append(
            f"The list notified {listing.notified.isoformat()} was stated for an initial three years "
            f"(to {listing.valid_until.isoformat()}); confirm it was renewed before relying on it."
        )
    eligible = fit.status in (NdaiapaStatus.LISTED, NdaiapaStatus.CONDITIONAL)
    return NdaiapaFinding(fit.status, eligible, tuple(lines))
