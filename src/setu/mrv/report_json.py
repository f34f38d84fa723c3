"""A monitoring report as JSON: every number exact, as text, in a fixed key order.

Exact quantities are written twice: as a decimal string rounded half-even to six places, for reading,
and as the exact fraction `"num/den"`, for checking. Whole tonnes are integers. No value is ever a float,
because a float cannot hold 0.7383 exactly and a verifier recomputing ER must start from what setu used.
Keys appear in the order they are built here (`json.dumps` keeps it), so two reports diff line by line.

The number spellings (`fraction_text`, `exact_text`) are shared with the workbook writer, so both
renderings of one report show the same digits.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from setu.domain.mrv.calculation import InputValue, TraceStep, VintageResult
from setu.domain.mrv.findings import Finding
from setu.domain.mrv.grid_ef import SelectedGridEf
from setu.domain.mrv.quality import MeterQuality
from setu.domain.mrv.report import MonitoringReport, PeriodReport
from setu.domain.mrv.units import format_fraction

SCHEMA = "setu.monitoring-report/1"
"""Names the layout below; bump it when a key is renamed or removed (adding keys keeps it)."""

DECIMAL_PLACES = 6

JsonObject = dict[str, Any]


def fraction_text(value: Fraction) -> str:
    """`"14773383/20000"`: the exact value, always with a denominator so it parses one way."""
    return f"{value.numerator}/{value.denominator}"


def exact_text(value: Fraction) -> str:
    """The exact decimal when `value` has one (`738.66915`), else the fraction (`206724/559`)."""
    twos, fives = _multiplicity(value.denominator, 2), _multiplicity(value.denominator, 5)
    if value.denominator != 2**twos * 5**fives:
        return fraction_text(value)
    # Integer arithmetic, not Decimal: Decimal's 28-digit context would round a long exact value.
    places = max(twos, fives)
    digits = str(abs(value.numerator) * (10**places // value.denominator)).rjust(places + 1, "0")
    whole, decimals = digits[: len(digits) - places], digits[len(digits) - places :].rstrip("0")
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}"


def _multiplicity(number: int, prime: int) -> int:
    count = 0
    while number % prime == 0:
        number //= prime
        count += 1
    return count


def _exact(name: str, value: Fraction) -> JsonObject:
    return {name: format_fraction(value, DECIMAL_PLACES), f"{name}_fraction": fraction_text(value)}


def report_to_json(report: MonitoringReport) -> JsonObject:
    """The whole report as JSON-safe data: str, int, bool, None, lists and dicts only, in a stable order."""
    methodology, project = report.methodology, report.project
    return {
        "schema": SCHEMA,
        "setu_version": report.setu_version,
        "generated_at": report.generated_at,
        "methodology": {
            "id": methodology.id,
            "version": methodology.version,
            "title": methodology.title,
            "status": methodology.status,
        },
        "project": {
            "id": project.id,
            "name": project.name,
            "timezone": project.timezone,
            "methodology": f"{project.methodology_id} v{project.methodology_version}",
        },
        "data_files": [{"name": f.name, "sha256": f.sha256, "rows": f.rows} for f in report.data_files],
        "eligibility": {
            "passed": all(c.passed for c in report.eligibility),
            "criteria": [
                {"id": c.criterion.id, "text": c.criterion.text, "passed": c.passed, "explanation": c.explanation()}
                for c in report.eligibility
            ],
        },
        "ndaiapa": {
            "status": report.ndaiapa.status.name,
            "status_text": report.ndaiapa.status.value,
            "eligible": report.ndaiapa.eligible,
            "lines": list(report.ndaiapa.lines),
        },
        "periods": [_period(p) for p in report.periods],
        "findings": [_finding(f) for f in report.findings],
        "totals": _totals(report),
    }


def _period(period: PeriodReport) -> JsonObject:
    result = period.result
    return {
        "id": result.period.id,
        "start": result.period.start.isoformat(),
        "end": result.period.end.isoformat(),
        "grid_ef": _grid_ef(result.grid_ef),
        "vintages": [_vintage(v, period.quality) for v in result.vintages],
        "er_t": result.er_t,
    }


def _grid_ef(selected: SelectedGridEf | None) -> JsonObject | None:
    if selected is None:
        return None
    factor, decision = selected.factor, selected.decision
    return {
        "record": factor.key,
        "tco2_per_mwh": format(factor.tco2_per_mwh, "f"),
        "source_url": factor.source_url,
        "evidence": factor.evidence,
        "decision": {
            "effective_from": decision.effective_from.isoformat(),
            "decided_by": decision.decided_by,
            "reason": decision.reason,
        },
        "note": selected.note,
    }


def _vintage(vintage: VintageResult, quality: tuple[MeterQuality, ...]) -> JsonObject:
    return {
        "vintage": vintage.vintage,
        **_exact("re_tco2", vintage.re.to("tCO2")),
        **_exact("pe_tco2", vintage.pe.to("tCO2")),
        **_exact("er_exact_tco2", vintage.er_exact),
        "er_t": vintage.er_t,
        "inputs": [_input(i) for i in vintage.inputs],
        "steps": [_step(s) for s in vintage.steps],
        "quality": [_quality(q) for q in quality if q.vintage == vintage.vintage],
    }


def _input(value: InputValue) -> JsonObject:
    return {
        "symbol": value.symbol,
        "scope": value.scope,
        **_exact("value", value.quantity.to(value.unit)),
        "unit": value.unit,
        "source": value.source,
    }


def _step(step: TraceStep) -> JsonObject:
    return {
        "symbol": step.symbol,
        "scope": step.scope,
        "equation": step.equation,
        "substituted": step.substituted,
        **_exact("result", step.result.to(step.unit)),
        "unit": step.unit,
    }


def _quality(quality: MeterQuality) -> JsonObject:
    return {
        "meter_id": quality.meter_id,
        "equipment": quality.equipment,
        "parameter": quality.parameter,
        "vintage": quality.vintage,
        "unit": quality.unit,
        "readings_used": quality.readings_used,
        "expected_intervals": quality.expected_intervals,
        "missing_intervals": quality.missing_intervals,
        "missing_share": quality.missing_share,
        "excluded_intervals": quality.excluded_intervals,
        "rollovers": quality.rollovers,
        "resets": quality.resets,
        "rule": quality.rule.name,
        "rule_text": quality.rule.value,
        **_exact("measured", quality.measured.to(quality.unit)),
        **_exact("filled", quality.filled.to(quality.unit)),
        **_exact("total", quality.total.to(quality.unit)),
    }


def _finding(finding: Finding) -> JsonObject:
    return {
        "code": finding.code.name,
        "severity": finding.severity.value,
        "location": finding.location,
        "message": finding.message,
        "count": finding.count,
    }


def _totals(report: MonitoringReport) -> JsonObject:
    by_vintage = vintage_totals(report)
    return {
        "er_t_by_vintage": [{"vintage": v, "er_t": t} for v, t in by_vintage.items()],
        "er_t": report.er_t,
    }


def vintage_totals(report: MonitoringReport) -> dict[int, int]:
    """Whole tonnes per vintage year across all periods, in year order."""
    totals: dict[int, int] = {}
    for period in report.periods:
        for vintage in period.result.vintages:
            totals[vintage.vintage] = totals.get(vintage.vintage, 0) + vintage.er_t
    return dict(sorted(totals.items()))
