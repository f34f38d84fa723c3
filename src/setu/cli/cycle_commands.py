"""`setu project …`, `setu role grant`, `setu document upload|get` and `setu cycle …`: the JCM project cycle.

Every command calls one service of `setu.services` (the same functions the web API will call). The
acting user is named with `--as USER`; the roles come from that user's grants. Real authentication
comes with the web API: until then the command line trusts `--as`, as a registry operator's console.
Every command that prints takes `--json`: one JSON value on stdout instead (shapes in `cycle_json`),
refusals and unusable input included, with the same exit codes (0 done, 1 refused, 2 unusable input).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from setu.cli import cycle_json, cycle_render
from setu.cli.arguments import UsageError
from setu.cli.context import cycle_rules
from setu.cli.cycle_options import action_details, parse_action, parse_document_selector, parse_form, parse_role
from setu.cli.file_output import check_target, write_atomically, write_stdout
from setu.domain.cycle.documents import Variant
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleRejected, CycleRejection
from setu.domain.cycle.request_checks import MAX_DOCUMENT_BYTES
from setu.domain.cycle.requests import CreateProject, GrantRole, TakeAction, UploadDocument
from setu.domain.cycle.roles import ANY_SCOPE, RoleGrant
from setu.services import cycle_actions, cycle_admin, cycle_queries, document_retrieval, documents
from setu.services.document_retrieval import DocumentFileProblem
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
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output: one JSON value on stdout.")]
DocumentDirOption = Annotated[Path | None, typer.Option(
    "--document-dir", envvar="SETU_DOCUMENT_DIR", help="Where files are kept. Default: var/documents.")]


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
    scope: Annotated[str, typer.Option(help="What the role covers: a project id (focal point, participant), a registry code (registry manager, e.g. IND01), or * where the role allows it (JC, governments, TPEs).")] = ANY_SCOPE,
    sectoral_scope: Annotated[list[str] | None, typer.Option(
        "--sectoral-scope", help="For a TPE: a sectoral scope (1-15) it is designated for; repeat for more.")] = None,
    key: KeyOption = None,
    json_: JsonOption = False,
) -> None:
    """Record that USER holds a role for a scope."""
    with _answering(json_):
        grant = RoleGrant(user, organisation, parse_role(role), scope, tuple(sectoral_scope or ()))
        result = cycle_admin.grant_role(ctx.obj.uow(), GrantRole(_key(key), as_, grant))
        raise typer.Exit(_outcome(result, f"{user} is {grant.role.value} for {scope}", json_))


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
    json_: JsonOption = False,
) -> None:
    """Open a project as a PIN draft; the acting user must be its focal point and act for a participant."""
    with _answering(json_):
        request = CreateProject(_key(key), as_, project, name, methodology, methodology_version, sectoral_scope,
                                tuple(participant))
        result = cycle_admin.create_project(ctx.obj.uow(), request)
        raise typer.Exit(_outcome(result, f"project {project} created", json_))


@project_app.command("show")
def project_show(
    ctx: typer.Context, project: Annotated[str, typer.Argument(help="Project id.")], json_: JsonOption = False,
) -> None:
    """A project's state, periods, documents, issuances and open steps."""
    with _answering(json_):
        status = _status(ctx, project, json_)
        if json_:
            cycle_json.emit(cycle_json.status(status))
        else:
            cycle_render.status(status)


@project_app.command("list")
def project_list(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Every project with its state and its periods' states."""
    with _answering(json_):
        summaries = cycle_queries.list_projects(ctx.obj.uow(), rules=cycle_rules())
        if json_:
            cycle_json.emit(cycle_json.projects(summaries))
        else:
            cycle_render.projects(summaries)


@document_app.command("upload")
def document_upload(
    ctx: typer.Context,
    project: ProjectOption,
    form: Annotated[str, typer.Option(help="Form name or number: PIN or 3.1, MOC_STATEMENT, PDD, MR, JC, COI, ...")],
    file: Annotated[Path, typer.Option(help="The file to file (at most 64 MiB).")],
    as_: AsOption,
    period: PeriodOption = None,
    variant: Annotated[Variant, typer.Option(help="public, or the confidential twin of the newest public version.")] = (
        Variant.PUBLIC),
    document_dir: DocumentDirOption = None,
    key: KeyOption = None,
    json_: JsonOption = False,
) -> None:
    """File a new version of a form; prints its document id, for `setu cycle act --document`."""
    with _answering(json_):
        chosen = parse_form(form)
        content = _read_upload(file)
        request = UploadDocument(_key(key), as_, project, chosen, variant, file.name, content, period)
        store = FileDocumentStore(document_dir)
        try:
            result = documents.upload_document(ctx.obj.uow(), store, request)
        except OSError as exc:  # the document directory cannot be written; nothing was recorded
            raise UsageError(f"--document-dir: cannot store the file under {store.root}: {exc.strerror or exc}") from None
        raise typer.Exit(_outcome(result, "filed", json_))


@document_app.command("get")
def document_get(
    ctx: typer.Context,
    document: Annotated[str | None, typer.Argument(
        help="A document id (IN-JCM-PV-001/MP1/MR/v1/public), or PROJECT/PERIOD/FORM ('-' for no period)"
             " for its newest version.", show_default=False)] = None,
    version: Annotated[int | None, typer.Option(help="With PROJECT/PERIOD/FORM: this version, not the newest.")] = None,
    variant: Annotated[Variant | None, typer.Option(
        help="With PROJECT/PERIOD/FORM: public (the default) or confidential.", show_default=False)] = None,
    sha256: Annotated[str | None, typer.Option("--sha256", help="Instead of DOCUMENT: the version with this content hash.")] = None,
    as_: Annotated[str | None, typer.Option(
        "--as", help="The reading user: confidential versions need a role that may read them. Default: the public.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write the file here (atomically: a temporary file, then renamed). Default, or '-': stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")] = False,
    document_dir: DocumentDirOption = None,
    json_: Annotated[bool, typer.Option("--json", help="With --out: describe the file written, as JSON.")] = False,
) -> None:
    """Fetch a filed document's content, checked against its SHA-256, to --out or stdout."""
    with _answering(json_):
        selector = parse_document_selector(document, version=version, variant=variant, sha256=sha256)
        target = None if out is None or str(out) == "-" else out
        if target is None and json_:
            raise UsageError("--json describes the file written to --out; give --out PATH")
        if target is None and force:
            raise UsageError("--force goes with --out PATH")
        if target is not None:
            check_target(target, force=force)
        store = FileDocumentStore(document_dir)
        try:
            got = document_retrieval.retrieve_document(ctx.obj.uow(), store, as_, selector)
        except CycleRejected as refused:
            raise typer.Exit(_refused(refused.rejection, json_)) from None
        except DocumentFileProblem as problem:
            message = f"{problem.message} (the document directory is {store.root})"
            raise typer.Exit(_failed(problem.code, message, json_)) from None
        if target is None:
            write_stdout(got.content)
            return
        write_atomically(target, got.content, force=force, private=got.record.variant is Variant.CONFIDENTIAL)
        if json_:
            cycle_json.emit({**cycle_json.document(got.record), "written_to": str(target)})
        else:
            cycle_render.written(got.record, target)


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
    json_: JsonOption = False,
) -> None:
    """Take one action of the project cycle (or be told, as CODE: message, why not)."""
    with _answering(json_):
        chosen = parse_action(action)
        details = action_details(chosen, claim=claim, reported=reported, verified=verified, decided=decided,
                                 decision_id=decision_id, allocation=allocation, remainder_to=remainder_to)
        request = TakeAction(_key(key), as_, project, chosen, reason, period, tuple(document or ()), details)
        result = cycle_actions.act(ctx.obj.uow(), request, rules=cycle_rules())
        target = chosen.transition.target
        where = f"{project}/{period}" if period else project
        raise typer.Exit(_outcome(result, f"{chosen.name} {where}" + (f" → {target.value}" if target else ""), json_))


@cycle_app.command("overdue")
def cycle_overdue(
    ctx: typer.Context,
    now: Annotated[str | None, typer.Option(help="The moment to judge at, ISO 8601 (UTC if no offset). Default: now.")] = None,
    json_: JsonOption = False,
) -> None:
    """Steps past their time limit: validations, verifications, completeness checks."""
    with _answering(json_):
        moment = _instant(now) if now is not None else datetime.now(UTC)
        steps = cycle_queries.overdue(ctx.obj.uow(), now=moment, rules=cycle_rules())
        if json_:
            cycle_json.emit(cycle_json.overdue(steps, moment))
        else:
            cycle_render.overdue(steps, moment)


@cycle_app.command("history")
def cycle_history(
    ctx: typer.Context, project: Annotated[str, typer.Argument(help="Project id.")], json_: JsonOption = False,
) -> None:
    """Every action taken on a project, oldest first: who, as which role, when, why, on which documents."""
    with _answering(json_):
        status = _status(ctx, project, json_)
        if json_:
            cycle_json.emit(cycle_json.history(status.events, project))
        else:
            cycle_render.history(status.events, project)


@contextmanager
def _answering(as_json: bool) -> Iterator[None]:
    """Unusable input (a `ValueError` naming the option: `UsageError`, `NotInitialized`, a bad environment
    variable) exits 2 with `error: message` on stderr, or with --json as JSON on stdout. As the edge handler
    in `setu.cli.app.main` does, but printing the message as typed, never as Rich markup."""
    try:
        yield
    except ValueError as exc:
        if as_json:
            cycle_json.emit(cycle_json.failure(cycle_json.USAGE_ERROR, str(exc)))
        else:
            cycle_render.usage_error(str(exc))
        raise typer.Exit(2) from None
    except SQLAlchemyError as exc:  # without --json, the edge handler prints `database error: ...`
        if not as_json:
            raise
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        cycle_json.emit(cycle_json.failure(cycle_json.DATABASE_ERROR, detail))
        raise typer.Exit(1) from None


def _outcome(result: CycleOutcome, what: str, as_json: bool) -> int:
    if as_json:
        cycle_json.emit(cycle_json.outcome(result))
        return 0 if result.accepted else 1
    return cycle_render.outcome(result, what)


def _read_upload(file: Path) -> bytes:
    """The file's bytes, read no further than the largest document allowed (a device or pipe may never end)."""
    try:
        with file.open("rb") as stream:
            content = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"--file: cannot read {file}: {exc.strerror or exc}") from None
    if not content:
        raise UsageError(f"--file: {file} is empty")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise UsageError(f"--file: {file} is larger than {MAX_DOCUMENT_BYTES:,} bytes (64 MiB), the most a document may be")
    return content


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now: {text!r} is not an ISO 8601 date or time, e.g. 2027-06-30T12:00:00+05:30") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _status(ctx: typer.Context, project: str, as_json: bool) -> cycle_queries.ProjectStatus:
    """The project's status, or exit 1 with PROJECT_NOT_FOUND (as text or JSON)."""
    try:
        return cycle_queries.project_status(ctx.obj.uow(), project, rules=cycle_rules())
    except CycleRejected as refused:
        raise typer.Exit(_refused(refused.rejection, as_json)) from None


def _refused(rejection: CycleRejection, as_json: bool) -> int:
    return _failed(rejection.code.name, rejection.message, as_json)


def _failed(code: str, message: str, as_json: bool) -> int:
    if as_json:
        cycle_json.emit(cycle_json.failure(code, message))
    else:
        cycle_render.refusal(code, message)
    return 1
