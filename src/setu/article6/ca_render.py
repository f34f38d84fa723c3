"""The corresponding-adjustment report as a JSON-ready dict: exact values beside rounded display values.

Every amount is written as `{"exact": ..., "display": ...}`. `exact` is the value itself as text: an
integer (`"60000"`) or a fraction in lowest terms (`"60000/7"`), never a float, so a reviewer can
recompute. `display` is rounded for reading only, by the rule in `ROUNDING`. Keys come out in the
order built here, so two reports diff line by line.
"""

from __future__ import annotations

from dataclasses import fields
from fractions import Fraction
from typing import Any

from setu.domain.article6.adjustment_results import CaReport, LevelTest
from setu.domain.article6.ndc import NdcDefinition, TargetBasis
from setu.domain.mrv.units import format_fraction

SCHEMA = "setu.ca-report/1"
"""Names the layout below; bump it when a key is renamed or removed (adding keys keeps it)."""

AMOUNT_PLACES = 2
INTENSITY_PLACES = 6
ROUNDING = (
    f"display values are rounded half-even to {AMOUNT_PLACES} decimal places ({INTENSITY_PLACES} for intensities), "
    "trailing zeros dropped, thousands separated by commas; 'exact' is the unrounded value, an integer or p/q"
)
BALANCE_RULE = (
    "balance = inventory + first transferred by vintage - used by year of use (D2 para 8; signs reversed for a "
    "'more is better' indicator, para 9); averaging: inventory + the by-vintage average; never row 5 - row 12"
)

JsonObject = dict[str, Any]


def display(value: Fraction, places: int = AMOUNT_PLACES) -> str:
    """`Fraction(60000, 7)` -> `"8,571.43"`: half-even, for reading only."""
    text = format_fraction(value, places)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, decimals = text.partition(".")
    return f"{sign}{int(whole):,}" + (f".{decimals}" if decimals else "")


def amount(value: Fraction | None, places: int = AMOUNT_PLACES) -> JsonObject | None:
    """An exact amount and its display, or None for "unknown" / "not applicable"."""
    if value is None:
        return None
    return {"exact": str(value), "display": display(value, places)}


def _record(value: object) -> JsonObject:
    """A result dataclass field by field: amounts as `amount`, intensities with more places."""
    out: JsonObject = {}
    for f in fields(value):  # type: ignore[arg-type]
        item = getattr(value, f.name)
        places = INTENSITY_PLACES if f.name == "intensity" else AMOUNT_PLACES
        out[f.name] = amount(item, places) if isinstance(item, Fraction) else item
    return out


def _ndc(ndc: NdcDefinition) -> JsonObject:
    measure = ndc.measure
    return {
        "party": ndc.party,
        "first_year": ndc.first_year,
        "last_year": ndc.last_year,
        "kind": ndc.kind.value,
        "method": ndc.method.value,
        "metric": ndc.metric.value,
        "measure": {"name": measure.name, "unit": measure.unit, "direction": measure.direction.value},
        "averaging_denominator": ndc.averaging_denominator.value if ndc.averaging_denominator else None,
        "target": None if ndc.target is None else {
            "value": amount(ndc.target.value, INTENSITY_PLACES), "basis": ndc.target.basis.value},
        "budget": amount(ndc.budget),
    }


def _test(test: LevelTest | None, places: int = AMOUNT_PLACES) -> JsonObject | None:
    if test is None:
        return None
    return {"name": test.name, "limit": amount(test.limit, places), "achieved": amount(test.achieved, places),
            "met": test.met, "missing_years": list(test.missing_years)}


def ca_report_dict(report: CaReport) -> JsonObject:
    """The whole report, JSON-ready (`json.dumps` needs no custom encoder)."""
    target = report.ndc.target
    target_places = INTENSITY_PLACES if target is not None and target.basis is TargetBasis.INTENSITY else AMOUNT_PLACES
    return {
        "schema": SCHEMA,
        "ndc": _ndc(report.ndc),
        "rounding": ROUNDING,
        "balance_rule": BALANCE_RULE,
        "latest_inventory_year": report.latest_inventory_year,
        "years": [_record(row) for row in report.years],
        "averaging_final": None if report.averaging_final is None else _record(report.averaging_final),
        "budget_test": _test(report.budget_test),
        "trajectory_test": _test(report.trajectory_test),
        "target_test": _test(report.target_test, target_places),
        "outside_period": _record(report.outside_period),
    }
