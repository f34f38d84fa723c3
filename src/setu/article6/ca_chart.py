"""A chart of one Party's corresponding adjustments: flows as bars, the balance as a line, PNG and SVG.

Bars per year of the NDC period: units first transferred (by vintage, the population that enters the
balance) and units used (by year of use, drawn below zero). The emissions balance (or adjusted
indicator) is a line on its own axis, since it is millions of times larger than the flows; years
without an inventory leave a gap. Values become floats here for drawing only; the numbers are in the
JSON report. Repeated runs write identical files: a fixed SVG hash salt and id, no date in the metadata.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from setu.domain.article6.adjustment_results import CaReport

DETERMINISTIC_RC = {"svg.hashsalt": "setu-ca-chart", "svg.id": "setu-ca-chart", "svg.fonttype": "path"}
SVG_METADATA = {"Date": None, "Creator": "setu"}
PNG_METADATA = {"Software": "setu"}


def _plot(value: Fraction | None) -> float:
    return math.nan if value is None else float(value)


def ca_figure(report: CaReport) -> Figure:
    """The chart as a matplotlib Figure (Agg canvas), not yet saved."""
    ndc, unit = report.ndc, report.measure.unit
    years = [row.year for row in report.years]
    figure = Figure(figsize=(9, 5), dpi=100)
    FigureCanvasAgg(figure)
    flows = figure.add_subplot()
    width = 0.4
    flows.bar([y - width / 2 for y in years], [_plot(r.first_transferred_by_vintage) for r in report.years],
              width, label="first transferred (by vintage)", color="#1f77b4")
    flows.bar([y + width / 2 for y in years], [-_plot(r.row9_used) for r in report.years],
              width, label="used (by year of use)", color="#ff7f0e")
    flows.axhline(0, color="#555555", linewidth=0.8)
    flows.set_xticks(years, [str(y) for y in years])
    flows.set_xlabel("year")
    flows.set_ylabel(f"flows ({unit})")
    balance = flows.twinx()
    balance.plot(years, [_plot(r.balance) for r in report.years], marker="o", color="#2ca02c",
                 label=f"balance ({ndc.method.value})")
    if ndc.trajectory is not None:
        balance.plot(years, [_plot(r.trajectory) for r in report.years], linestyle="--", color="#7f7f7f",
                     label="trajectory (row 3)")
    balance.set_ylabel(f"balance after adjustments ({unit})")
    for axis in (flows, balance):
        axis.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    (bars, bar_labels), (lines, line_labels) = flows.get_legend_handles_labels(), balance.get_legend_handles_labels()
    flows.legend(bars + lines, bar_labels + line_labels, loc="best", fontsize="small")
    denominator = f", denominator {ndc.averaging_denominator.value}" if ndc.averaging_denominator else ""
    flows.set_title(f"{ndc.party}: corresponding adjustments {ndc.first_year}-{ndc.last_year}{denominator}")
    figure.tight_layout()
    return figure


def write_ca_chart(report: CaReport, out: Path) -> tuple[Path, Path]:
    """Write `out` with suffixes .png and .svg (any suffix of `out` is replaced); return both paths."""
    png, svg = out.with_suffix(".png"), out.with_suffix(".svg")
    out.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(DETERMINISTIC_RC):
        figure = ca_figure(report)
        figure.savefig(png, format="png", metadata=PNG_METADATA)
        figure.savefig(svg, format="svg", metadata=SVG_METADATA)
    return png, svg
