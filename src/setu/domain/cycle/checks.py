"""May this actor take this action now? One `if` per rule, in `CycleCode` order; nothing is written before.

`check_action` answers for everything the cycle itself knows (roles, state, TPE designation and conflicts
of interest, documents, the public-input window, government approvals). Issuance amounts, allocation and
double claims need data beyond the view and are checked by their own functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode, CycleRejection
from setu.domain.cycle.roles import Actor, Role
from setu.domain.cycle.states import ProjectState
from setu.domain.cycle.transitions import GOVERNMENTS, Action, Subject
from setu.domain.cycle.views import SIDE_APPROVALS, SIDE_REQUESTS, ProjectView, pending_request_for


@dataclass(frozen=True, slots=True)
class CycleRules:
    """The configurable parts of the procedure (`jcm.md` §2.3; India's values are not yet published)."""

    public_input_days: int = 30
    both_governments_approve: bool = True  # India-Japan: registration, crediting period, issuance [V] jcm.md §1
    completeness_check_days: int = 7  # a registration or issuance request is first answered within this [V] FAQ
    tpe_review_days: int = 60  # validation or verification from its start to the TPE's report [I]


_NEEDS_BOTH_GOVERNMENTS = (Action.REGISTER, Action.DECIDE_ISSUANCE, Action.RENEW_CREDITING_PERIOD)
"""JC decisions taken only with the prior approval of both governments (India-Japan, `jcm.md` §1)."""


def _refuse(code: CycleCode, message: str) -> CycleRejection:
    return CycleRejection(code, message)


def check_action(
    view: ProjectView, action: Action, actor: Actor, *, period_id: str | None, forms: Iterable[Form],
    now: datetime, rules: CycleRules = CycleRules(),
) -> CycleRejection | None:
    """The first rule `action` breaks, or None when it may go ahead."""
    transition = action.transition
    if transition.subject is Subject.PERIOD and period_id is None:
        return _refuse(CycleCode.PERIOD_NOT_FOUND, f"{action.name} needs a monitoring period")
    held = actor.roles_for(view.id) & transition.roles
    if not held:
        allowed = ", ".join(sorted(r.value for r in transition.roles))
        return _refuse(CycleCode.ROLE_NOT_PERMITTED, f"{action.name} on {view.id} needs the role: {allowed}")
    if (engaged := _engaged_problem(view, action, actor, period_id)) is not None:
        return engaged  # a TPE not engaged holds no role for this step, so learns nothing of its state either
    if (registry := _registry_problem(view, action, actor, period_id)) is not None:
        return registry
    if (state := _state_problem(view, action, period_id)) is not None:
        return state
    if (tpe := _tpe_problem(view, action, actor, period_id)) is not None:
        return tpe
    missing = [f for f in transition.forms if f not in set(forms)]
    if missing:
        names = "; ".join(f"form {f.number} {f.title}" for f in missing)
        return _refuse(CycleCode.DOCUMENT_MISSING, f"{action.name} needs {names}")
    if (window := _window_problem(view, action, now)) is not None:
        return window
    return _approval_problem(view, action, actor, period_id, rules)


def _state_problem(view: ProjectView, action: Action, period_id: str | None) -> CycleRejection | None:
    transition = action.transition
    if transition.subject is Subject.PROJECT:
        if view.state not in transition.sources:
            return _refuse(CycleCode.TRANSITION_NOT_ALLOWED, f"{action.name}: project {view.id} is {view.state.value}")
        request = pending_request_for(action)
        if request is not None and request not in view.pending:
            return _refuse(CycleCode.TRANSITION_NOT_ALLOWED, f"{action.name}: no {request.name} is pending on {view.id}")
        if action in SIDE_REQUESTS and action in view.pending:
            return _refuse(CycleCode.TRANSITION_NOT_ALLOWED, f"{action.name}: one is already pending on {view.id}")
        return None
    if period_id is None:  # refused before the role check; kept so this function stands on its own
        return _refuse(CycleCode.PERIOD_NOT_FOUND, f"{action.name} needs a monitoring period")
    if view.state is not ProjectState.IMPLEMENTED:
        return _refuse(CycleCode.TRANSITION_NOT_ALLOWED,
                       f"{action.name}: project {view.id} is {view.state.value}, not implemented")
    period = view.period(period_id)
    if period.state not in transition.sources:
        return _refuse(CycleCode.TRANSITION_NOT_ALLOWED, f"{action.name}: period {period_id} of {view.id} is {period.state.value}")
    return None


def _engaged_problem(view: ProjectView, action: Action, actor: Actor, period_id: str | None) -> CycleRejection | None:
    """ROLE_NOT_PERMITTED unless the actor's organisation is the TPE engaged for the validation or verification
    it would finish (ROLE_NOT_PERMITTED comes before TRANSITION_NOT_ALLOWED)."""
    if action not in (Action.VALIDATE, Action.VERIFY):
        return None
    engaged = view.validator if action is Action.VALIDATE else view.period(period_id or "").verifier
    if engaged is None:
        what = f"period {period_id} of {view.id}" if action is Action.VERIFY else view.id
        return _refuse(CycleCode.ROLE_NOT_PERMITTED, f"{action.name}: no TPE is engaged on {what}")
    if engaged != actor.organisation:
        return _refuse(CycleCode.ROLE_NOT_PERMITTED, f"{action.name}: {view.id} is engaged with {engaged}, not {actor.organisation}")
    return None


def _registry_problem(view: ProjectView, action: Action, actor: Actor, period_id: str | None) -> CycleRejection | None:
    """ROLE_NOT_PERMITTED unless the actor manages every registry the period's JC decision issues a share into.

    One ISSUE issues every share at once, and nobody issues into a registry they do not manage (each Side's
    registry manager issues into its own registry, `jcm.md` §1), so the actor must hold a registry-manager
    grant for each of them: a consolidated system's operator holds one per registry. A period not yet decided
    names no registry, and is refused by its state."""
    if action is not Action.ISSUE or period_id is None:
        return None
    unmanaged = sorted(r for r in view.period(period_id).registries if not actor.manages(r))
    if unmanaged:
        return _refuse(CycleCode.ROLE_NOT_PERMITTED,
                       f"ISSUE of period {period_id} of {view.id} issues into {', '.join(unmanaged)}, which {actor.user}"
                       " does not manage (a registry manager issues into the registries it is granted)")
    return None


def _tpe_problem(view: ProjectView, action: Action, actor: Actor, period_id: str | None) -> CycleRejection | None:
    if Role.TPE not in action.transition.roles or action in (Action.VALIDATE, Action.VERIFY):
        return None  # finishing: `_engaged_problem` has checked the actor is the TPE that started
    designated = {scope for g in actor.grants if g.role is Role.TPE for scope in g.sectoral_scopes}
    if view.sectoral_scope not in designated:
        return _refuse(CycleCode.TPE_NOT_DESIGNATED,
                       f"{actor.organisation} is not designated for sectoral scope {view.sectoral_scope}")
    if actor.organisation in view.participants:
        return _refuse(CycleCode.CONFLICT_OF_INTEREST, f"{actor.organisation} is a participant of {view.id}")
    return None


def _window_problem(view: ProjectView, action: Action, now: datetime) -> CycleRejection | None:
    closes = view.public_input_closes
    if action is Action.START_VALIDATION and closes is not None and now < closes:
        return _refuse(CycleCode.PUBLIC_INPUT_OPEN, f"public inputs on {view.id} close at {closes.isoformat()}")
    if action is Action.COMMENT and closes is not None and now >= closes:
        return _refuse(CycleCode.PUBLIC_INPUT_CLOSED, f"public inputs on {view.id} closed at {closes.isoformat()}")
    return None


def _approval_problem(view: ProjectView, action: Action, actor: Actor, period_id: str | None,
                      rules: CycleRules) -> CycleRejection | None:
    approvals = view.period(period_id).approvals if period_id else view.approvals
    if action in (Action.APPROVE_REGISTRATION, Action.APPROVE_ISSUANCE, *SIDE_APPROVALS):
        mine = actor.roles_for(view.id) & GOVERNMENTS
        if mine <= approvals:
            return _refuse(CycleCode.ALREADY_APPROVED, f"{action.name}: {', '.join(r.value for r in mine)} already approved")
    if action in _NEEDS_BOTH_GOVERNMENTS and rules.both_governments_approve:
        missing = GOVERNMENTS - approvals
        if missing:
            return _refuse(CycleCode.APPROVAL_MISSING,
                           f"{action.name} needs the prior approval of {', '.join(sorted(r.value for r in missing))}")
    return None
