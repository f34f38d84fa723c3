"""`setu a6 …`, `setu ndc …`, `setu ca report` and `setu aef …`: Article 6.2 from the command line.

Every state change calls one service with an idempotency key (`--key`, default a new UUID); rejections
print `CODE: message` and exit 1; unusable input (a bad file, a bad option) names what is wrong and
exits 2; a report that cannot be made (no NDC recorded) exits 2 too.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from setu.article6.documents import DocumentError, authorization_from_document, entity_from_document, load_document
from setu.cli import render
from setu.cli.arguments import UsageError, parse_day, parse_selection, registry_from_account
from setu.cli.article6_render import ca_table, standing_dict, standing_table
from setu.domain.article6.ndc_document import parse_ndc
from setu.domain.article6.participation import parse_standing
from setu.domain.article6.requests import (
    AuthorizeUnits,
    ConsumeUnits,
    RecordAuthorization,
    RecordNdc,
    RecordStanding,
    RegisterApproach,
    RegisterEntity,
    RevokeAuthorization,
    TransferUnits,
)
from setu.domain.codes import AccountId, party_code, registry_code
from setu.domain.requests import ByQuantity, Selection
from setu.services import article6_records, article6_units
from setu.services.article6_queries import standing_report
from setu.services.article6_reports import ReportUnavailable, ca_report
from setu.services.execution import check_idempotency_key

a6_app = typer.Typer(help="Article 6.2: cooperative approaches, authorizations, first transfers, uses, cancellations.",
                     no_args_is_help=True)
authorization_app = typer.Typer(help="A Party's authorizations: record a version, revoke.", no_args_is_help=True)
a6_app.add_typer(authorization_app, name="authorization")
standing_app = typer.Typer(help="A Party's standing: participation requirements, initial reports, first-transfer gates.",
                           no_args_is_help=True)
a6_app.add_typer(standing_app, name="standing")
ndc_app = typer.Typer(help="A Party's NDC definition and inventory, the inputs of corresponding adjustments.",
                      no_args_is_help=True)
ca_app = typer.Typer(help="Corresponding adjustments.", no_args_is_help=True)

T = TypeVar("T")
KeyOption = Annotated[str | None, typer.Option("--key", help="Idempotency key. Default: a new UUID.")]
SerialsOption = Annotated[str | None, typer.Option("--serials", help="Exact units: IND01/2026/1-60000 or identifiers.")]
QuantityArgument = Annotated[int | None, typer.Argument(
    help="Tonnes: blocks lowest vintage and serial first; a block split keeps its lower serials, the upper ones"
         " act (or give --serials).")]


def _key(key: str | None) -> str:
    return str(uuid.uuid4()) if key is None else check_idempotency_key(key, field="--key")


def _selection(quantity: int | None, serials: str | None) -> Selection:
    if (quantity is None) == (serials is None):
        raise UsageError("give a quantity or --serials, not both and not neither")
    return parse_selection(serials) if serials is not None else ByQuantity(quantity)  # type: ignore[arg-type]


def _document(path: Path) -> dict:  # type: ignore[type-arg]
    try:
        return load_document(path)
    except DocumentError as exc:
        raise UsageError(str(exc)) from None


def _checked(path: Path, parse: Callable[[dict], T]) -> tuple[dict, T]:  # type: ignore[type-arg]
    """A document the service records as written, with what it states (so a bad file is a usage error
    naming the file and the key, before anything is asked of the ledger)."""
    document = _document(path)
    try:
        return document, parse(document)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"{path}: {exc}") from None


def _parsed(path: Path, parse: Callable[[dict, str], T]) -> T:  # type: ignore[type-arg]
    """The record a YAML file states, or a usage error naming the file and the key."""
    try:
        return parse(_document(path), str(path))
    except DocumentError as exc:
        raise UsageError(str(exc)) from None


@a6_app.command("approach")
def approach_command(
    ctx: typer.Context,
    cooperative_approach_id: Annotated[str, typer.Argument(help="The id the CARP assigned, e.g. CA0123.")],
    registry: Annotated[str, typer.Option(help="The registry that takes part, e.g. IND01.")],
    parties: Annotated[str, typer.Option(help="Participating Parties, comma-separated: IND,JPN.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "India-Japan Joint Crediting Mechanism",
    key: KeyOption = None,
) -> None:
    """Register a registry's participation in a cooperative approach."""
    request = RegisterApproach(_key(key), registry_code(registry, field="--registry"), cooperative_approach_id, name,
                               tuple(p.strip() for p in parties.split(",") if p.strip()))
    outcome = article6_records.register_approach(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"{cooperative_approach_id} registered in {registry}"))


@authorization_app.command("record")
def authorization_record(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The authorization version as YAML (docs/article6.md shows the keys).")],
    registry: Annotated[str, typer.Option(help="The Party's registry that records it, e.g. IND01.")],
    key: KeyOption = None,
) -> None:
    """Record a version of an authorization (version 1 creates it)."""
    auth = _parsed(file, authorization_from_document)
    request = RecordAuthorization(_key(key), registry_code(registry, field="--registry"), auth)
    outcome = article6_records.record_authorization(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"authorization {auth.authorization_id} v{auth.version} recorded"))


@authorization_app.command("revoke")
def authorization_revoke(
    ctx: typer.Context,
    authorization_id: Annotated[str, typer.Argument()],
    registry: Annotated[str, typer.Option(help="The Party's registry.")],
    on: Annotated[str, typer.Option("--on", help="Revocation date, YYYY-MM-DD: today or later.")],
    reason: Annotated[str, typer.Option(help="Why.")],
    key: KeyOption = None,
) -> None:
    """Revoke an authorization from a date on (no new authorizations or first transfers under it)."""
    day = parse_day(on, option="--on")
    request = RevokeAuthorization(_key(key), registry_code(registry, field="--registry"), authorization_id, day, reason)
    outcome = article6_records.revoke_authorization(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"authorization {authorization_id} revoked from {day}"))


@a6_app.command("entity")
def entity_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The entity as YAML: entity_id, party, cooperative_approach_id, date,"
                                              " name, country, identification_number.")],
    registry: Annotated[str, typer.Option(help="The Party's registry.")],
    key: KeyOption = None,
) -> None:
    """Register an entity the Party authorizes to use or cancel ITMOs."""
    entity = _parsed(file, entity_from_document)
    request = RegisterEntity(_key(key), registry_code(registry, field="--registry"), entity)
    outcome = article6_records.register_entity(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"entity {entity.entity_id} registered"))


@a6_app.command("authorize")
def authorize_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="The holding account, e.g. IND01-1.")],
    authorization_id: Annotated[str, typer.Argument()],
    quantity: QuantityArgument = None,
    serials: SerialsOption = None,
    key: KeyOption = None,
) -> None:
    """Authorize mitigation outcomes held in an account (AEF `Authorization`)."""
    request = AuthorizeUnits(_key(key), registry_from_account(account, option="ACCOUNT"), AccountId(account), _selection(quantity, serials),
                             authorization_id)
    outcome = article6_units.authorize_units(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"authorized under {authorization_id}:"))


@a6_app.command("transfer")
def transfer_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Sending account, e.g. IND01-1.")],
    destination: Annotated[str, typer.Argument(help="Acquiring account in another Party's registry, e.g. JPN01-1.")],
    quantity: QuantityArgument = None,
    serials: SerialsOption = None,
    authorization: Annotated[str | None, typer.Option(help="Pick only units under this authorization.")] = None,
    key: KeyOption = None,
) -> None:
    """Transfer to another Party: a first transfer or a transfer, and the acquisition on the other side."""
    request = TransferUnits(_key(key), registry_from_account(source, option="SOURCE"), AccountId(source), AccountId(destination),
                            _selection(quantity, serials), authorization)
    outcome = article6_units.transfer_units(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"transferred {source} → {destination}:"))


def _consume(ctx: typer.Context, source: str, destination: str, selection: Selection, key: str | None, *,
             ndc_year: int | None, purpose: str | None, entity: str | None, authorization: str | None,
             what: str) -> None:
    request = ConsumeUnits(_key(key), registry_from_account(source, option="SOURCE"), AccountId(source), AccountId(destination),
                           selection, ndc_year=ndc_year, oimp_purpose=purpose, using_entity=entity,
                           authorization_id=authorization)
    outcome = article6_units.consume_units(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"{what} {source} → {destination}:"))


@a6_app.command("use")
def use_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Holding account, e.g. JPN01-1.")],
    destination: Annotated[str, typer.Argument(help="A retirement (NDC) or oimp-use account.")],
    quantity: QuantityArgument = None,
    serials: SerialsOption = None,
    ndc_year: Annotated[int | None, typer.Option("--ndc-year", help="NDC use: the calendar year used for.")] = None,
    purpose: Annotated[str | None, typer.Option(help="OIMP use: the purpose, e.g. CORSIA.")] = None,
    entity: Annotated[str | None, typer.Option(help="The authorized entity using the units.")] = None,
    authorization: Annotated[str | None, typer.Option(help="Pick only units under this authorization.")] = None,
    key: KeyOption = None,
) -> None:
    """Use ITMOs towards the NDC (retirement account) or for OIMP (oimp-use account)."""
    _consume(ctx, source, destination, _selection(quantity, serials), key, ndc_year=ndc_year, purpose=purpose,
             entity=entity, authorization=authorization, what="used")


@a6_app.command("cancel")
def cancel_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Holding account.")],
    destination: Annotated[str, typer.Argument(help="A cancellation, voluntary-cancellation, omge-cancellation or"
                                                    " share-of-proceeds account.")],
    quantity: QuantityArgument = None,
    serials: SerialsOption = None,
    entity: Annotated[str | None, typer.Option(help="The authorized entity cancelling.")] = None,
    authorization: Annotated[str | None, typer.Option(help="Pick only units under this authorization.")] = None,
    key: KeyOption = None,
) -> None:
    """Cancel authorized units or ITMOs (OMGE: into an omge-cancellation account), or transfer them as a share
    of proceeds (into a share-of-proceeds account). An OIMP cancellation's purpose in the AEF is the
    authorization's OIMP."""
    _consume(ctx, source, destination, _selection(quantity, serials), key, ndc_year=None, purpose=None,
             entity=entity, authorization=authorization, what="cancelled")


@ndc_app.command("set")
def ndc_set(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="NDC definition and inventory as YAML (docs/article6.md).")],
    registry: Annotated[str, typer.Option(help="The Party's registry that records it.")],
    key: KeyOption = None,
) -> None:
    """Record a new version of the Party's NDC definition and inventory."""
    document, _ = _checked(file, lambda d: parse_ndc(d, strict=True))
    outcome = article6_records.record_ndc(ctx.obj.uow(), RecordNdc(_key(key), registry_code(registry, field="--registry"), document))
    raise typer.Exit(render.outcome(outcome, f"NDC of {document.get('party')} recorded"))


@standing_app.command("record")
def standing_record(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The standing as YAML (docs/article6.md shows the keys).")],
    registry: Annotated[str, typer.Option(help="The Party's registry that records it, e.g. IND01.")],
    key: KeyOption = None,
) -> None:
    """Record a new version of the Party's standing (it applies from its `as_of` date)."""
    document, standing = _checked(file, parse_standing)
    request = RecordStanding(_key(key), registry_code(registry, field="--registry"), document)
    outcome = article6_records.record_standing(ctx.obj.uow(), request)
    raise typer.Exit(render.outcome(outcome, f"standing of {standing.party} recorded (from {standing.as_of})"))


@standing_app.command("show")
def standing_show(
    ctx: typer.Context,
    party: Annotated[str, typer.Option(help="The Party, e.g. IND.")],
    on: Annotated[str | None, typer.Option("--on", help="The day to judge, YYYY-MM-DD (default: today, UTC).")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """The standing in force on a day, and whether the Party may first transfer each approach's units (exit 1
    when it may not: not eligible, or a gate stops it for some approach)."""
    day = parse_day(on, option="--on") if on is not None else datetime.now(UTC).date()
    try:
        party_code(party, field="--party")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    report = standing_report(ctx.obj.uow(), party, day)
    if json_:
        print(json.dumps(standing_dict(report), indent=2))
    else:
        standing_table(report)
    refused = report.eligibility is not None or any(p is not None for p in report.approaches.values())
    raise typer.Exit(1 if refused else 0)


@ca_app.command("report")
def ca_report_command(
    ctx: typer.Context,
    party: Annotated[str, typer.Option(help="The reporting Party, e.g. IND.")],
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output (exact values as fractions).")] = False,
    chart: Annotated[Path | None, typer.Option(help="Also write the chart as PNG and SVG to this path stem.")] = None,
    year: Annotated[int | None, typer.Option(help="Report the NDC period covering this year (default: the latest"
                                                  " recorded NDC).")] = None,
) -> None:
    """Corresponding adjustments and the emissions balance per year of the Party's NDC period."""
    from setu.article6.ca_render import ca_report_dict

    try:
        report = ca_report(ctx.obj.uow(), party=party, year=year)
    except ReportUnavailable as exc:
        raise UsageError(str(exc)) from None
    if year is not None and not report.ndc.first_year <= year <= report.ndc.last_year:
        raise UsageError(f"--year: no recorded NDC of {party} covers {year} (the latest covers"
                         f" {report.ndc.first_year}-{report.ndc.last_year})")
    if json_:
        print(json.dumps(ca_report_dict(report), indent=2))
    else:
        ca_table(report)
    if chart is not None:
        from setu.article6.ca_chart import write_ca_chart

        try:
            png, svg = write_ca_chart(report, chart)
        except OSError as exc:
            raise UsageError(f"--chart: cannot write {chart}.png / .svg: {exc.strerror or exc}") from None
        render.errors.print(f"chart: {png} and {svg}")
