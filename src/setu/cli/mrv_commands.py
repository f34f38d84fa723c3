"""`setu methodology …` and `setu mrv …`: methodologies, monitoring data checks and ER calculation.

The MRV adapters (polars, spreadsheets) are imported inside the commands, so registry commands do not pay
for loading them. Data problems print as `location: CODE message` lines and exit 1; unusable options or files exit 2
through the one edge handler in `setu.cli.app`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from setu.cli import mrv_render
from setu.cli.render import console, errors
from setu.domain.mrv.eligibility import check_criteria
from setu.domain.mrv.findings import has_errors
from setu.domain.mrv.ndaiapa import check_ndaiapa
from setu.methodologies import METHODOLOGIES, find_methodology

methodology_app = typer.Typer(help="JCM methodologies: list them, show equations and parameters.", no_args_is_help=True)
mrv_app = typer.Typer(help="Monitoring data: validate it, calculate emission reductions.", no_args_is_help=True)

ProjectOption = Annotated[Path, typer.Option("--project", help="Project file (YAML).", exists=True, dir_okay=False)]


@methodology_app.command("list")
def methodology_list() -> None:
    """Every methodology setu can calculate."""
    console.print(mrv_render.methodology_table(METHODOLOGIES))


@methodology_app.command("show")
def methodology_show(
    methodology_id: Annotated[str, typer.Argument(metavar="ID", help="Methodology id, e.g. IN_AM003.")],
    version: Annotated[str | None, typer.Option(help="Version; default the latest.")] = None,
) -> None:
    """A methodology's equations, parameters, defaults, eligibility checklist and NDAIAPA fit."""
    try:
        methodology = find_methodology(methodology_id, version)
    except LookupError as error:
        raise ValueError(f"ID: {error}") from None
    mrv_render.show_methodology(methodology)


@mrv_app.command("check")
def mrv_check(
    data: Annotated[Path, typer.Argument(help="Monitoring data: CSV, XLSX or Parquet.", exists=True, dir_okay=False)],
    project: Annotated[
        Path | None, typer.Option("--project", help="Check meters, units and periods against this project file.",
                                  exists=True, dir_okay=False)
    ] = None,
) -> None:
    """Validate monitoring data only; exits 1 when it has errors."""
    from setu.mrv.pipeline import check_data
    from setu.mrv.project_file import load_checked_project

    loaded = load_checked_project(project)[0] if project else None
    result = check_data(data, loaded, loaded.periods if loaded else ())
    mrv_render.findings(result.findings)
    verdict = "[red]errors[/]" if has_errors(result.findings) else "[green]usable[/]"
    scope = f" against {loaded.id}" if loaded else " (structure only: give --project to check meters, units and periods)"
    console.print(f"{result.data_file.name}: {result.usable_rows} usable readings, {verdict}{scope}", soft_wrap=True)
    raise typer.Exit(1 if has_errors(result.findings) else 0)


@mrv_app.command("eligibility")
def mrv_eligibility(project: ProjectOption) -> None:
    """Check the project's declared facts against its methodology's checklist and India's Article 6.2 list."""
    from setu.mrv.project_file import load_checked_project

    loaded, methodology = load_checked_project(project)
    results = check_criteria(methodology.eligibility, dict(loaded.facts))
    ndaiapa = check_ndaiapa(methodology.ndaiapa, date.today())
    mrv_render.eligibility(methodology, results, ndaiapa)
    raise typer.Exit(0 if all(r.passed for r in results) else 1)


@mrv_app.command("calc")
def mrv_calc(
    project: ProjectOption,
    data: Annotated[Path, typer.Option("--data", help="Monitoring data: CSV, XLSX or Parquet.", exists=True, dir_okay=False)],
    methodology: Annotated[str | None, typer.Option("--methodology", help="Methodology id; must match the project's.")] = None,
    period: Annotated[list[str] | None, typer.Option("--period", help="Monitoring period id; repeat for several. Default: all.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Also write the monitoring report workbook (.xlsx).")] = None,
) -> None:
    """Emission reductions per monitoring period and vintage, with the calculation and QA/QC behind them."""
    from setu.mrv.pipeline import MrvInputError, calculate
    from setu.mrv.report_json import report_to_json
    from setu.mrv.report_workbook import write_report_workbook

    if report is not None and report.suffix.lower() != ".xlsx":
        raise ValueError(f"--report: {report} must end in .xlsx")
    if report is not None and (not report.parent.is_dir() or report.is_dir()):
        raise ValueError(f"--report: {report} is not a file in an existing directory")
    try:
        result = calculate(project, data, methodology_id=methodology, period_ids=tuple(period or ()))
    except MrvInputError as error:
        mrv_render.findings(error.findings)
        errors.print(f"error: {error}", soft_wrap=True)
        raise typer.Exit(1) from None
    if report is not None:
        write_report_workbook(result, report)
    if as_json:
        print(json.dumps(report_to_json(result), indent=2, ensure_ascii=False))
    else:
        mrv_render.calculation(result)
        if report is not None:
            console.print(f"[green]✔[/] monitoring report written to {report}")
