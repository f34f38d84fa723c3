"""How the corresponding-adjustment report looks on the terminal: one column per NDC year."""

from __future__ import annotations

from fractions import Fraction

from rich.table import Table

from setu.article6.ca_render import AMOUNT_PLACES, INTENSITY_PLACES, display
from setu.cli import render
from setu.domain.article6.adjustment_results import CaReport
from setu.domain.article6.ndc import TargetBasis

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
            verdict = {True: "met", False: "NOT met", None: "unknown (inventory missing)"}[test.met]
            render.console.print(f"{test.name}: achieved {_cell(test.achieved, places)} against"
                                 f" {_cell(test.limit, places)}: {verdict}")
