"""Pieces every electricity-displacing methodology shares: the grid and captive emission factors.

Kept in one place so that the captive-diesel default, its derivation and the conservative "both" rule
(the lower of the two factors when a unit displaces grid and captive power) cannot drift between files.
"""

from __future__ import annotations

from setu.domain.mrv.expressions import Choice, Min, Sym
from setu.domain.mrv.methodology import Equation, MonitoringOption, Option, Parameter, ParameterKind, ValueSource

EF_GRID = Parameter(
    "EF_grid", "CO2 emission factor of the Indian grid (CEA CO2 Baseline Database, the project's bound record)",
    "tCO2/MWh", ParameterKind.EX_ANTE, ValueSource.GRID_EF, per_equipment=False,
    monitoring_option=MonitoringOption.A, frequency="fixed ex ante; a change is a recorded decision",
)

EF_CAPTIVE = Parameter(
    "EF_captive", "CO2 emission factor of captive diesel generation", "tCO2/MWh",
    ParameterKind.EX_ANTE, ValueSource.DEFAULT, per_equipment=False, monitoring_option=MonitoringOption.A,
    frequency="fixed ex ante", default="0.533",
    default_source="[I] 72.6 tCO2/TJ (IPCC lower-bound diesel) × 0.0036 TJ/MWh ÷ 0.49 (best-case genset "
    "efficiency) = 0.5334, rounded down; jcm.md §4.1. Provisional until the JC fixes India's value",
)

DISPLACED = Option(
    "displaced", "which electricity the unit's output replaces",
    ("grid", "captive", "grid_and_captive"),
)

EF_RE = Equation(
    "EF_RE",
    Choice("displaced", (
        ("grid", Sym("EF_grid")),
        ("captive", Sym("EF_captive")),
        ("grid_and_captive", Min(Sym("EF_grid"), Sym("EF_captive"))),
    )),
    "tCO2/MWh",
    "reference emission factor of the displaced electricity; the lower one when both are displaced",
    per_equipment=True,
)
