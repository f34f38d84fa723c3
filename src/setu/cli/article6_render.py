"""How Article 6 reads on the terminal: the corresponding-adjustment report (one column per NDC year) and a
Party's standing."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from rich.markup import escape
from rich.table import Table

from setu.article6.ca_render import AMOUNT_PLACES, INTENSITY_PLACES, display
from setu.cli import render
from setu.domain.article6.adjustment_results import CaReport
from setu.domain.article6.ndc import TargetBasis
from setu.domain.article6.participation import Requirement
from setu.services.article6_queries import StandingReport

_ROWS = (
    ("first transferred, by vintage", "first_transferred_by_vintage"),
    ("7  NDC first transferred (FT year)", "row7_ndc_first_transferred"),
    ("8  OIMP first transferred (FT year)", "row8_oimp_first_transferred"),
    ("9  used towards the NDC", "row9_used"),
    ("10 net", "row10_net"),
    ("11 averaging (CTF)", "row11_averaging"),
    ("12 total CA", "row12_total_ca"),
    ("13 cumulative", "row13_cumulative"),
    ("5  inventory", "inventory"),
    ("adjustment applied", "adjustment"),
    ("emissions balance", "balance"),
)


def _cell(value: object, places: int = AMOUNT_PLACES) -> str:
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        return display(value, places)
    return str(value)


def ca_table(report: CaReport) -> None:
    """Print the report's years as a table, then the final figures and tests."""
    ndc = report.ndc
    table = Table(title=f"{ndc.party} corresponding adjustments, NDC {ndc.first_year}-{ndc.last_year}"
                        f" ({ndc.kind.value}, {ndc.method.value})")
    table.add_column("row")
    for year in report.years:
        table.add_column(str(year.year), justify="right")
    for label, name in _ROWS:
        table.add_row(label, *(_cell(getattr(year, name)) for year in report.years))
    render.console.print(table)
    if report.averaging_final is not None:
        final = report.averaging_final
        render.console.print(
            f"averaging, final ({final.year}): by vintage {_cell(final.by_vintage)} t a year over"
            f" {final.period_years} years (row 11 in {final.year}: {_cell(final.row11_end_year)});"
            f" balance {_cell(final.balance)}")
    outside = report.outside_period
    if any((outside.first_transferred_vintage_outside, outside.first_transferred_year_outside,
            outside.used_year_outside)):
        render.console.print(
            f"outside the NDC period {ndc.first_year}-{ndc.last_year} (in no row above): first transferred with a"
            f" vintage outside it {_cell(outside.first_transferred_vintage_outside)}, first transferred in a year"
            f" outside it {_cell(outside.first_transferred_year_outside)}, used for a year outside it"
            f" {_cell(outside.used_year_outside)}")
    intensity = ndc.target is not None and ndc.target.basis is TargetBasis.INTENSITY
    for test in (report.budget_test, report.trajectory_test, report.target_test):
        if test is not None:
            places = INTENSITY_PLACES if intensity and test is report.target_test else AMOUNT_PLACES
            missing = ", ".join(str(y) for y in test.missing_years) or "some years"
            verdict = {True: "met", False: "NOT met", None: f"unknown (inventory missing for {missing})"}[test.met]
            render.console.print(f"{test.name}: achieved {_cell(test.achieved, places)} against"
                                 f" {_cell(test.limit, places)}: {verdict}")


def standing_dict(report: StandingReport) -> dict[str, Any]:
    """`setu a6 standing show --json`."""
    s = report.in_force
    return {
        "party": report.party,
        "day": report.day.isoformat(),
        "versions_recorded": report.versions,
        "in_force": None if s is None else {
            "version": s.version, "as_of": s.as_of.isoformat(),
            "unmet_requirements": [f"4({r.letter}) {r.value}" for r in s.unmet],
            "initial_reports": [{
                "cooperative_approach_id": r.cooperative_approach_id, "submitted_on": r.submitted_on.isoformat(),
                "reference": r.reference,
                "technical_review_completed_on": r.technical_review_completed_on.isoformat()
                if r.technical_review_completed_on else None,
            } for r in s.initial_reports],
            "gates": {"initial_report": s.gates.initial_report, "technical_review": s.gates.technical_review},
        },
        "eligible": report.eligibility is None,
        "eligibility_problem": report.eligibility,
        "first_transfer": {ca: {"allowed": report.eligibility is None and problem is None, "problem": problem}
                           for ca, problem in report.approaches.items()},
    }


def standing_table(report: StandingReport) -> None:
    """Print the standing in force and each approach's first-transfer verdict."""
    s = report.in_force
    out = render.console
    if s is None:
        out.print(f"{report.party}: no standing in force on {report.day} ({report.versions} version(s) recorded)")
    else:
        out.print(f"{report.party} standing v{s.version}, in force from {s.as_of} (judged on {report.day})")
        table = Table("requirement (decision 2/CMA.3 annex para 4)", "met")
        for requirement in Requirement:
            table.add_row(f"{requirement.letter}) {requirement.description}",
                          "no" if requirement in s.unmet else "yes")
        out.print(table)
        gates = [name for name, on in (("initial report", s.gates.initial_report),
                                       ("technical expert review", s.gates.technical_review)) if on]
        out.print(f"first-transfer gates: {', '.join(gates) or 'none'}")
    if report.eligibility is not None:
        out.print(f"[red]not eligible:[/] {escape(report.eligibility)}")
    for ca, problem in report.approaches.items():
        verdict = "first transfers allowed" if report.eligibility is None and problem is None else escape(
            problem or "not eligible")
        out.print(f"{ca}: {verdict}")
