"""Steps someone owes within a time limit, and which of them are overdue.

Three kinds of step have a limit (`CycleRules`); each is open while the subject stays in the state that
started it, and due a whole number of days after the event that started it:

| Step | Open while | Started by | Owner | Limit |
|---|---|---|---|---|
| validation | project `UNDER_VALIDATION` | START_VALIDATION | the engaged TPE | `tpe_review_days` |
| verification | period `UNDER_VERIFICATION` | START_VERIFICATION | the engaged TPE | `tpe_review_days` |
| registration completeness check | project `REGISTRATION_REQUESTED`, no approval yet | REQUEST_REGISTRATION | JC secretariat | `completeness_check_days` |
| issuance completeness check | period `ISSUANCE_REQUESTED`, no approval yet | REQUEST_ISSUANCE | JC secretariat | `completeness_check_days` |

setu records no separate "completeness checked" action, so the first government approval of a request
is taken as the sign that it was found complete; after that the JC decides in its own time. The
public-input window is not a step anyone owes: `check_action` refuses comments after it closes and
validation before, and a window that has closed is simply closed. A step is overdue once `now` is past
its due instant; withdrawing a request or the project closes the step with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from setu.domain.cycle.checks import CycleRules
from setu.domain.cycle.history import last_event
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.transitions import Action
from setu.domain.cycle.views import CycleEvent, ProjectView

SECRETARIAT = "JC secretariat"


@dataclass(frozen=True, slots=True)
class OpenStep:
    """A step owed by `owner` since `started_at`, due at `due_at`."""

    project_id: str
    period_id: str | None
    step: str
    owner: str
    started_at: datetime
    due_at: datetime

    def overdue(self, now: datetime) -> bool:
        return now > self.due_at

    def days_overdue(self, now: datetime) -> int:
        return max(0, (now - self.due_at).days)


def open_steps(view: ProjectView, events: Sequence[CycleEvent], rules: CycleRules) -> tuple[OpenStep, ...]:
    """Every step with a time limit that is open on this project now, project steps first."""
    steps: list[OpenStep] = []

    def owed(step: str, owner: str | None, started: CycleEvent | None, days: int, period_id: str | None = None) -> None:
        if started is not None:  # a state is only ever entered by its starting action
            steps.append(OpenStep(view.id, period_id, step, owner or "?", started.at, started.at + timedelta(days=days)))

    if view.state is ProjectState.UNDER_VALIDATION:
        owed("validation", view.validator, last_event(events, Action.START_VALIDATION), rules.tpe_review_days)
    if view.state is ProjectState.REGISTRATION_REQUESTED and not view.approvals:
        owed("registration completeness check", SECRETARIAT, last_event(events, Action.REQUEST_REGISTRATION),
             rules.completeness_check_days)
    if view.state is ProjectState.IMPLEMENTED:
        for period in view.periods:
            if period.state is PeriodState.UNDER_VERIFICATION:
                owed("verification", period.verifier, last_event(events, Action.START_VERIFICATION, period.id),
                     rules.tpe_review_days, period.id)
            if period.state is PeriodState.ISSUANCE_REQUESTED and not period.approvals:
                owed("issuance completeness check", SECRETARIAT, last_event(events, Action.REQUEST_ISSUANCE, period.id),
                     rules.completeness_check_days, period.id)
    return tuple(steps)


def overdue_steps(view: ProjectView, events: Sequence[CycleEvent], rules: CycleRules, now: datetime) -> tuple[OpenStep, ...]:
    """The open steps of this project that are past due at `now`."""
    return tuple(s for s in open_steps(view, events, rules) if s.overdue(now))
