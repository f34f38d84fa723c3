"""`act`: take one action of the project cycle, for every `Action` of the transition table.

Order of work, in one transaction: check the request's syntax; lock the project row (every change to a
project runs alone); fold the project's chain into its view; load the actor's grants and the named
documents; `check_action` (role, state, TPE, documents, window, approvals); the action's own figures
(`cycle_figures`) or, for ISSUE, the issuance itself (`period_issuance`); finally chain the event, with
who, as which role, when, why, on which period, with which documents and figures. Any rejection leaves
nothing behind.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from setu.domain.cycle.chain import project_stream
from setu.domain.cycle.checks import CycleRules, check_action
from setu.domain.cycle.forms import Form
from setu.domain.cycle.history import ProjectHistory, action_event_json, fold
from setu.domain.cycle.issuance_plan import IssuedShare
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleCode, CycleRejection, first_rejection
from setu.domain.cycle.request_checks import check_action_request
from setu.domain.cycle.requests import IssuanceDecision, MonitoringDetails, TakeAction, VerificationDetails
from setu.domain.cycle.roles import Actor, Role
from setu.domain.cycle.states import PeriodState
from setu.domain.cycle.transitions import Action
from setu.domain.cycle.views import CycleEvent
from setu.services.cycle_execution import append_entry, check, entry_id, load_actor, refuse, run_cycle
from setu.services.cycle_figures import check_verification, claim_monitoring, record_decision
from setu.services.period_issuance import issue_period
from setu.services.ports import UnitOfWork, UnitOfWorkFactory

DEFAULT_RULES = CycleRules()

_APPROVALS = (Action.APPROVE_REGISTRATION, Action.APPROVE_RENEWAL, Action.APPROVE_ISSUANCE)


def act(new_uow: UnitOfWorkFactory, request: TakeAction, *, rules: CycleRules = DEFAULT_RULES) -> CycleOutcome:
    """Take `request.action` on a project or one of its periods, or refuse it with a `CycleCode`."""
    return run_cycle(new_uow, request, lambda uow, r: _act(uow, r, rules))


def _act(uow: UnitOfWork, request: TakeAction, rules: CycleRules) -> CycleOutcome:
    check(check_action_request(request))
    record = uow.cycle.project(request.project_id, lock=True)
    if record is None:
        raise refuse(CycleCode.PROJECT_NOT_FOUND, f"project {request.project_id} does not exist")
    history = fold(record, uow.cycle.entries(project_stream(record.id)), rules.public_input_days)
    actor = load_actor(uow, request.user)
    now = uow.now()
    forms, unknown = _documents(uow, request)
    rejection = check_action(history.view, request.action, actor, period_id=request.period_id, forms=forms, now=now,
                             rules=rules)
    if unknown:
        where = f"period {request.period_id} of " if request.period_id else ""
        # Ahead of `rejection` so that, both being DOCUMENT_MISSING, the more specific message is given.
        rejection = first_rejection(CycleRejection(
            CycleCode.DOCUMENT_MISSING, f"document {unknown[0]} is not on file for {where}{record.id}"), rejection)
    check(_already_issued(history, request, rejection))
    extra, issued = _figures(uow, history, request, rules, now)
    event = CycleEvent(request.action, actor.user, actor.organisation, _acting_role(history, actor, request), now,
                       request.reason, request.period_id, request.documents)
    body = action_event_json(event, request.details, **extra)
    entry = append_entry(uow, project_stream(record.id), request.idempotency_key, body)
    return CycleOutcome(request.idempotency_key, entry_id=entry_id(entry), project_id=record.id, issued=issued)


def _documents(uow: UnitOfWork, request: TakeAction) -> tuple[frozenset[Form], list[str]]:
    """The forms of the named documents on file for this project (and this period, or the whole project),
    and the names that are not."""
    forms: set[Form] = set()
    unknown: list[str] = []
    for name in request.documents:
        found = uow.cycle.document(name)
        if found is None or found.project_id != request.project_id or found.period_id not in (None, request.period_id):
            unknown.append(name)
        else:
            forms.add(found.form)
    return frozenset(forms), unknown


def _already_issued(history: ProjectHistory, request: TakeAction, rejection: CycleRejection | None) -> CycleRejection | None:
    """A repeated ISSUE of an issued period is told so by name, not merely that the state forbids it."""
    issued = (request.action is Action.ISSUE and request.period_id is not None
              and history.view.period(request.period_id).state is PeriodState.ISSUED)
    if issued and (rejection is None or rejection.code is CycleCode.TRANSITION_NOT_ALLOWED):
        return CycleRejection(CycleCode.PERIOD_ALREADY_ISSUED,
                              f"period {request.period_id} of {request.project_id} is already issued")
    return rejection


def _figures(
    uow: UnitOfWork, history: ProjectHistory, request: TakeAction, rules: CycleRules, now: datetime
) -> tuple[dict[str, Any], tuple[IssuedShare, ...]]:
    """Run the action's own rules and effects; return extra event fields and any shares issued."""
    period, details = request.period_id or "", request.details
    if isinstance(details, MonitoringDetails):
        claim_monitoring(uow, history.record.id, period, details, rules.public_input_days)
    elif isinstance(details, VerificationDetails):
        check_verification(history, period, details)
    elif isinstance(details, IssuanceDecision):
        record_decision(uow, history, period, details, now)
    elif request.action is Action.ISSUE:
        issued = issue_period(uow, history, period, now)
        return {"issued": [s.to_json() for s in issued]}, issued
    elif request.action is Action.PUBLISH_PDD:
        return {"public_input_days": rules.public_input_days}, ()  # the window, as it was when opened
    return {}, ()


def _acting_role(history: ProjectHistory, actor: Actor, request: TakeAction) -> Role:
    """The role the actor acts in: one of theirs the action allows; for an approval, one not yet given."""
    held = actor.roles_for(request.project_id) & request.action.transition.roles
    if request.action in _APPROVALS:
        view = history.view
        given = view.period(request.period_id).approvals if request.period_id else view.approvals
        held = held - given
    return min(held, key=lambda role: role.name)
