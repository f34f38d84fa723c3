"""The cycle commands' `--json` output: one JSON value on stdout, keys in a fixed order, stable names.

Conventions, as `setu holdings --json`: whole tonnes and counts are integers, exact decimals (allocation
percentages) are strings, never floats; enums are their names (`IMPLEMENTED`, `SUBMIT_PIN`,
`FOCAL_POINT`, `MONITORING_REPORT`), except a document's variant, which is its value (`public`) as in
document ids; instants are UTC with microseconds (`2026-11-22T09:30:00.000000Z`); vintage-keyed
amounts are objects keyed by the year as a string (`{"2026": 982}`), as on the chain.

Every write answers with its outcome (`outcome`); a refusal is the same object with `accepted: false`
and exit 1. A refused query answers `{"accepted": false, "code": ..., "message": ...}` (exit 1); unusable
input answers the same with code `USAGE_ERROR` (exit 2), a database failure with `DATABASE_ERROR` (exit 1).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from setu.domain.cycle.deadlines import OpenStep
from setu.domain.cycle.documents import DocumentRecord, shown_filename
from setu.domain.cycle.issuance_plan import PeriodIssuance
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleRejection
from setu.domain.cycle.requests import allocation_to_json, amounts_to_json
from setu.domain.cycle.views import CycleEvent
from setu.domain.journal import format_instant
from setu.services.cycle_queries import ProjectStatus, ProjectSummary

USAGE_ERROR = "USAGE_ERROR"
DATABASE_ERROR = "DATABASE_ERROR"

Json = dict[str, Any]


def emit(value: object) -> None:
    """Print `value` as JSON on stdout; a reader that went away (`| head`) ends the command quietly."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
        raise SystemExit(1) from None


def quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush cannot complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def outcome(result: CycleOutcome) -> Json:
    """A write's answer: the stored outcome (as the web API will answer) and whether it was a replay."""
    return {**result.to_json(), "replayed": result.replayed}


def refusal(rejection: CycleRejection) -> Json:
    return failure(rejection.code.name, rejection.message)


def failure(code: str, message: str) -> Json:
    return {"accepted": False, "code": code, "message": message}


def _instant(moment: datetime | None) -> str | None:
    return format_instant(moment) if moment is not None else None


def document(d: DocumentRecord) -> Json:
    return {"id": d.id, "project_id": d.project_id, "period_id": d.period_id, "form": d.form.name,
            "form_number": d.form.number, "version": d.version, "variant": d.variant.value, "sha256": d.sha256,
            "size_bytes": d.size_bytes, "filename": shown_filename(d), "uploaded_by": d.uploaded_by, "uploaded_at": d.uploaded_at}


def issuance(i: PeriodIssuance) -> Json:
    return {"period_id": i.period_id, "decision_id": i.decision.decision_id,
            "decided_t": amounts_to_json(i.decision.decided_t), "allocation": allocation_to_json(i.decision.allocation),
            "decided_at": i.decided_at, "issued_at": i.issued_at, "issued": [s.to_json() for s in i.shares]}


def open_step(s: OpenStep, now: datetime | None = None) -> Json:
    step = {"project_id": s.project_id, "period_id": s.period_id, "step": s.step, "owner": s.owner,
            "started_at": format_instant(s.started_at), "due_at": format_instant(s.due_at)}
    return step if now is None else {**step, "days_overdue": s.days_overdue(now)}


def status(s: ProjectStatus) -> Json:
    r, v = s.record, s.view
    return {
        "id": r.id, "name": r.name, "methodology_id": r.methodology_id, "methodology_version": r.methodology_version,
        "sectoral_scope": r.sectoral_scope, "participants": list(r.participants), "created_by": r.created_by,
        "created_at": r.created_at, "state": v.state.name, "validator": v.validator,
        "public_input_closes": _instant(v.public_input_closes),
        "approvals": sorted(role.name for role in v.approvals), "pending": sorted(a.name for a in v.pending),
        "periods": [{"id": p.id, "state": p.state.name, "verifier": p.verifier,
                     "approvals": sorted(role.name for role in p.approvals)} for p in v.periods],
        "documents": [document(d) for d in s.documents],
        "issuances": [issuance(i) for i in s.issuances],
        "open_steps": [open_step(step) for step in s.open_steps],
    }


def projects(summaries: Iterable[ProjectSummary]) -> list[Json]:
    return [{"id": p.id, "name": p.name, "state": p.state.name,
             "periods": [{"id": period, "state": state.name} for period, state in p.periods]} for p in summaries]


def history(events: Iterable[CycleEvent], project_id: str) -> Json:
    return {"project_id": project_id, "events": [
        {"at": format_instant(e.at), "action": e.action.name, "period_id": e.period_id, "actor": e.actor,
         "organisation": e.organisation, "role": e.role.name, "reason": e.reason, "documents": list(e.documents)}
        for e in events]}


def overdue(steps: Iterable[OpenStep], now: datetime) -> Json:
    return {"now": format_instant(now), "overdue": [open_step(s, now) for s in steps]}
