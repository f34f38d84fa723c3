"""The demo's monitoring chapter: the five sample projects, one per methodology, from meter data to ER.

Each project's data goes through the same pipeline as `setu mrv calc`, and its monitoring report
workbook is written beside the demo database, so a reader can open the calculation the verifier sees.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from rich.table import Table

from setu.cli import render
from setu.domain.mrv.findings import Severity
from setu.mrv.pipeline import MrvInputError, calculate
from setu.mrv.report_workbook import write_report_workbook

SAMPLES = (
    ("solar_pv", "solar_pv_readings.csv"),
    ("solar_storage", "solar_storage_readings.csv"),
    ("chiller", "chiller_readings.csv"),
    ("led", "led_readings.csv"),
    ("cement_whr", "cement_whr_readings.xlsx"),
)


def monitoring_chapter(out_dir: Path, today: date) -> bool:
    """Calculate every sample project and write its workbook under `out_dir`; False if any failed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    reports = []
    with resources.as_file(resources.files("setu.data.samples")) as samples:
        for project_name, data_name in SAMPLES:
            try:
                report = calculate(samples / f"{project_name}.yaml", samples / data_name, today=today)
            except (MrvInputError, ValueError) as error:
                render.errors.print(f"[red]{project_name}: {error}[/]", soft_wrap=True)
                return False
            path = out_dir / f"{report.project.id}.xlsx"
            write_report_workbook(report, path)
            reports.append((report, path))
    vintages = sorted({v.vintage for report, _ in reports for p in report.periods for v in p.result.vintages})
    table = Table("project", "methodology", *(f"{v} t" for v in vintages), "warnings", "eligible", "NDAIAPA", "report")
    for report, path in reports:
        by_vintage = {v.vintage: v.er_t for p in report.periods for v in p.result.vintages}
        warnings = sum(1 for f in report.findings if f.severity is Severity.WARNING)
        eligible = "yes" if all(r.passed for r in report.eligibility) else "no"
        table.add_row(report.project.id, report.methodology.reference, *(str(by_vintage.get(v, 0)) for v in vintages),
                      str(warnings), eligible, report.ndaiapa.status.value, str(path))
    render.console.print(table)
    return True
