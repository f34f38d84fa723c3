"""A project's chain, read back: its record, its events, the folded `ProjectView` and each period's figures.

Entries of a project's chain are of three kinds: `project-created` (first, once), `document-filed` and
`action`. Only actions change the state. The public-input window is folded with the number of days in
force when the PDD was published (recorded on that event), so changing `CycleRules` later never
rewrites the past.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from setu.domain.cycle.chain import CycleEntry
from setu.domain.cycle.issuance_plan import issuing_registries
from setu.domain.cycle.requests import (
    Details,
    IssuanceDecision,
    MonitoringDetails,
    VerificationDetails,
    VintageAmounts,
    details_from_json,
    details_to_json,
)
from setu.domain.cycle.roles import Role
from setu.domain.cycle.transitions import Action
from setu.domain.cycle.views import CycleEvent, ProjectView, apply, with_period


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """What a project is, fixed at creation (the PIN draft)."""

    id: str
    name: str
    methodology_id: str
    methodology_version: str
    sectoral_scope: str
    participants: tuple[str, ...]
    created_by: str
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": "project-created", "project_id": self.id, "name": self.name,
                "methodology_id": self.methodology_id, "methodology_version": self.methodology_version,
                "sectoral_scope": self.sectoral_scope, "participants": list(self.participants),
                "created_by": self.created_by, "created_at": self.created_at}

    def fresh_view(self) -> ProjectView:
        return ProjectView(self.id, self.sectoral_scope, frozenset(self.participants))


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The tonnes a period has reported, had verified and been decided, as its events state them."""

    reported_t: VintageAmounts = ()
    verified_t: VintageAmounts = ()
    decision: IssuanceDecision | None = None


@dataclass(frozen=True, slots=True)
class ProjectHistory:
    record: ProjectRecord
    view: ProjectView
    events: tuple[CycleEvent, ...]
    figures: tuple[tuple[str, PeriodFigures], ...]

    def figures_for(self, period_id: str) -> PeriodFigures:
        return next((f for p, f in self.figures if p == period_id), PeriodFigures())


def action_event_json(event: CycleEvent, details: Details | None, **extra: Any) -> dict[str, Any]:
    """An accepted action as it is chained: who, as which role, why, on which period, with which documents."""
    return {"kind": "action", "action": event.action.name, "actor": event.actor, "organisation": event.organisation,
            "role": event.role.name, "reason": event.reason, "period_id": event.period_id,
            "documents": list(event.documents), "details": details_to_json(details), **extra}


def _event(entry: CycleEntry, data: dict[str, Any]) -> CycleEvent:
    return CycleEvent(Action[data["action"]], data["actor"], data["organisation"], Role[data["role"]],
                      entry.recorded_at, data["reason"], data["period_id"], tuple(data["documents"]))


def fold(record: ProjectRecord, entries: Iterable[CycleEntry], public_input_days: int) -> ProjectHistory:
    """Replay a project's chain into its current view, its events and each period's figures."""
    view = record.fresh_view()
    events: list[CycleEvent] = []
    figures: dict[str, PeriodFigures] = {}
    for entry in entries:
        data = entry.event
        if data["kind"] != "action":
            continue
        event = _event(entry, data)
        view = apply(view, event, data.get("public_input_days", public_input_days))
        events.append(event)
        details = details_from_json(data["details"])
        if event.period_id is not None and isinstance(details, IssuanceDecision):
            view = with_period(view, replace(view.period(event.period_id), registries=issuing_registries(details)))
        if event.period_id is not None and details is not None:
            figures[event.period_id] = _with(figures.get(event.period_id, PeriodFigures()), details)
    return ProjectHistory(record, view, tuple(events), tuple(sorted(figures.items())))


def _with(figures: PeriodFigures, details: Details) -> PeriodFigures:
    if isinstance(details, MonitoringDetails):
        return replace(figures, reported_t=details.reported_t)
    if isinstance(details, VerificationDetails):
        return replace(figures, verified_t=details.verified_t)
    return replace(figures, decision=details)


def last_event(events: Iterable[CycleEvent], action: Action, period_id: str | None = None) -> CycleEvent | None:
    """The latest `action` (on `period_id`, for a period action) in `events`."""
    found = None
    for event in events:
        if event.action is action and event.period_id == period_id:
            found = event
    return found

