"""Use cases that set the cycle up: grant a role, create a project (its PIN draft).

Grants are recorded, not judged: who may grant is for the API's authentication to decide (setu records
`granted_by`); what a role then allows is the domain's transition table. A user acts for one
organisation, so every grant of a user names the same one. Grants are chained on the `roles` stream,
projects start their own chain with their creation.
"""

from __future__ import annotations

from setu.domain.cycle.chain import ROLES_STREAM, project_stream
from setu.domain.cycle.history import ProjectRecord
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.request_checks import check_create_request, check_grant_request
from setu.domain.cycle.requests import CreateProject, GrantRole, grant_to_json
from setu.domain.cycle.roles import Role
from setu.domain.journal import format_instant
from setu.services.cycle_execution import append_entry, check, entry_id, load_actor, refuse, run_cycle
from setu.services.ports import UnitOfWork, UnitOfWorkFactory


def grant_role(new_uow: UnitOfWorkFactory, request: GrantRole) -> CycleOutcome:
    """Record that a user holds a role for a scope (`*`, a project or a registry)."""
    return run_cycle(new_uow, request, _grant_role)


def _grant_role(uow: UnitOfWork, request: GrantRole) -> CycleOutcome:
    check(check_grant_request(request))
    grant = request.grant
    # Grants run one at a time (the roles chain's head is locked first), so a user's organisation cannot
    # be set two ways by two concurrent first grants.
    uow.cycle.journal_head(ROLES_STREAM, lock=True)
    held = uow.cycle.grants_of(grant.user)
    if held and held[0].organisation != grant.organisation:
        raise refuse(CycleCode.FIELD_INVALID,
                     f"organisation: {grant.user} acts for {held[0].organisation}, not {grant.organisation}")
    if not uow.cycle.add_grant(grant, request.granted_by, format_instant(uow.now())):
        raise refuse(CycleCode.ROLE_ALREADY_HELD,
                     f"{grant.user} already holds the role {grant.role.value} for {grant.scope}")
    entry = append_entry(uow, ROLES_STREAM, request.idempotency_key,
                         {"kind": "role-granted", "granted_by": request.granted_by, **grant_to_json(grant)})
    return CycleOutcome(request.idempotency_key, entry_id=entry_id(entry))


def create_project(new_uow: UnitOfWorkFactory, request: CreateProject) -> CycleOutcome:
    """Create a project as a PIN draft; the creator is a focal point for it and one of its participants."""
    return run_cycle(new_uow, request, _create_project)


def _create_project(uow: UnitOfWork, request: CreateProject) -> CycleOutcome:
    check(check_create_request(request))
    if uow.cycle.project(request.project_id, lock=False) is not None:
        raise refuse(CycleCode.PROJECT_ALREADY_EXISTS, f"project {request.project_id} already exists")
    actor = load_actor(uow, request.user)
    if Role.FOCAL_POINT not in actor.roles_for(request.project_id):
        raise refuse(CycleCode.ROLE_NOT_PERMITTED, f"{request.user} is not a focal point for {request.project_id}")
    if actor.organisation not in request.participants:
        raise refuse(CycleCode.ROLE_NOT_PERMITTED,
                     f"{request.user} acts for {actor.organisation}, which is not a participant of {request.project_id}")
    record = ProjectRecord(request.project_id, request.name, request.methodology_id, request.methodology_version,
                           request.sectoral_scope, request.participants, request.user, format_instant(uow.now()))
    if not uow.cycle.add_project(record):  # created concurrently since we looked
        raise refuse(CycleCode.PROJECT_ALREADY_EXISTS, f"project {request.project_id} already exists")
    entry = append_entry(uow, project_stream(record.id), request.idempotency_key, record.to_json())
    return CycleOutcome(request.idempotency_key, entry_id=entry_id(entry), project_id=record.id)
