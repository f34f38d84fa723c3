"""A monitoring report as an Excel workbook, in the layout of the JCM Monitoring Report Sheet.

Sheets: `Summary` (the verdicts and ER), `MRS(input)` and `MRS(calc_process)` (as in the JCM monitoring
spreadsheet), `QA-QC`, `Findings`, `Eligibility` and `Parameters`. Every number that decides tonnes
appears as an Excel number for reading and, beside it, as exact text (`report_tables.Kind.EXACT`);
whole-tonne ER is an integer cell. The workbook renders the same `MonitoringReport` as the JSON, so the
two cannot disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from setu.domain.mrv.calculation import PeriodResult
from setu.domain.mrv.report import MonitoringReport
from setu.mrv.report_json import vintage_totals
from setu.mrv.report_sheets import (
    ER_ROUNDING,
    write_calculation,
    write_eligibility,
    write_findings,
    write_inputs,
    write_parameters,
    write_quality,
)
from setu.mrv.report_tables import Column, Kind, Styles, write_pairs, write_table
from setu.workbook_file import write_whole

SHEETS = ("Summary", "MRS(input)", "MRS(calc_process)", "QA-QC", "Findings", "Eligibility", "Parameters")

ER_COLUMNS = (
    Column("Period", 0), Column("Vintage", 0, Kind.INT), Column("RE (tCO2)", 0, Kind.EXACT),
    Column("PE (tCO2)", 0, Kind.EXACT), Column("RE − PE (tCO2)", 0, Kind.EXACT),
    Column("ER (whole tCO2)", 0, Kind.INT),
)
GRID_EF_COLUMNS = (
    Column("Period", 0), Column("Start", 0, Kind.DATE), Column("End", 0, Kind.DATE), Column("Grid EF record", 0),
    Column("EF (tCO2/MWh)", 0, Kind.EXACT), Column("Decision in force from", 0, Kind.DATE),
    Column("Decided by", 0), Column("Reason", 0), Column("Source URL", 0), Column("Evidence", 0),
    Column("Conflict note", 0),
)
DATA_FILE_COLUMNS = (Column("Data file", 0), Column("Rows", 0, Kind.INT), Column("SHA-256", 0))
# The Summary stacks several tables in the same columns, so it gets one set of widths for all of them.
SUMMARY_WIDTHS = (26, 14, 14, 44, 14, 16, 16, 14, 24, 40, 40, 40)


def write_report_workbook(report: MonitoringReport, path: Path) -> None:
    """Write the monitoring workbook to `path`, whole or not at all.

    It is written to a temporary file beside `path` and renamed over it, so a failure never leaves a
    half-written workbook and never destroys an earlier one. An unwritable place is a `ValueError`
    naming the path.
    """
    write_whole(path, lambda temporary: _write(report, temporary), what="--report")


def _write(report: MonitoringReport, path: Path) -> None:
    workbook = Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    properties = {
        "title": f"Monitoring report {report.project.id}",
        "subject": report.methodology.reference,
        "author": f"setu {report.setu_version}",
    }
    created = _timestamp(report.generated_at)
    if created is not None:
        # The report's own timestamp, not the clock, so the same report always gives the same file.
        properties["created"] = created
    workbook.set_properties(properties)
    styles = Styles(workbook)
    sheets = {name: workbook.add_worksheet(name) for name in SHEETS}
    _write_summary(sheets["Summary"], styles, report)
    write_inputs(sheets["MRS(input)"], styles, report)
    write_calculation(sheets["MRS(calc_process)"], styles, report)
    write_quality(sheets["QA-QC"], styles, report)
    write_findings(sheets["Findings"], styles, report)
    write_eligibility(sheets["Eligibility"], styles, report)
    write_parameters(sheets["Parameters"], styles, report.methodology)
    workbook.close()


def _timestamp(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _write_summary(sheet: Worksheet, styles: Styles, report: MonitoringReport) -> None:
    project, methodology = report.project, report.methodology
    sheet.write_string(0, 0, f"Monitoring report: {project.name} ({project.id})", styles.title)
    failed = [c for c in report.eligibility if not c.passed]
    eligibility = (
        f"met ({len(report.eligibility)} of {len(report.eligibility)} criteria)" if not failed
        else "NOT met: " + "; ".join(f"{c.criterion.id}: {c.explanation()}" for c in failed)
    )
    ndaiapa = f"{report.ndaiapa.status.value}; {'eligible' if report.ndaiapa.eligible else 'NOT eligible'}"
    row = write_pairs(sheet, styles, 2, (
        ("Project", Kind.TEXT, f"{project.id} {project.name}"),
        ("Time zone", Kind.TEXT, project.timezone),
        ("Methodology", Kind.TEXT, f"{methodology.reference} {methodology.title}"),
        ("Methodology status", Kind.TEXT, methodology.status),
        ("Monitoring periods", Kind.TEXT, ", ".join(
            f"{p.result.period.id} ({p.result.period.start.isoformat()} to {p.result.period.end.isoformat()})"
            for p in report.periods
        )),
        ("Eligibility", Kind.TEXT, eligibility),
        ("NDAIAPA", Kind.TEXT, ndaiapa),
        ("ER, all periods (whole tCO2)", Kind.INT, report.er_t),
        ("setu version", Kind.TEXT, report.setu_version),
        ("Generated at", Kind.TEXT, report.generated_at),
    ))
    row = _title(sheet, styles, row + 1, f"Emission reductions by period and vintage ({ER_ROUNDING})")
    er_rows = [
        (p.result.period.id, v.vintage, v.re.to("tCO2"), v.pe.to("tCO2"), v.er_exact, v.er_t)
        for p in report.periods
        for v in p.result.vintages
    ]
    # The one autofilter a sheet may have goes on the ER table, the one a reader sorts and filters.
    row = write_table(sheet, styles, row, ER_COLUMNS, er_rows, freeze=False, widths=False)
    row = _title(sheet, styles, row + 1, "Totals (whole tCO2)")
    totals = [(f"Vintage {vintage}", Kind.INT, tonnes) for vintage, tonnes in vintage_totals(report).items()]
    row = write_pairs(sheet, styles, row, [*totals, ("All vintages", Kind.INT, report.er_t)])
    row = _title(sheet, styles, row + 1, "Grid emission factor used per period")
    grid_rows = [_grid_row(p.result) for p in report.periods]
    row = write_table(sheet, styles, row, GRID_EF_COLUMNS, grid_rows, freeze=False, autofilter=False, widths=False)
    row = _title(sheet, styles, row + 1, "Monitoring data files")
    files = [(f.name, f.rows, f.sha256) for f in report.data_files]
    write_table(sheet, styles, row, DATA_FILE_COLUMNS, files, freeze=False, autofilter=False, widths=False)
    for col, width in enumerate(SUMMARY_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)


def _title(sheet: Worksheet, styles: Styles, row: int, text: str) -> int:
    sheet.write_string(row, 0, text, styles.bold)
    return row + 1


def _grid_row(result: PeriodResult) -> tuple[object, ...]:
    """One row of GRID_EF_COLUMNS."""
    period, selected = result.period, result.grid_ef
    if selected is None:
        return (period.id, period.start, period.end, "none bound", None, None, "", "", "", "", "")
    factor, decision = selected.factor, selected.decision
    return (
        period.id, period.start, period.end, factor.key, Fraction(factor.tco2_per_mwh), decision.effective_from,
        decision.decided_by, decision.reason, factor.source_url, factor.evidence, selected.note,
    )
