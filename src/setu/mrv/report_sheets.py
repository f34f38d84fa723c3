"""The detail sheets of the monitoring workbook, after the JCM Monitoring Report Sheet.

The JCM monitoring spreadsheet splits what was measured or fixed (`MRS(input)`) from how it was
calculated (`MRS(calc_process)`); setu keeps those names so a verifier finds the familiar layout, and
adds its QA/QC, findings, eligibility and parameter tables. Each function fills one worksheet.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from setu.domain.mrv.methodology import Methodology, Parameter, ParameterKind
from setu.domain.mrv.report import MonitoringReport
from setu.mrv.report_tables import Column, Kind, Styles, write_pairs, write_table

ER_ROUNDING = "floor(max(0, RE − PE)), whole tCO2 per vintage"

INPUT_COLUMNS = (
    Column("Period", 10), Column("Vintage", 8, Kind.INT), Column("Scope / equipment", 16), Column("Symbol", 12),
    Column("Description", 48), Column("Kind", 10), Column("Value", 14, Kind.EXACT), Column("Unit", 10),
    Column("Monitoring option", 28), Column("Source", 48),
)
CALC_COLUMNS = (
    Column("Period", 10), Column("Vintage", 8, Kind.INT), Column("Symbol", 10), Column("Scope", 12),
    Column("Equation", 48), Column("Substituted", 56), Column("Result", 14, Kind.EXACT), Column("Unit", 10),
    Column("ER (whole t)", 12, Kind.INT), Column("Rounding", 30),
)
QA_COLUMNS = (
    Column("Period", 10), Column("Vintage", 8, Kind.INT), Column("Meter", 14), Column("Equipment", 14),
    Column("Parameter", 12), Column("Unit", 8), Column("Readings used", 10, Kind.INT),
    Column("Expected intervals", 10, Kind.INT), Column("Missing intervals", 10, Kind.INT),
    Column("Share missing", 10), Column("Excluded intervals", 10, Kind.INT), Column("Rollovers", 10, Kind.INT),
    Column("Resets", 8, Kind.INT), Column("Measured", 14, Kind.EXACT), Column("Filled", 14, Kind.EXACT),
    Column("Total used", 14, Kind.EXACT), Column("Missing-data rule", 40),
)
FINDING_COLUMNS = (
    Column("Code", 20), Column("Severity", 10), Column("Location", 32), Column("Message", 70),
    Column("Count", 8, Kind.INT),
)
ELIGIBILITY_COLUMNS = (Column("Criterion", 10), Column("Text", 70), Column("Passed", 8, Kind.BOOL),
                       Column("Explanation", 60))
PARAMETER_COLUMNS = (
    Column("Symbol", 12), Column("Description", 60), Column("Unit", 10), Column("Kind", 10),
    Column("Value source", 28), Column("Per equipment", 10, Kind.BOOL), Column("Monitoring option", 30),
    Column("Frequency", 36), Column("Default", 10), Column("Default source", 60), Column("Missing-data rule", 40),
)


def _parameter(methodology: Methodology, symbol: str) -> Parameter | None:
    try:
        return methodology.parameter(symbol)
    except KeyError:
        return None


def write_inputs(sheet: Worksheet, styles: Styles, report: MonitoringReport) -> None:
    """`MRS(input)`: every value the calculation read, one row per period, vintage, scope and symbol."""
    rows = []
    for period in report.periods:
        for vintage in period.result.vintages:
            for value in vintage.inputs:
                parameter = _parameter(report.methodology, value.symbol)
                option = parameter.monitoring_option.value if parameter and parameter.monitoring_option else ""
                rows.append((
                    period.result.period.id, vintage.vintage, value.scope, value.symbol,
                    parameter.description if parameter else "", parameter.kind.value if parameter else "",
                    value.quantity.to(value.unit), value.unit, option, value.source,
                ))
    write_table(sheet, styles, 0, INPUT_COLUMNS, rows)


def write_calculation(sheet: Worksheet, styles: Styles, report: MonitoringReport) -> None:
    """`MRS(calc_process)`: each equation with its numbers substituted, ending in the rounded ER row."""
    rows = []
    for period in report.periods:
        for vintage in period.result.vintages:
            for step in vintage.steps:
                # The engine's last step is ER; its result is the whole tonnes credited, so it gets the
                # integer column and the rounding rule, and no other row does.
                final = step is vintage.steps[-1]
                rows.append((
                    period.result.period.id, vintage.vintage, step.symbol, step.scope, step.equation,
                    step.substituted, step.result.to(step.unit), step.unit,
                    vintage.er_t if final else None, ER_ROUNDING if final else "",
                ))
    write_table(sheet, styles, 0, CALC_COLUMNS, rows)


def write_quality(sheet: Worksheet, styles: Styles, report: MonitoringReport) -> None:
    """`QA-QC`: data coverage of every meter in every vintage, and the rule that filled any gap."""
    rows = [
        (
            period.result.period.id, q.vintage, q.meter_id, q.equipment, q.parameter, q.unit, q.readings_used,
            q.expected_intervals, q.missing_intervals, q.missing_share, q.excluded_intervals, q.rollovers,
            q.resets, q.measured.to(q.unit), q.filled.to(q.unit), q.total.to(q.unit), q.rule.value,
        )
        for period in report.periods
        for q in period.quality
    ]
    write_table(sheet, styles, 0, QA_COLUMNS, rows)


def write_findings(sheet: Worksheet, styles: Styles, report: MonitoringReport) -> None:
    """`Findings`: what the importers found wrong with the data files, errors first as they were reported."""
    rows = [(f.code.name, f.severity.value, f.location, f.message, f.count) for f in report.findings]
    next_row = write_table(sheet, styles, 0, FINDING_COLUMNS, rows)
    if not rows:
        sheet.write_string(next_row, 0, "No findings: every reading was usable as given.", styles.text)


def write_eligibility(sheet: Worksheet, styles: Styles, report: MonitoringReport) -> None:
    """`Eligibility`: the methodology's checklist against the project's facts, then the NDAIAPA finding."""
    rows = [(c.criterion.id, c.criterion.text, c.passed, c.explanation()) for c in report.eligibility]
    row = write_table(sheet, styles, 0, ELIGIBILITY_COLUMNS, rows) + 1
    ndaiapa = report.ndaiapa
    sheet.write_string(row, 0, "NDAIAPA (India's Article 6.2 activity list)", styles.title)
    row = write_pairs(sheet, styles, row + 1, (
        ("Status", Kind.TEXT, ndaiapa.status.value),
        ("Eligible", Kind.BOOL, ndaiapa.eligible),
    ))
    for line in ndaiapa.lines:
        sheet.write_string(row, 1, line, styles.text)
        row += 1


def write_parameters(sheet: Worksheet, styles: Styles, methodology: Methodology) -> None:
    """`Parameters`: the methodology's parameter table, as the methodology document lists it."""
    rows = [
        (
            p.symbol, p.description, p.unit, p.kind.value, p.source.value, p.per_equipment,
            p.monitoring_option.value if p.monitoring_option else "", p.frequency, p.default or "",
            p.default_source, p.missing_data.value if p.kind is ParameterKind.MONITORED else "",
        )
        for p in methodology.parameters
    ]
    write_table(sheet, styles, 0, PARAMETER_COLUMNS, rows)
