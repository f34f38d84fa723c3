"""`setu project …`, `setu role grant`, `setu document upload` and `setu cycle …`: the JCM project cycle.

Every command calls one service of `setu.services` (the same functions the web API will call). The
acting user is named with `--as USER`; the roles come from that user's grants. Real authentication
comes with the web API: until then the command line trusts `--as`, as a registry operator's console.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from setu.cli import cycle_render
from setu.cli.arguments import UsageError
from setu.cli.context import cycle_rules
from setu.cli.cycle_options import action_details, parse_action, parse_form, parse_role
from setu.domain.cycle.documents import Variant
from setu.domain.cycle.rejections import CycleRejected
from setu.domain.cycle.requests import CreateProject, GrantRole, TakeAction, UploadDocument
from setu.domain.cycle.roles import ANY_SCOPE, RoleGrant
from setu.services import cycle_actions, cycle_admin, cycle_queries, documents
from setu.services.execution import check_idempotency_key
from setu.store.documents import FileDocumentStore

project_app = typer.Typer(help="JCM projects: create, show, list.", no_args_is_help=True)
role_app = typer.Typer(help="Who may act in the project cycle.", no_args_is_help=True)
document_app = typer.Typer(help="Documents of the project cycle (forms, reports, decisions).", no_args_is_help=True)
cycle_app = typer.Typer(help="The project cycle: act, overdue steps, history.", no_args_is_help=True)

KeyOption = Annotated[
    str | None, typer.Option("--key", help="Idempotency key; a retry with the same key does nothing twice. Default: a new UUID.")
]
AsOption = Annotated[str, typer.Option(
    "--as", help="The acting user; their role grants decide what they may do. (Real authentication comes with the web API.)")]
ProjectOption = Annotated[str, typer.Option("--project", help="Project id, e.g. IN-JCM-PV-001.")]
PeriodOption = Annotated[str | None, typer.Option("--period", help="Monitoring period id, e.g. MP1.")]


def _key(key: str | None) -> str:
    return str(uuid.uuid4()) if key is None else check_idempotency_key(key, field="--key")


@role_app.command("grant")
def role_grant(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The user receiving the role.")],
    role: Annotated[str, typer.Option(help="jc-member, jc-secretariat, government-of-india, government-of-japan,"
                                           " focal-point, project-participant, tpe, registry-manager.")],
    organisation: Annotated[str, typer.Option(help="The organisation the user acts for.")],
    as_: AsOption,
    scope: Annotated[str, typer.Option(help="A project id, or * for every project.")] = ANY_SCOPE,
    sectoral_scope: Annotated[list[str] | None, typer.Option(
        "--sectoral-scope", help="For a TPE: a sectoral scope (1-15) it is designated for; repeat for more.")] = None,
    key: KeyOption = None,
) -> None:
    """Record that USER holds a role for a scope."""
    grant = RoleGrant(user, organisation, parse_role(role), scope, tuple(sectoral_scope or ()))
    result = cycle_admin.grant_role(ctx.obj.uow(), GrantRole(_key(key), as_, grant))
    raise typer.Exit(cycle_render.outcome(result, f"{user} is {grant.role.value} for {scope}"))


@project_app.command("create")
def project_create(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project id, e.g. IN-JCM-PV-001.")],
    name: Annotated[str, typer.Option(help="Project name.")],
    methodology: Annotated[str, typer.Option(help="Methodology id, e.g. IN_AM001.")],
    sectoral_scope: Annotated[str, typer.Option("--sectoral-scope", help="JCM sectoral scope, 1-15.")],
    participant: Annotated[list[str], typer.Option(help="A project participant (organisation); repeat for more.")],
    as_: AsOption,
    methodology_version: Annotated[str, typer.Option(help="Methodology version.")] = "1.0",
    key: KeyOption = None,
) -> None:
    """Open a project as a PIN draft; the acting user must be its focal point and act for a participant."""
    request = CreateProject(_key(key), as_, project, name, methodology, methodology_version, sectoral_scope,
                            tuple(participant))
    raise typer.Exit(cycle_render.outcome(cycle_admin.create_project(ctx.obj.uow(), request), f"project {project} created"))


@project_app.command("show")
def project_show(ctx: typer.Context, project: Annotated[str, typer.Argument(help="Project id.")]) -> None:
    """A project's state, periods, documents, issuances and open steps."""
    try:
        cycle_render.status(cycle_queries.project_status(ctx.obj.uow(), project, rules=cycle_rules()))
    except CycleRejected as refused:
        raise typer.Exit(_refused(refused)) from None


@project_app.command("list")
def project_list(ctx: typer.Context) -> None:
    """Every project with its state and its periods' states."""
    cycle_render.projects(cycle_queries.list_projects(ctx.obj.uow(), rules=cycle_rules()))


@document_app.command("upload")
def document_upload(
    ctx: typer.Context,
    project: ProjectOption,
    form: Annotated[str, typer.Option(help="Form name or number: PIN or 3.1, MOC_STATEMENT, PDD, MR, JC, COI, ...")],
    file: Annotated[Path, typer.Option(help="The file to file.")],
    as_: AsOption,
    period: PeriodOption = None,
    variant: Annotated[Variant, typer.Option(help="public, or the confidential twin of the newest public version.")] = (
        Variant.PUBLIC),
    document_dir: Annotated[Path | None, typer.Option(
        "--document-dir", envvar="SETU_DOCUMENT_DIR", help="Where files are kept. Default: var/documents.")] = None,
    key: KeyOption = None,
) -> None:
    """File a new version of a form; prints its document id, for `setu cycle act --document`."""
    chosen = parse_form(form)
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"--file: cannot read {file}: {exc.strerror or exc}") from None
    request = UploadDocument(_key(key), as_, project, chosen, variant, file.name, content, period)
    result = documents.upload_document(ctx.obj.uow(), FileDocumentStore(document_dir), request)
    raise typer.Exit(cycle_render.outcome(result, "filed"))


@cycle_app.command("act")
def cycle_act(
    ctx: typer.Context,
    action: Annotated[str, typer.Argument(help="The action, e.g. SUBMIT_PIN or submit-pin (see docs/cycle.md).")],
    project: ProjectOption,
    as_: AsOption,
    reason: Annotated[str, typer.Option(help="Why: kept on the event for the record.")],
    period: PeriodOption = None,
    document: Annotated[list[str] | None, typer.Option(help="A document id the action rests on; repeat for more.")] = None,
    claim: Annotated[list[str] | None, typer.Option(
        help="Monitoring report: SUBJECT:START:END, e.g. meter:PV1-AC:2026-04-01:2027-03-31; repeat.")] = None,
    reported: Annotated[list[str] | None, typer.Option(help="Monitoring report: VINTAGE=TONNES, e.g. 2026=982; repeat.")] = None,
    verified: Annotated[list[str] | None, typer.Option(help="Verification: VINTAGE=TONNES; repeat.")] = None,
    decided: Annotated[list[str] | None, typer.Option(help="Issuance decision: VINTAGE=TONNES; repeat.")] = None,
    decision_id: Annotated[str | None, typer.Option(help="Issuance decision: the JC decision id.")] = None,
    allocation: Annotated[list[str] | None, typer.Option(
        help="Issuance decision: RECIPIENT:REGISTRY:ACCOUNT:PERCENT, e.g. 'Government of Japan:JPN01:JPN01-1:50'; repeat.")] = None,
    remainder_to: Annotated[str | None, typer.Option(help="Issuance decision: the recipient of the rounding remainder.")] = None,
    key: KeyOption = None,
) -> None:
    """Take one action of the project cycle (or be told, as CODE: message, why not)."""
    chosen = parse_action(action)
    details = action_details(chosen, claim=claim, reported=reported, verified=verified, decided=decided,
                             decision_id=decision_id, allocation=allocation, remainder_to=remainder_to)
    request = TakeAction(_key(key), as_, project, chosen, reason, period, tuple(document or ()), details)
    result = cycle_actions.act(ctx.obj.uow(), request, rules=cycle_rules())
    target = chosen.transition.target
    where = f"{project}/{period}" if period else project
    raise typer.Exit(cycle_render.outcome(result, f"{chosen.name} {where}" + (f" → {target.value}" if target else "")))


@cycle_app.command("overdue")
def cycle_overdue(
    ctx: typer.Context,
    now: Annotated[str | None, typer.Option(help="The moment to judge at, ISO 8601 (UTC if no offset). Default: now.")] = None,
) -> None:
    """Steps past their time limit: validations, verifications, completeness checks."""
    moment = _instant(now) if now is not None else datetime.now(UTC)
    cycle_render.overdue(cycle_queries.overdue(ctx.obj.uow(), now=moment, rules=cycle_rules()), moment)


@cycle_app.command("history")
def cycle_history(ctx: typer.Context, project: Annotated[str, typer.Argument(help="Project id.")]) -> None:
    """Every action taken on a project, oldest first: who, as which role, when, why, on which documents."""
    try:
        status = cycle_queries.project_status(ctx.obj.uow(), project, rules=cycle_rules())
    except CycleRejected as refused:
        raise typer.Exit(_refused(refused)) from None
    cycle_render.history(status.events, project)


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now: {text!r} is not an ISO 8601 date or time, e.g. 2027-06-30T12:00:00+05:30") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _refused(refused: CycleRejected) -> int:
    cycle_render.errors.print(f"[bold red]{refused.rejection.code.name}[/]: {refused.rejection.message}", soft_wrap=True)
    return 1
