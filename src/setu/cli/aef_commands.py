"""`setu aef export` and `setu aef check`: the Agreed Electronic Format workbook, out and back in.

`check` exits 0 when the workbook has no errors (warnings are printed), 1 when it has errors, 2 when it
cannot be used at all (not a workbook, unreadable).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from setu.cli import render
from setu.cli.arguments import UsageError, parse_day
from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import AefCode, AefFinding, Severity
from setu.domain.article6.aef_generations import RegistryReading, for_template
from setu.domain.article6.aef_model import IdStyle
from setu.services.article6_reports import ReportUnavailable, annual_information

_VERSION = re.compile(r"[0-9]+\.[0-9]+")
"""Table 1 `Version`, as the template and `setu aef check` read it (§4.2, §8.2)."""
FIRST_REPORTED_YEAR, LAST_REPORTED_YEAR = 2021, 2100

aef_app = typer.Typer(help="The UNFCCC Agreed Electronic Format (annual information) workbook.", no_args_is_help=True)


@aef_app.command("export")
def export_command(
    ctx: typer.Context,
    party: Annotated[str, typer.Option(help="The reporting Party, e.g. IND.")],
    year: Annotated[int, typer.Option(help="The reported year (actions of 1 Jan-31 Dec, holdings at 31 Dec).")],
    out: Annotated[Path, typer.Option(help="The workbook to write (.xlsx).")],
    id_style: Annotated[IdStyle, typer.Option("--id-style", help="v1: the 2024 template (default); v2: 4/CMA.6.")] = IdStyle.V1,
    registry_column: Annotated[RegistryReading, typer.Option(
        "--v2-registry", help="v2 'Party ITMO registry ID': the originating registry (default, keeps serials unique)"
        " or the current one (the v2 footnote reading; docs/article6.md).")] = RegistryReading.ORIGINATING,
    version: Annotated[str, typer.Option(help="Submission version, X.Y.")] = "1.0",
    submitted: Annotated[str | None, typer.Option(help="Date of submission, YYYY-MM-DD (default today).")] = None,
) -> None:
    """Write a Party's annual information for a year in the secretariat's template layout."""
    day = parse_day(submitted, option="--submitted") if submitted else None
    if not _VERSION.fullmatch(version):
        raise UsageError(f"--version: {version!r} is not a submission version X.Y (1.0 first, 1.1 or 2.0 for a"
                         " resubmission)")
    if not FIRST_REPORTED_YEAR <= year <= LAST_REPORTED_YEAR:
        raise UsageError(f"--year: {year} is not a reported year ({FIRST_REPORTED_YEAR}-{LAST_REPORTED_YEAR}:"
                         " Article 6.2 actions are reported from 2021 on)")
    try:
        report = annual_information(ctx.obj.uow(), party=party, year=year, version=version, submission_date=day)
    except ReportUnavailable as exc:
        raise UsageError(str(exc)) from None
    from setu.aef.workbook_writer import write_aef  # openpyxl / XlsxWriter load only when a workbook is made

    shaped, notes = for_template(report, id_style, registry=registry_column)
    try:
        write_aef(shaped, out, id_style)
    except OSError as exc:
        raise UsageError(f"--out: cannot write {out}: {exc.strerror or exc}") from None
    for note in notes:
        render.errors.print(f"note: {note}", soft_wrap=True)
    render.console.print(
        f"[green]✔[/] {out}: {party} {year} ({id_style.value}) with {len(shaped.authorizations)} authorizations,"
        f" {len(shaped.actions)} actions, {len(shaped.holdings)} holdings, {len(shaped.entities)} entities")


@aef_app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="An AEF workbook, made by setu or not.")],
    counterpart: Annotated[Path | None, typer.Option(help="The other Party's workbook for the same year (X13).")] = None,
    previous: Annotated[Path | None, typer.Option(help="This Party's workbook for the year before (X11, X12, X16).")] = None,
    id_style: Annotated[IdStyle | None, typer.Option("--id-style", help="Require this template generation.")] = None,
    final: Annotated[bool, typer.Option("--final", help="Bilateral mismatches are errors, not warnings.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable findings.")] = False,
) -> None:
    """Report every layout, syntax and cross-record problem with sheet and cell; exit 1 on errors."""
    from setu.aef.workbook_reader import read_aef

    report, findings = read_aef(file, id_style)
    unusable = any(f.code is AefCode.WORKBOOK_UNREADABLE for f in findings)
    others = {}
    for name, path in (("counterpart", counterpart), ("previous", previous)):
        if path is None:
            continue
        other, other_findings = read_aef(path)
        if other is None:
            findings += [_elsewhere(f, path) for f in other_findings if f.severity is Severity.ERROR][:20]
            unusable = True  # the check asked for cannot be made: unusable input, not an error in FILE
        others[name] = other
    if report is not None:
        try:
            findings += check_consistency(report, previous=others.get("previous"),
                                          counterpart=others.get("counterpart"), finalization=final)
        except ValueError as exc:  # a previous year of another Party, a counterpart of the same Party
            raise UsageError(f"--previous / --counterpart: {exc}") from None
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if json_:
        print(json.dumps({"file": str(file), "errors": len(errors), "warnings": len(findings) - len(errors),
                          "findings": [_json(f) for f in findings]}, indent=2))
    else:
        for finding in findings:
            style = "bold red" if finding.severity is Severity.ERROR else "yellow"
            render.console.print(f"[{style}]{finding.code.name}[/] [{finding.rule}] "
                                 f"{escape(finding.location + ': ') if finding.location else ''}{escape(finding.message)}",
                                 soft_wrap=True, markup=True, highlight=False)
        verdict = "[green]✔[/] no errors" if not errors else f"[bold red]✘[/] {len(errors)} errors"
        render.console.print(f"{verdict}, {len(findings) - len(errors)} warnings in {file}")
    raise typer.Exit(2 if unusable else 1 if errors else 0)


def _elsewhere(finding: AefFinding, path: Path) -> AefFinding:
    return replace(finding, location=f"{path.name}: {finding.location or 'workbook'}")


def _json(f: AefFinding) -> dict[str, object]:
    return {"code": f.code.name, "rule": f.rule, "severity": f.severity.value, "location": f.location,
            "message": f.message}
