"""How methodologies, findings, eligibility and ER results look on the terminal."""

from __future__ import annotations

from rich.table import Table

from setu.cli.render import console, errors
from setu.domain.mrv.eligibility import CriterionResult
from setu.domain.mrv.findings import Finding, Severity
from setu.domain.mrv.methodology import Methodology
from setu.domain.mrv.ndaiapa import NdaiapaFinding
from setu.domain.mrv.report import MonitoringReport
from setu.domain.mrv.units import format_fraction


def methodology_table(methodologies: tuple[Methodology, ...]) -> Table:
    table = Table("id", "version", "title", "sectoral scope", "NDAIAPA", "status")
    for m in methodologies:
        table.add_row(m.id, m.version, m.title, m.sectoral_scope, m.ndaiapa.status.value, m.status)
    return table


def show_methodology(m: Methodology) -> None:
    console.print(f"[bold]{m.reference}[/] {m.title}", soft_wrap=True)
    console.print(f"Sectoral scope: {m.sectoral_scope}\nStatus: {m.status}\n{m.summary}", soft_wrap=True)
    console.print("\n[bold]Equations[/] (ER = floor(max(0, RE − PE)) whole tCO2 per vintage)")
    for equation in m.equations:
        scope = "  [per equipment i]" if equation.per_equipment else ""
        console.print(f"  {equation.render()}   [{equation.unit}]{scope}", soft_wrap=True, markup=False)
    table = Table("symbol", "description", "unit", "kind", "option", "frequency", "value / source", title="Parameters")
    for p in m.parameters:
        value = f"{p.default} ({p.default_source})" if p.default is not None else p.source.value
        option = p.monitoring_option.name if p.monitoring_option else ""
        table.add_row(p.symbol, p.description, p.unit, p.kind.value, option, p.frequency, value)
    console.print(table)
    for lookup in m.tables:
        bands = Table(f"{lookup.key_unit} from", "below", lookup.value_unit, title=f"{lookup.name}: {lookup.description}")
        for band in lookup.bands:
            bands.add_row(band.lower, band.upper or "", band.value)
        console.print(bands)
        console.print(f"  source: {lookup.source}", soft_wrap=True)
    for option in m.options:
        console.print(f"Option [bold]{option.name}[/]: {option.description}: {' | '.join(option.values)}", soft_wrap=True)
    console.print("\n[bold]Eligibility[/]")
    for criterion in m.eligibility:
        conditions = "; ".join(c.describe() for c in criterion.conditions)
        console.print(f"  {criterion.id} {criterion.text}  [dim]({conditions})[/]", soft_wrap=True)
    console.print(f"\n[bold]NDAIAPA[/]: {m.ndaiapa.status.value}. {m.ndaiapa.note}", soft_wrap=True)
    console.print("Sources: " + "; ".join(m.sources), soft_wrap=True)


def findings(found: tuple[Finding, ...] | list[Finding]) -> None:
    for finding in found:
        style = "red" if finding.severity is Severity.ERROR else "yellow"
        errors.print(f"[{style}]{finding.severity.value}[/] {finding}", soft_wrap=True, highlight=False)


def eligibility(m: Methodology, results: list[CriterionResult], ndaiapa: NdaiapaFinding) -> None:
    console.print(f"Eligibility under {m.reference}:")
    for result in results:
        mark = "[green]✔[/]" if result.passed else "[red]✘[/]"
        console.print(f"  {mark} {result.criterion.id} {result.criterion.text} {result.explanation()}", soft_wrap=True)
    flag = "[green]eligible[/]" if ndaiapa.eligible else "[yellow]not eligible as listed[/]"
    console.print(f"Article 6.2 (NDAIAPA): {flag}")
    for line in ndaiapa.lines:
        console.print(f"  {line}", soft_wrap=True)


def calculation(report: MonitoringReport) -> None:
    m, p = report.methodology, report.project
    console.print(f"[bold]{p.id}[/] {p.name} — {m.reference} {m.title}", soft_wrap=True)
    table = Table("period", "vintage", "RE tCO2", "PE tCO2", "RE − PE (to 6 dp)", "ER t", title="Emission reductions")
    for period in report.periods:
        for v in period.result.vintages:
            table.add_row(period.result.period.id, str(v.vintage), v.re.format("tCO2", 3).removesuffix(" tCO2"),
                          v.pe.format("tCO2", 3).removesuffix(" tCO2"), format_fraction(v.er_exact, 6), str(v.er_t))
    table.add_row("total", "", "", "", "", f"[bold]{report.er_t}[/]")
    console.print(table)
    quality = Table("period", "meter", "vintage", "readings", "missing", "share", "filled", "rule", title="QA/QC")
    for period in report.periods:
        for q in period.quality:
            quality.add_row(period.result.period.id, q.meter_id, str(q.vintage), str(q.readings_used),
                            str(q.missing_intervals + q.excluded_intervals), q.missing_share,
                            q.filled.format(q.unit, 3), q.rule.value)
    console.print(quality)
    for period in report.periods:
        if period.result.grid_ef:
            chosen = period.result.grid_ef
            note = f"; {chosen.note}" if chosen.note else ""
            console.print(f"Grid EF for {period.result.period.id}: {chosen.factor.key} = {chosen.factor.tco2_per_mwh} tCO2/MWh{note}",
                          soft_wrap=True)
    failed = [r for r in report.eligibility if not r.passed]
    verdict = "[green]all criteria met[/]" if not failed else f"[red]{len(failed)} criteria not met[/]"
    console.print(f"Eligibility: {verdict}; NDAIAPA: {report.ndaiapa.status.value}")
    warnings = [f for f in report.findings if f.severity is Severity.WARNING]
    if warnings:
        console.print(f"{len(warnings)} data warning(s), each handled conservatively:")
        findings(warnings)
