"""A project and its periods as the cycle rules see them, folded from the project's append-only events.

The store keeps events; the state is never stored on its own, so it cannot drift from the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from setu.domain.cycle.roles import Role
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.transitions import Action, Subject

SIDE_REQUESTS: dict[Action, tuple[Action, ...]] = {
    Action.REQUEST_POST_REGISTRATION_CHANGE: (Action.APPROVE_POST_REGISTRATION_CHANGE,
                                              Action.REJECT_POST_REGISTRATION_CHANGE,
                                              Action.WITHDRAW_POST_REGISTRATION_CHANGE_REQUEST),
    Action.REQUEST_RENEWAL: (Action.RENEW_CREDITING_PERIOD, Action.REJECT_RENEWAL, Action.WITHDRAW_RENEWAL_REQUEST),
}
"""A side request and the actions that settle it: the JC approves or rejects it, or the focal point withdraws
it. One of each kind may be pending at a time, so a request nobody answers never blocks the next for ever."""

SIDE_APPROVALS = {Action.APPROVE_RENEWAL: Action.REQUEST_RENEWAL}
"""A government's prior approval of a pending side request (India-Japan: crediting-period decisions need both
governments, `jcm.md` §1); it does not settle the request."""


def pending_request_for(action: Action) -> Action | None:
    """The side request that must be pending for `action` (a settlement or an approval of it), or None."""
    if action in SIDE_APPROVALS:
        return SIDE_APPROVALS[action]
    return next((request for request, settles in SIDE_REQUESTS.items() if action in settles), None)


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
    registries: frozenset[str] = frozenset()  # the registries the JC decision issues a share into (`history.fold`)


@dataclass(frozen=True, slots=True)
class ProjectView:
    """What the rules need to know about a project.

    `approvals` are the governments' approvals of the request the JC is to decide: the registration request
    while `REGISTRATION_REQUESTED`, the pending crediting-period renewal once `IMPLEMENTED` (the two never
    overlap: a change of state clears them, and so does settling the renewal).
    """

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
    elif event.action in (Action.APPROVE_REGISTRATION, *SIDE_APPROVALS):
        changed = replace(changed, approvals=changed.approvals | {event.role})
    elif event.action in SIDE_REQUESTS:
        changed = replace(changed, pending=changed.pending | {event.action})
    elif (request := pending_request_for(event.action)) is not None:
        changed = replace(changed, pending=changed.pending - {request})
        if request in SIDE_APPROVALS.values():
            changed = replace(changed, approvals=frozenset())
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
    return with_period(view, period)


def with_period(view: ProjectView, period: PeriodView) -> ProjectView:
    """`view` with `period` in place of the period of its id (or added), periods kept in id order."""
    others = tuple(p for p in view.periods if p.id != period.id)
    return replace(view, periods=tuple(sorted(others + (period,), key=lambda p: p.id)))
