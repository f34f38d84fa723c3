"""Prove the cycle's tables are exactly what its chains say (the cycle's half of `setu verify`).

Every chain must link from genesis to its recorded head; then the rows that the chains also carry are
compared with them: role grants with the `roles` chain, each project with its creation entry, documents
with their filing entries, claims with the monitoring reports, each period's recorded decision and
issued shares with its DECIDE_ISSUANCE and ISSUE entries. A row inserted around the services, or an
entry edited, shows up as a named problem. Never modifies anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from setu.domain.cycle.chain import ROLES_STREAM, CycleEntry, chain_problems, project_stream
from setu.domain.cycle.requests import details_to_json, grant_to_json
from setu.services.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class CycleVerification:
    """What `verify_cycle` found; `problems` is empty when the cycle's records are sound."""

    entries: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_cycle(new_uow: UnitOfWorkFactory) -> CycleVerification:
    """Check every chain, then every row the chains vouch for."""
    with new_uow(read_only=True) as uow:
        heads = uow.cycle.journal_heads()
        chains = {stream: uow.cycle.entries(stream) for stream in sorted(heads)}
        problems = [p for stream, entries in chains.items() for p in chain_problems(stream, entries, heads[stream])]
        problems += _compare_rows(uow, chains)
    return CycleVerification(sum(len(e) for e in chains.values()), problems)


def _events(chains: dict[str, list[CycleEntry]], kind: str, action: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(stream, event) of every project entry of `kind` (and `action`)."""
    return [(stream, e.event) for stream, entries in chains.items() if stream != ROLES_STREAM for e in entries
            if e.event.get("kind") == kind and (action is None or e.event.get("action") == action)]


def _differ(what: str, stored: list[Any], chained: list[Any]) -> list[str]:
    extra = sorted(repr(x) for x in stored if x not in chained)
    missing = sorted(repr(x) for x in chained if x not in stored)
    return ([f"{what} stored but not in the chains: {x}" for x in extra]
            + [f"{what} in the chains but not stored: {x}" for x in missing])


def _compare_rows(uow: UnitOfWork, chains: dict[str, list[CycleEntry]]) -> list[str]:
    cycle = uow.cycle
    problems: list[str] = []
    granted = [{k: v for k, v in e.event.items() if k not in ("kind", "granted_by")} for e in chains.get(ROLES_STREAM, [])]
    problems += _differ("role grant", [grant_to_json(g) for g in cycle.grants()], granted)
    projects = cycle.projects()
    for record in projects:
        entries = chains.get(project_stream(record.id), [])
        if not entries or entries[0].event != record.to_json():
            problems.append(f"project {record.id}: the row differs from the chain's creation entry")
    streams = {project_stream(r.id) for r in projects} | {ROLES_STREAM}
    problems += [f"chain {s} belongs to no project" for s in sorted(set(chains) - streams)]
    filed = [event for _stream, event in _events(chains, "document-filed")]
    problems += _differ("document", [d.to_json() for d in cycle.documents()], filed)
    claimed = [(stream, e["period_id"], c["subject"], c["start"], c["end"])
               for stream, e in _events(chains, "action", "SUBMIT_MONITORING_REPORT") for c in e["details"]["claims"]]
    stored_claims = [(project_stream(c.project_id), c.period_id, c.subject, _iso(c.start), _iso(c.end))
                     for c in cycle.claims()]
    problems += _differ("claim", stored_claims, claimed)
    issuances = cycle.period_issuances()
    decided = [(stream, e["period_id"], e["details"]) for stream, e in _events(chains, "action", "DECIDE_ISSUANCE")]
    problems += _differ("issuance decision", [(project_stream(i.project_id), i.period_id, details_to_json(i.decision))
                                              for i in issuances], decided)
    issued = [(stream, e["period_id"], e["issued"]) for stream, e in _events(chains, "action", "ISSUE")]
    stored_issued = [(project_stream(i.project_id), i.period_id, [s.to_json() for s in i.shares])
                     for i in issuances if i.issued_at]
    problems += _differ("issuance", stored_issued, issued)
    return problems


def _iso(day: date) -> str:
    return day.isoformat()
