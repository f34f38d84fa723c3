"""Prove the cycle's tables are exactly what its chains say (the cycle's half of `setu verify`).

Every chain must link from genesis to its recorded head; then the rows that the chains also carry are
compared with them: role grants with the `roles` chain, each project with its creation entry, documents
with their filing entries, claims with the monitoring reports, each period's recorded decision and
issued shares with its DECIDE_ISSUANCE and ISSUE entries, and each entry's idempotency key with the
outcome stored under it (so a retry cannot run the request again). Given the file store, every
document's file must be there and still hash to its name. A row inserted around the services, an entry
edited (even into something that is not an event at all), an outcome deleted or a file altered on disk
shows up as a named problem, never as a crash. Never modifies anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from setu.domain.cycle.chain import ROLES_STREAM, CycleEntry, chain_problems, project_stream
from setu.domain.cycle.documents import DocumentRecord
from setu.domain.cycle.requests import details_to_json, grant_to_json
from setu.services.ports import DocumentFiles, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class CycleVerification:
    """What `verify_cycle` found; `problems` is empty when the cycle's records are sound."""

    entries: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_cycle(new_uow: UnitOfWorkFactory, files: DocumentFiles | None = None) -> CycleVerification:
    """Check every chain, then every row the chains vouch for, then (given `files`) every document's file."""
    with new_uow(read_only=True) as uow:
        heads = uow.cycle.journal_heads()
        chains = {stream: uow.cycle.entries(stream) for stream in sorted(heads)}
        problems = [p for stream, entries in chains.items() for p in chain_problems(stream, entries, heads[stream])]
        events, unreadable = _readable_events(chains)
        problems += unreadable
        problems += _compare_rows(uow, events)
        problems += _key_problems(uow, chains)
        records = uow.cycle.documents() if files is not None else []
    if files is not None:
        problems += _file_problems(files, records)
    return CycleVerification(sum(len(e) for e in chains.values()), problems)


Events = dict[str, list[dict[str, Any]]]


def _readable_events(chains: dict[str, list[CycleEntry]]) -> tuple[Events, list[str]]:
    """Each stream's events in order; an entry whose body holds no event object is named and left out."""
    events: Events = {}
    problems: list[str] = []
    for stream, entries in chains.items():
        events[stream] = []
        for entry in entries:
            try:
                event = entry.event
            except (ValueError, RecursionError, TypeError, KeyError):
                event = None
            if isinstance(event, dict):
                events[stream].append(event)
            else:
                problems.append(f"{stream}#{entry.seq}: the entry holds no readable event")
    return events, problems


def _key_problems(uow: UnitOfWork, chains: dict[str, list[CycleEntry]]) -> list[str]:
    """Each entry's idempotency key is used once and its stored outcome answers with that entry; otherwise
    a retry of the request would run it again (as the ledger's half of `verify` checks for its journals)."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for stream, entries in chains.items():
        for entry in entries:
            where = f"{stream}#{entry.seq}"
            try:
                key = entry.envelope.get("idempotency_key")
            except (ValueError, RecursionError, AttributeError):
                continue  # named already as an entry that holds no readable event
            if not isinstance(key, str):
                problems.append(f"{where}: the entry names no idempotency key")
                continue
            if key in seen:
                problems.append(f"{where} reuses idempotency key {key!r} of {seen[key]}: a request ran twice")
                continue
            seen[key] = where
            stored = uow.cycle.find_outcome(key)
            try:
                answer = json.loads(stored.outcome_json) if stored is not None else {}
            except ValueError:
                answer = {}
            if not isinstance(answer, dict) or not answer.get("accepted") or answer.get("entry_id") != where:
                problems.append(f"{where}: the stored outcome for idempotency key {key!r} is missing or names another"
                                " entry; a retry would run the request again")
    return problems


def _events(chains: Events, kind: str, action: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(stream, event) of every project entry of `kind` (and `action`)."""
    return [(stream, e) for stream, events in chains.items() if stream != ROLES_STREAM for e in events
            if e.get("kind") == kind and (action is None or e.get("action") == action)]


def _file_problems(files: DocumentFiles, records: list[DocumentRecord]) -> list[str]:
    """Every document whose file is gone or no longer hashes to the SHA-256 its row and chain record."""
    problems: list[str] = []
    for sha256, ids in _by_hash(records).items():
        try:
            files.get(sha256)  # the store re-hashes what it reads
        except (OSError, ValueError) as broken:
            problems.append(f"document {', '.join(ids)}: file {sha256}: {broken}")
    return problems


def _by_hash(records: list[DocumentRecord]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for record in records:
        found.setdefault(record.sha256, []).append(record.id)
    return found


def _differ(what: str, stored: list[Any], chained: list[Any]) -> list[str]:
    extra = sorted(repr(x) for x in stored if x not in chained)
    missing = sorted(repr(x) for x in chained if x not in stored)
    return ([f"{what} stored but not in the chains: {x}" for x in extra]
            + [f"{what} in the chains but not stored: {x}" for x in missing])


def _compare_rows(uow: UnitOfWork, chains: Events) -> list[str]:
    cycle = uow.cycle
    problems: list[str] = []
    granted = [{k: v for k, v in e.items() if k not in ("kind", "granted_by")} for e in chains.get(ROLES_STREAM, [])]
    problems += _differ("role grant", [grant_to_json(g) for g in cycle.grants()], granted)
    projects = cycle.projects()
    for record in projects:
        events = chains.get(project_stream(record.id), [])
        if not events or events[0] != record.to_json():
            problems.append(f"project {record.id}: the row differs from the chain's creation entry")
    streams = {project_stream(r.id) for r in projects} | {ROLES_STREAM}
    problems += [f"chain {s} belongs to no project" for s in sorted(set(chains) - streams)]
    filed = [event for _stream, event in _events(chains, "document-filed")]
    problems += _differ("document", [d.to_json() for d in cycle.documents()], filed)
    claimed = [(stream, e.get("period_id"), c.get("subject"), c.get("start"), c.get("end"))
               for stream, e in _events(chains, "action", "SUBMIT_MONITORING_REPORT") for c in _claims_of(e)]
    stored_claims = [(project_stream(c.project_id), c.period_id, c.subject, _iso(c.start), _iso(c.end))
                     for c in cycle.claims()]
    problems += _differ("claim", stored_claims, claimed)
    issuances = cycle.period_issuances()
    decided = [(stream, e.get("period_id"), e.get("details")) for stream, e in _events(chains, "action", "DECIDE_ISSUANCE")]
    problems += _differ("issuance decision", [(project_stream(i.project_id), i.period_id, details_to_json(i.decision))
                                              for i in issuances], decided)
    issued = [(stream, e.get("period_id"), e.get("issued")) for stream, e in _events(chains, "action", "ISSUE")]
    stored_issued = [(project_stream(i.project_id), i.period_id, [s.to_json() for s in i.shares])
                     for i in issuances if i.issued_at]
    problems += _differ("issuance", stored_issued, issued)
    return problems


def _claims_of(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims a monitoring-report event carries; an edited event without them claims nothing (and its
    stored claims then show up as not in the chains)."""
    details = event.get("details")
    claims = details.get("claims") if isinstance(details, dict) else None
    return [c for c in claims if isinstance(c, dict)] if isinstance(claims, list) else []


def _iso(day: date) -> str:
    return day.isoformat()
