"""`setu`: the registry from the command line. Every command calls one service; rejections print
`CODE: message` and exit 1; unusable input prints what is wrong with which option and exits 2."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from setu.cli import render
from setu.cli.aef_commands import aef_app
from setu.cli.arguments import UsageError, parse_selection, registry_from_account
from setu.cli.article6_commands import a6_app, ca_app, ndc_app
from setu.cli.context import Context
from setu.cli.cycle_commands import cycle_app, document_app, project_app, role_app
from setu.cli.mrv_commands import methodology_app, mrv_app
from setu.domain.accounts import AccountStatus, AccountType, TransactionType
from setu.domain.blocks import UnitKind
from setu.domain.codes import AccountId, CooperativeApproachId, PartyCode, registry_code
from setu.domain.identifiers import unit_identifier
from setu.domain.requests import ByQuantity, ChangeAccountStatus, CreateRegistry, Issue, Move, OpenAccount
from setu.services import issuance, movement, queries, registry_admin, verification
from setu.services.execution import check_idempotency_key
from setu.store.documents import FileDocumentStore

app = typer.Typer(
    help="setu: the India-Japan JCM registry and Article 6.2 reporting system.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
registry_app = typer.Typer(help="National registries.", no_args_is_help=True)
account_app = typer.Typer(help="Accounts: open, suspend, reinstate, close.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
app.add_typer(account_app, name="account")
app.add_typer(methodology_app, name="methodology")
app.add_typer(mrv_app, name="mrv")
app.add_typer(project_app, name="project")
app.add_typer(role_app, name="role")
app.add_typer(document_app, name="document")
app.add_typer(cycle_app, name="cycle")
app.add_typer(a6_app, name="a6")
app.add_typer(ndc_app, name="ndc")
app.add_typer(ca_app, name="ca")
app.add_typer(aef_app, name="aef")

KeyOption = Annotated[
    str | None, typer.Option("--key", help="Idempotency key; a retry with the same key moves nothing. Default: a new UUID.")
]


def _key(key: str | None) -> str:
    return str(uuid.uuid4()) if key is None else check_idempotency_key(key, field="--key")


@app.callback()
def main_options(
    ctx: typer.Context,
    database_url: Annotated[
        str | None, typer.Option("--database-url", envvar="SETU_DATABASE_URL", help="Default: sqlite:///var/setu.sqlite3")
    ] = None,
) -> None:
    ctx.obj = Context(database_url)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database or bring it to the newest schema."""
    url = ctx.obj.initialize()
    render.console.print(f"[green]✔[/] database ready: {url}")


@registry_app.command("create")
def registry_create(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Registry id: Party code and two digits, e.g. IND01.")],
    party: Annotated[str, typer.Option(help="Owning Party, ISO 3166-1 alpha-3 (IND, JPN).")],
    name: Annotated[str, typer.Option(help="Display name.")],
    key: KeyOption = None,
) -> None:
    """Create a national registry."""
    result = registry_admin.create_registry(ctx.obj.uow(), CreateRegistry(_key(key), code, PartyCode(party), name))
    raise typer.Exit(render.outcome(result, f"registry {code} created"))


@account_app.command("open")
def account_open(
    ctx: typer.Context,
    registry: Annotated[str, typer.Option(help="Registry id, e.g. IND01.")],
    type_: Annotated[AccountType, typer.Option("--type", help="Account type.")],
    holder: Annotated[str, typer.Option(help="Account holder's name.")],
    key: KeyOption = None,
) -> None:
    """Open an account; prints its id."""
    result = registry_admin.open_account(ctx.obj.uow(), OpenAccount(_key(key), registry, type_, holder))
    raise typer.Exit(render.outcome(result, f"opened {type_.value} account"))


def _status(ctx: typer.Context, account: str, status: AccountStatus, key: str | None) -> None:
    registry = registry_from_account(account, option="ACCOUNT")
    request = ChangeAccountStatus(_key(key), registry, AccountId(account), status)
    raise typer.Exit(render.outcome(registry_admin.change_account_status(ctx.obj.uow(), request), f"now {status.value}:"))


@account_app.command("suspend")
def account_suspend(ctx: typer.Context, account: str, key: KeyOption = None) -> None:
    """Suspend an account: it may neither send nor receive until reinstated."""
    _status(ctx, account, AccountStatus.SUSPENDED, key)


@account_app.command("reinstate")
def account_reinstate(ctx: typer.Context, account: str, key: KeyOption = None) -> None:
    """Reopen a suspended account."""
    _status(ctx, account, AccountStatus.OPEN, key)


@account_app.command("close")
def account_close(ctx: typer.Context, account: str, key: KeyOption = None) -> None:
    """Close an account for good (a holding account must be empty)."""
    _status(ctx, account, AccountStatus.CLOSED, key)


@app.command("issue")
def issue_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Option(help="Holding account receiving the units, e.g. IND01-1.")],
    quantity: Annotated[int, typer.Option(help="Tonnes to issue (a whole number).")],
    vintage: Annotated[int, typer.Option(help="Calendar year the mitigation occurred.")],
    project: Annotated[str, typer.Option(help="Project id.")],
    period: Annotated[str, typer.Option(help="Monitoring period id.")],
    decision: Annotated[str, typer.Option(help="Issuance decision id (the Joint Committee's).")],
    decided: Annotated[int, typer.Option(help="Tonnes the decision allows in this registry, in total.")],
    ca: Annotated[str, typer.Option("--ca", help="Cooperative approach id, e.g. CA0123.")],
    kind: Annotated[UnitKind, typer.Option(help="Unit kind.")] = UnitKind.JCM_CREDIT,
    host_party: Annotated[
        str | None, typer.Option(help="Party where the mitigation occurred (first-transferring Party). Default: the registry's.")
    ] = None,
    key: KeyOption = None,
) -> None:
    """Issue new units into a holding account under a decision."""
    registry = registry_from_account(account, option="--account")
    request = Issue(
        _key(key), registry, AccountId(account), quantity, kind, CooperativeApproachId(ca), vintage, project, period,
        decision, decided, PartyCode(host_party) if host_party is not None else None,
    )
    raise typer.Exit(render.outcome(issuance.issue(ctx.obj.uow(), request), "issuance"))


SerialsOption = Annotated[
    str | None, typer.Option(help="Exact serials: IND01/2026/701-1000, or FIRST_ID..LAST_ID identifiers.")
]
QuantityOption = Annotated[int | None, typer.Option(help="Tonnes, picked lowest vintage and serial first.")]
VintageOption = Annotated[int | None, typer.Option(help="With --quantity: only this vintage.")]
ProjectOption = Annotated[str | None, typer.Option(help="With --quantity: only this project.")]


def _move(
    ctx: typer.Context, kind: TransactionType, source: str, destination: str, quantity: int | None, serials: str | None,
    vintage: int | None, project: str | None, key: str | None,
) -> None:
    if (quantity is None) == (serials is None):
        raise UsageError("give exactly one of --quantity or --serials")
    if serials is not None and (vintage is not None or project is not None):
        raise UsageError("--vintage and --project go with --quantity, not --serials")
    selection = parse_selection(serials) if serials else ByQuantity(quantity, vintage, project)  # type: ignore[arg-type]
    registry = registry_from_account(source, option="SOURCE")
    request = Move(_key(key), registry, kind, AccountId(source), AccountId(destination), selection)
    raise typer.Exit(render.outcome(movement.move(ctx.obj.uow(), request), f"{kind.value} {source} → {destination}:"))


def _movement_command(kind: TransactionType, name: str, doc: str) -> None:
    def command(
        ctx: typer.Context, source: str, destination: str, quantity: QuantityOption = None,
        serials: SerialsOption = None, vintage: VintageOption = None, project: ProjectOption = None,
        key: KeyOption = None,
    ) -> None:
        _move(ctx, kind, source, destination, quantity, serials, vintage, project, key)

    command.__doc__ = doc
    app.command(name)(command)


_movement_command(TransactionType.TRANSFER, "transfer", "Transfer units between holding accounts of one registry.")
_movement_command(
    TransactionType.RETIREMENT, "retire",
    "Retire units: move them into a retirement (NDC use) or OIMP-use account, for good.",
)
_movement_command(
    TransactionType.CANCELLATION, "cancel",
    "Cancel units: move them into a cancellation, voluntary-cancellation or OMGE account, for good.",
)


@app.command("holdings")
def holdings_command(
    ctx: typer.Context,
    registry: Annotated[str | None, typer.Option(help="Only this registry.")] = None,
    account: Annotated[str | None, typer.Option(help="Only this account.")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """What every account holds, block by block."""
    if registry is not None:
        registry_code(registry, field="--registry")
    if account is not None:
        registry_from_account(account, option="--account")
    data = queries.holdings(ctx.obj.uow(), registry=registry, account=account)  # type: ignore[arg-type]
    if (registry or account) and not data.accounts:
        render.errors.print(f"no such {'account' if account else 'registry'}: {account or registry}")
        raise typer.Exit(1)
    render.holdings(data, as_json=json_)


@app.command("history")
def history_command(
    ctx: typer.Context,
    serial: Annotated[str, typer.Argument(help="IND01/2026/42 or an ITMO identifier CA0123-IND01-IND-42-2026.")],
) -> None:
    """Every transaction that touched one serial, oldest first."""
    selection = parse_selection(serial, option="SERIAL")
    serials = selection.serials
    if serials.first != serials.last:
        raise UsageError("SERIAL: give one serial, not a range")
    unit = queries.block_at(ctx.obj.uow(), serials.space, serials.first)
    if unit is not None and selection.cooperative_approach_id and (
        unit.attributes.cooperative_approach_id, unit.attributes.first_transferring_party
    ) != (selection.cooperative_approach_id, selection.first_transferring_party):
        render.errors.print(f"no unit {serial}: that serial is {unit_identifier(unit, serials.first)}")
        raise typer.Exit(1)
    lines = queries.serial_history(ctx.obj.uow(), serials.space, serials.first)
    if not lines:
        render.errors.print(f"no transaction has touched {serials.space}/{serials.first}")
        raise typer.Exit(1)
    render.history(lines, f"{serials.space}/{serials.first}")


@app.command("verify")
def verify_command(
    ctx: typer.Context,
    document_dir: Annotated[Path, typer.Option("--document-dir", envvar="SETU_DOCUMENT_DIR",
                                               help="Where document files are kept. Default: var/documents.")] = Path(
        "var/documents"),
) -> None:
    """Recompute every hash chain, replay the journals and compare with the stored ledger and project cycle,
    and check every document file against its SHA-256."""
    report = verification.verify(ctx.obj.uow(), FileDocumentStore(document_dir))
    for registry, (seq, digest) in sorted(report.heads.items()):
        render.console.print(f"{registry}: {seq} entries, head {digest}")
    if not report.problems:
        render.console.print(f"[green]✔[/] ledger verified: {report.entries} journal entries replay to the stored state")
    if report.cycle.ok:
        render.console.print(f"[green]✔[/] project cycle verified: {report.cycle.entries} chain entries match the stored records")
    if report.ok:
        return
    if report.first_bad_entry:
        render.errors.print(f"[bold red]JOURNAL_MISMATCH[/]: first bad entry {report.first_bad_entry}")
    for problem in report.problems:
        render.errors.print(f"  {problem}", soft_wrap=True, markup=False)
    if not report.cycle.ok:
        render.errors.print("[bold red]CYCLE_MISMATCH[/]: the project cycle's chains and records disagree")
    for problem in report.cycle.problems:
        render.errors.print(f"  {problem}", soft_wrap=True, markup=False)
    raise typer.Exit(1)


@app.command("demo")
def demo_command(
    database_url: Annotated[
        str, typer.Option("--database-url", help="Where the demo writes; a SQLite file is recreated, any other database must be empty.")
    ] = (
        "sqlite:///var/demo.sqlite3"
    ),
) -> None:
    """Run the scripted India-Japan scenario on a fresh database and print what happened."""
    from setu.cli.demo import run_demo

    raise typer.Exit(run_demo(database_url))


def main() -> None:
    """Entry point: run the app; turn bad input and database trouble into one clear line, no traceback."""
    try:
        app()  # Typer reports unusable options itself (exit 2) and turns typer.Exit into SystemExit
    except (UsageError, ValueError) as exc:
        render.errors.print(f"error: {exc}", soft_wrap=True, markup=False)
        raise SystemExit(2) from None
    except ArgumentError as exc:
        render.errors.print(f"error: --database-url / SETU_DATABASE_URL: {exc}", soft_wrap=True, markup=False)
        raise SystemExit(2) from None
    except SQLAlchemyError as exc:  # the one edge handler for database trouble: one line, no traceback
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        render.errors.print(f"database error: {detail}", soft_wrap=True, markup=False)
        raise SystemExit(1) from None
