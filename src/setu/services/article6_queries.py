"""Read-only Article 6 questions: is a Party in a position to first transfer on a day, and why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from setu.domain.article6.participation import (
    Standing,
    eligibility_problem,
    report_problem,
    standing_on,
)
from setu.domain.codes import RegistryCode
from setu.services.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class StandingReport:
    """A Party's standing in force on a day, and per cooperative approach it takes part in, what (if
    anything) stops it first transferring that approach's units that day."""

    party: str
    day: date
    versions: int
    in_force: Standing | None
    eligibility: str | None
    approaches: dict[str, str | None]


def standing_report(new_uow: UnitOfWorkFactory, party: str, day: date) -> StandingReport:
    """What `setu a6 standing show` prints: the standing in force and the first-transfer gates' verdicts."""
    with new_uow(read_only=True) as uow:
        versions = uow.article6.standings(party)
        approaches = sorted({ca for (registry, ca), approach in uow.article6.all_approaches().items()
                             if party in approach.parties and _party_of(uow, registry) == party})
    return StandingReport(
        party, day, len(versions), standing_on(versions, day), eligibility_problem(party, versions, day),
        {ca: report_problem(party, versions, ca, day) for ca in approaches},
    )


def _party_of(uow: UnitOfWork, registry: RegistryCode) -> str | None:
    found = uow.ledger.registry(registry)
    return found.party if found is not None else None
