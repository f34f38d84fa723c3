"""A project and its periods as the cycle rules see them, folded from the project's append-only events.

The store keeps events; the state is never stored on its own, so it cannot drift from the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from setu.domain.cycle.roles import Role
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.transitions import Action, Subject

SIDE_REQUESTS = {
    Action.REQUEST_POST_REGISTRATION_CHANGE: Action.APPROVE_POST_REGISTRATION_CHANGE,
    Action.REQUEST_RENEWAL: Action.RENEW_CREDITING_PERIOD,
}
"""A side request and the JC action that settles it."""


@dataclass(frozen=True, slots=True)
class CycleEvent:
    """One accepted action: what, on which period (if any), by whom, when, why, with which documents."""

    action: Action
    actor: str
    organisation: str
    role: Role
    at: datetime
    reason: str
    period_id: str | None = None
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PeriodView:
    id: str
    state: PeriodState = PeriodState.NONE
    verifier: str | None = None
    approvals: frozenset[Role] = frozenset()


@dataclass(frozen=True, slots=True)
class ProjectView:
    """What the rules need to know about a project."""

    id: str
    sectoral_scope: str
    participants: frozenset[str]
    state: ProjectState = ProjectState.PIN_DRAFT
    validator: str | None = None
    public_input_closes: datetime | None = None
    approvals: frozenset[Role] = frozenset()
    pending: frozenset[Action] = frozenset()
    periods: tuple[PeriodView, ...] = field(default=())

    def period(self, period_id: str) -> PeriodView:
        for period in self.periods:
            if period.id == period_id:
                return period
        return PeriodView(period_id)


def apply(view: ProjectView, event: CycleEvent, public_input_days: int) -> ProjectView:
    """The view after an accepted event. Checks are `checks.check_action`'s job; this only records."""
    transition = event.action.transition
    if transition.subject is Subject.PERIOD:
        return _apply_period(view, event)
    changed = view
    if transition.target is not None:
        changed = replace(changed, state=transition.target, approvals=frozenset())
    if event.action is Action.PUBLISH_PDD:
        changed = replace(changed, public_input_closes=event.at + timedelta(days=public_input_days))
    elif event.action is Action.START_VALIDATION:
        changed = replace(changed, validator=event.organisation)
    elif event.action is Action.APPROVE_REGISTRATION:
        changed = replace(changed, approvals=changed.approvals | {event.role})
    elif event.action in SIDE_REQUESTS:
        changed = replace(changed, pending=changed.pending | {event.action})
    elif event.action in SIDE_REQUESTS.values():
        request = next(r for r, settle in SIDE_REQUESTS.items() if settle is event.action)
        changed = replace(changed, pending=changed.pending - {request})
    return changed


def _apply_period(view: ProjectView, event: CycleEvent) -> ProjectView:
    if event.period_id is None:
        raise ValueError(f"{event.action.name} acts on a monitoring period but names none")
    period = view.period(event.period_id)
    transition = event.action.transition
    if transition.target is not None:
        period = replace(period, state=transition.target, approvals=frozenset())
    if event.action is Action.START_VERIFICATION:
        period = replace(period, verifier=event.organisation)
    elif event.action is Action.APPROVE_ISSUANCE:
        period = replace(period, approvals=period.approvals | {event.role})
    others = tuple(p for p in view.periods if p.id != period.id)
    return replace(view, periods=tuple(sorted(others + (period,), key=lambda p: p.id)))
