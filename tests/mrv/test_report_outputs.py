"""The two renderings of a monitoring report: JSON with no floats, and the JCM-style workbook.

The expected numbers are worked by hand below, so a change in the engine or the writers that moves a
tonne fails here with the arithmetic beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from setu.domain.mrv.calculation import calculate_period
from setu.domain.mrv.eligibility import check_criteria
from setu.domain.mrv.findings import Finding, FindingCode
from setu.domain.mrv.grid_ef import GridEfBinding, GridEfDecision, GridEmissionFactor, select_grid_ef
from setu.domain.mrv.methodology import Methodology, MissingData
from setu.domain.mrv.ndaiapa import check_ndaiapa
from setu.domain.mrv.project import Equipment, MonitoringPeriod, Project
from setu.domain.mrv.quality import MeterQuality
from setu.domain.mrv.report import DataFile, MonitoringReport, PeriodReport
from setu.domain.mrv.units import Quantity
from setu.methodologies import find_methodology
from setu.mrv.report_json import exact_text, report_to_json
from setu.mrv.report_workbook import SHEETS, write_report_workbook

P1 = MonitoringPeriod("P1", date(2025, 7, 1), date(2026, 6, 30))
P2 = MonitoringPeriod("P2", date(2026, 7, 1), date(2026, 12, 31))
URL = "https://cea.nic.in/cdm-co2-baseline-database/"
# Two sources disagree on one key; the lower value, 0.7383, must be the one used (and the note says so).
RECORDS = (
    GridEmissionFactor("20.0", "2023-24", "CM_intermittent", False, Decimal("0.7383"), URL, "[S] table 3"),
    GridEmissionFactor("20.0", "2023-24", "CM_intermittent", False, Decimal("0.7400"), "https://press.test", "[C]"),
)
DECISION = GridEfDecision(GridEfBinding("20.0", "2023-24", "CM_intermittent"), date(2025, 1, 1), "PP", "initial")
FACTS = (("technology", "solar PV"), ("pv_modules_iec_certified", True), ("output_meter_installed", True))


def _project(methodology: Methodology, equipment: Equipment, periods: tuple[MonitoringPeriod, ...]) -> Project:
    return Project(
        "IN-001", "Pune rooftop PV", methodology.id, methodology.version, "Asia/Kolkata", FACTS, (equipment,), (),
        (DECISION,), periods,
    )


def _quality(vintage: int, measured_kwh: str, missing: int) -> MeterQuality:
    return MeterQuality(
        "m-1", "pv-1", "EG", vintage, "kWh", 4000, 4380, missing, 0, 0, 0, MissingData.ZERO,
        Quantity.of(measured_kwh, "kWh"), Quantity.of(0, "kWh"), Quantity.of(measured_kwh, "kWh"),
    )


def _report(methodology: Methodology, project: Project, periods: list[PeriodReport]) -> MonitoringReport:
    return MonitoringReport(
        methodology, project, (DataFile("readings.csv", "ab" * 32, 8760),), tuple(periods),
        tuple(check_criteria(methodology.eligibility, dict(project.facts))),
        check_ndaiapa(methodology.ndaiapa, date(2026, 12, 31)),
        (Finding(FindingCode.GAP, "readings.csv:17:timestamp", "no reading for 3 hourly intervals", count=3),),
        "2027-01-15T09:30:00+00:00", "0.1.0",
    )


@pytest.fixture(scope="module")
def solar_report() -> MonitoringReport:
    """IN_AM001, one unit, two periods; P1 straddles New Year so it has vintages 2025 and 2026."""
    methodology = find_methodology("IN_AM001")
    project = _project(methodology, Equipment("pv-1", "rooftop PV", (), (("displaced", "grid"),)), (P1, P2))
    p1 = calculate_period(methodology, project, P1, select_grid_ef(RECORDS, (DECISION,), P1.start), {
        ("pv-1", "EG", 2025): Quantity.of("500.25", "MWh"),
        ("pv-1", "EG", 2026): Quantity.of("1000.5", "MWh"),
    })
    p2 = calculate_period(methodology, project, P2, select_grid_ef(RECORDS, (DECISION,), P2.start), {
        ("pv-1", "EG", 2026): Quantity.of("200.1", "MWh"),
    })
    return _report(methodology, project, [
        PeriodReport(p1, (_quality(2025, "500250", 380), _quality(2026, "1000500", 0))),
        PeriodReport(p2, (_quality(2026, "200100", 0),)),
    ])


@pytest.fixture(scope="module")
def chiller_report() -> MonitoringReport:
    """IN_AM003, whose RE does not terminate as a decimal and whose PE is not zero."""
    methodology = find_methodology("IN_AM003")
    chiller = Equipment("ch-1", "centrifugal chiller", (
        ("COP_PJ", Quantity.of("7", "1")), ("T_cool_out", Quantity.of("37", "degC")),
        ("T_chill_out", Quantity.of("7", "degC")), ("Q_cap", Quantity.of("300", "USRt")),
    ), (("displaced", "grid"),))
    period = MonitoringPeriod("P1", date(2026, 1, 1), date(2026, 12, 31))
    project = _project(methodology, chiller, (period,))
    result = calculate_period(methodology, project, period, select_grid_ef(RECORDS, (DECISION,), period.start),
                              {("ch-1", "EC_PJ", 2026): Quantity.of("400", "MWh")})
    return _report(methodology, project, [PeriodReport(result, ())])


def _floats(value: Any, path: str = "$") -> list[str]:
    """Every path in a JSON structure that holds a float, or anything JSON has no type for."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _floats(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _floats(item, f"{path}[{index}]")]
    return [] if value is None or isinstance(value, str | int | bool) else [f"{path}: {value!r}"]


def test_json_round_trips_without_a_single_float(solar_report, chiller_report):
    for report in (solar_report, chiller_report):
        data = report_to_json(report)
        assert _floats(data) == []
        text = json.dumps(data, ensure_ascii=False)
        assert json.loads(text) == data
        assert _floats(json.loads(text, parse_float=lambda s: pytest.fail(f"float {s} in JSON"))) == []
        assert json.dumps(report_to_json(report), ensure_ascii=False) == text  # stable, key order included


def test_json_holds_the_hand_computed_tonnes(solar_report):
    data = report_to_json(solar_report)
    p1, p2 = data["periods"]
    v2025, v2026 = p1["vintages"]
    # 500.25 MWh × 0.7383 tCO2/MWh = 369.334575 t → 369
    assert (v2025["re_tco2"], v2025["pe_tco2"], v2025["er_t"]) == ("369.334575", "0", 369)
    # 1000.5 MWh × 0.7383 tCO2/MWh = 738.66915 t = 14773383/20000 → 738
    assert (v2026["re_tco2"], v2026["re_tco2_fraction"], v2026["er_exact_tco2"], v2026["er_t"]) == (
        "738.66915", "14773383/20000", "738.66915", 738)
    # 200.1 MWh × 0.7383 = 147.73383 t → 147
    assert p2["vintages"][0]["er_exact_tco2_fraction"] == "14773383/100000"
    assert (p1["er_t"], p2["er_t"]) == (369 + 738, 147)
    assert data["totals"] == {
        "er_t_by_vintage": [{"vintage": 2025, "er_t": 369}, {"vintage": 2026, "er_t": 738 + 147}],
        "er_t": 1254,
    }
    assert [s["symbol"] for s in v2026["steps"]] == ["EF_RE", "RE", "PE", "ER"]
    assert v2026["steps"][-1]["result"] == "738"
    assert {(i["symbol"], i["scope"], i["value"], i["unit"]) for i in v2026["inputs"]} == {
        ("EF_grid", "project", "0.7383", "tCO2/MWh"), ("EG", "pv-1", "1000.5", "MWh")}
    assert v2025["quality"][0] | {"missing_share": "8.68%", "total": "500250", "rule": "ZERO"} == v2025["quality"][0]


def test_json_names_the_grid_ef_decision_and_the_verdicts(solar_report):
    data = report_to_json(solar_report)
    grid = data["periods"][0]["grid_ef"]
    assert grid["record"] == "CEA 20.0 FY2023-24 CM_intermittent (excl. imports)"
    assert (grid["tco2_per_mwh"], grid["source_url"]) == ("0.7383", URL)
    assert grid["decision"] == {"effective_from": "2025-01-01", "decided_by": "PP", "reason": "initial"}
    assert "0.7383" in grid["note"] and "conservative" in grid["note"]
    assert list(data) == ["schema", "setu_version", "generated_at", "methodology", "project", "data_files",
                          "eligibility", "ndaiapa", "periods", "findings", "totals"]
    # C4 (module disposal plan) is not declared, so eligibility fails and says why.
    assert data["eligibility"]["passed"] is False
    assert data["eligibility"]["criteria"][3]["explanation"] == "module_disposal_plan is not declared"
    assert (data["ndaiapa"]["status"], data["ndaiapa"]["eligible"]) == ("NOT_LISTED", False)
    # FindingCode.GAP.name, not "GAP": while FindingCode's values are bare severities, GAP is an alias.
    assert data["findings"] == [{"code": FindingCode.GAP.name, "severity": "warning", "location": "readings.csv:17:timestamp",
                                 "message": "no reading for 3 hourly intervals", "count": 3}]


def test_json_keeps_a_non_terminating_value_exact(chiller_report):
    (vintage,) = report_to_json(chiller_report)["periods"][0]["vintages"]
    # COP_PJ,tc = 7 × (37 − 7 + 1.5 + 1.5) / (37 − 7 + 1.5 + 1.5) = 7; COP_RE(300 USRt) = 5.59.
    # RE = 400 × 7 / 5.59 × 0.7383 = 2067.24 / 5.59 = 206724/559 = 369.81037567…
    assert (vintage["re_tco2"], vintage["re_tco2_fraction"]) == ("369.810376", "206724/559")
    # PE = 400 × 0.7383 = 295.32; ER = 206724/559 − 7383/25 = 1041003/13975 = 74.4903… → 74
    assert (vintage["pe_tco2"], vintage["pe_tco2_fraction"]) == ("295.32", "7383/25")
    assert (vintage["er_exact_tco2_fraction"], vintage["er_t"]) == ("1041003/13975", 74)


def test_exact_text_never_rounds():
    assert exact_text(Fraction(14773383, 20000)) == "738.66915"
    assert exact_text(Fraction(206724, 559)) == "206724/559"
    assert exact_text(Fraction(-1, 8)) == "-0.125"
    assert exact_text(Fraction(10**30 + 1, 1000)) == "1000000000000000000000000000.001"


def _table(sheet, first_header: str, second_header: str | None = None) -> list[dict[str, Any]]:
    """The rows under the header row that starts with `first_header` (and `second_header`), until a blank."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first_header and (second_header is None or r[1] == second_header))
    headers = rows[start]
    table = []
    for row in rows[start + 1:]:
        if row[0] is None:
            break
        table.append({h: v for h, v in zip(headers, row, strict=True) if h is not None})
    return table


@pytest.fixture(scope="module")
def solar_book(solar_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "monitoring.xlsx"
    write_report_workbook(solar_report, path)
    return path


def test_workbook_has_the_jcm_sheets_and_the_tonnes(solar_book):
    book = openpyxl.load_workbook(solar_book)
    assert book.sheetnames == list(SHEETS) == [
        "Summary", "MRS(input)", "MRS(calc_process)", "QA-QC", "Findings", "Eligibility", "Parameters"]
    er = _table(book["Summary"], "Period", "Vintage")
    assert [(r["Period"], r["Vintage"], r["ER (whole tCO2)"]) for r in er] == [
        ("P1", 2025, 369), ("P1", 2026, 738), ("P2", 2026, 147)]
    assert all(isinstance(r["ER (whole tCO2)"], int) for r in er)
    assert (er[1]["RE (tCO2)"], er[1]["RE (tCO2) (exact)"]) == (738.66915, "738.66915")
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0]}
    assert (summary["Vintage 2025"], summary["Vintage 2026"], summary["All vintages"]) == (369, 885, 1254)
    assert summary["NDAIAPA"] == "not listed; NOT eligible"
    assert summary["Eligibility"].startswith("NOT met: C4")
    grid = _table(book["Summary"], "Period", "Start")
    assert grid[0]["Start"] == datetime(2025, 7, 1) and grid[0]["EF (tCO2/MWh) (exact)"] == "0.7383"

    calc = _table(book["MRS(calc_process)"], "Period")
    er_rows = [r for r in calc if r["Symbol"] == "ER"]
    assert [(r["ER (whole t)"], r["Result (exact)"]) for r in er_rows] == [(369, "369"), (738, "738"), (147, "147")]
    assert {r["Rounding"] for r in er_rows} == {"floor(max(0, RE − PE)), whole tCO2 per vintage"}
    re = next(r for r in calc if r["Symbol"] == "RE" and r["Vintage"] == 2026 and r["Period"] == "P1")
    assert (re["Result (exact)"], re["Substituted"]) == ("738.66915", "738.66915 tCO2 [pv-1]")

    inputs = _table(book["MRS(input)"], "Period")
    eg = next(r for r in inputs if r["Symbol"] == "EG" and r["Vintage"] == 2026 and r["Period"] == "P1")
    assert (eg["Value"], eg["Value (exact)"], eg["Unit"]) == (1000.5, "1000.5", "MWh")
    assert eg["Monitoring option"].startswith("C:") and eg["Description"].startswith("AC electricity")

    qa = _table(book["QA-QC"], "Period")
    assert (qa[0]["Share missing"], qa[0]["Total used (exact)"], qa[0]["Missing intervals"]) == ("8.68%", "500250", 380)
    assert _table(book["Findings"], "Code")[0]["Count"] == 3
    assert [r["Passed"] for r in _table(book["Eligibility"], "Criterion")] == [True, True, True, False]
    assert [r["Symbol"] for r in _table(book["Parameters"], "Symbol")] == ["EG", "EF_grid", "EF_captive"]


def test_every_float_cell_has_its_exact_copy_beside_it(solar_book, chiller_report, tmp_path):
    chiller_book = tmp_path / "chiller.xlsx"
    write_report_workbook(chiller_report, chiller_book)
    for path in (solar_book, chiller_book):
        book = openpyxl.load_workbook(path)
        for sheet in book:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, float):
                        exact = sheet.cell(cell.row, cell.column + 1).value
                        assert isinstance(exact, str), f"{sheet.title}!{cell.coordinate} has no exact copy"
                        assert float(Fraction(exact)) == cell.value
    calc = _table(openpyxl.load_workbook(chiller_book)["MRS(calc_process)"], "Period")
    assert next(r for r in calc if r["Symbol"] == "RE")["Result (exact)"] == "206724/559"
    assert next(r for r in calc if r["Symbol"] == "ER")["ER (whole t)"] == 74


def test_tables_have_bold_frozen_filtered_headers(solar_book):
    book = openpyxl.load_workbook(solar_book)
    for name in SHEETS[1:]:
        sheet = book[name]
        assert sheet["A1"].font.b, name
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), name
    assert book["Summary"].auto_filter.ref  # over the ER table


def test_libreoffice_opens_the_workbook(solar_book, tmp_path):
    """LibreOffice reads every sheet: its own xlsx re-export keeps the sheets, the tonnes and the exact text."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        if os.environ.get("SETU_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("SETU_REQUIRE_LIBREOFFICE=1 but neither soffice nor libreoffice is on PATH")
        pytest.skip("neither soffice nor libreoffice is on PATH; the headless LibreOffice check needs one")
    out = tmp_path / "out"
    result = subprocess.run(
        [office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(solar_book)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    converted = out / solar_book.name
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    book = openpyxl.load_workbook(converted)
    assert book.sheetnames == list(SHEETS)
    er_rows = [r for r in _table(book["MRS(calc_process)"], "Period") if r["Symbol"] == "ER"]
    assert [(r["ER (whole t)"], r["Result (exact)"]) for r in er_rows] == [(369, "369"), (738, "738"), (147, "147")]
