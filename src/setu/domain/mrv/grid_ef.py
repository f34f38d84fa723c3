"""India's grid emission factors (CEA CO2 Baseline Database) as versioned records, and a project's binding.

A project binds one record by database version, fiscal year, variant and imports flag (`jcm.md` §5),
never "the latest". Changing the binding is a `GridEfDecision` with a date, a decider and a reason; a
monitoring period uses the decision in force on its first day.

Where the data holds two values for one key (the FY2023-24 lookup-versus-press figures, tagged [C]),
the binding may name the source; otherwise the lower value is taken, because a lower factor can only
lower the emission reductions, and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

VARIANTS = {
    "WA_RE": "weighted average including renewables",
    "WA_thermal": "weighted average of thermal stations",
    "OM": "simple operating margin",
    "BM": "build margin",
    "CM": "combined margin, 0.5 OM + 0.5 BM",
    "CM_intermittent": "combined margin for wind and solar, 0.75 OM + 0.25 BM",
}


class GridEfError(ValueError):
    """A binding that matches no record, or a decision history that does not cover a period."""


@dataclass(frozen=True, slots=True)
class GridEmissionFactor:
    """One published value in tCO2/MWh, with where it came from."""

    database_version: str
    fiscal_year: str
    variant: str
    includes_imports: bool
    tco2_per_mwh: Decimal
    source_url: str
    evidence: str

    @property
    def key(self) -> str:
        imports = "incl. imports" if self.includes_imports else "excl. imports"
        return f"CEA {self.database_version} FY{self.fiscal_year} {self.variant} ({imports})"


@dataclass(frozen=True, slots=True)
class GridEfBinding:
    """Which record a project uses. `source_url` picks between conflicting values of one key."""

    database_version: str
    fiscal_year: str
    variant: str
    includes_imports: bool = False
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class GridEfDecision:
    """A recorded choice of binding, in force from `effective_from` until the next decision."""

    binding: GridEfBinding
    effective_from: date
    decided_by: str
    reason: str


@dataclass(frozen=True, slots=True)
class SelectedGridEf:
    """The record a period uses, the decision that chose it, and any note on how a conflict was settled."""

    factor: GridEmissionFactor
    decision: GridEfDecision
    note: str


def decision_in_force(decisions: tuple[GridEfDecision, ...], on: date) -> GridEfDecision:
    """The latest decision taking effect on or before `on`."""
    in_force = [d for d in decisions if d.effective_from <= on]
    if not in_force:
        first = min((d.effective_from for d in decisions), default=None)
        raise GridEfError(
            f"no grid emission factor decision is in force on {on.isoformat()}"
            + (f" (the first takes effect {first.isoformat()})" if first else " (the project binds none)")
        )
    return max(in_force, key=lambda d: d.effective_from)


def select_grid_ef(
    records: tuple[GridEmissionFactor, ...], decisions: tuple[GridEfDecision, ...], on: date
) -> SelectedGridEf:
    """Resolve the project's binding on `on` to one record, conservatively when sources conflict."""
    decision = decision_in_force(decisions, on)
    binding = decision.binding
    if binding.variant not in VARIANTS:
        raise GridEfError(f"grid EF variant {binding.variant!r} is not one of {', '.join(VARIANTS)}")
    matches = [
        r
        for r in records
        if (r.database_version, r.fiscal_year, r.variant, r.includes_imports)
        == (binding.database_version, binding.fiscal_year, binding.variant, binding.includes_imports)
    ]
    if binding.source_url is not None:
        matches = [r for r in matches if r.source_url == binding.source_url]
    if not matches:
        available = sorted({f"{r.database_version}/{r.fiscal_year}" for r in records if r.variant == binding.variant})
        raise GridEfError(
            f"no CEA record for version {binding.database_version}, FY{binding.fiscal_year}, variant "
            f"{binding.variant}, imports {binding.includes_imports}"
            + (f", source {binding.source_url}" if binding.source_url else "")
            + f"; {binding.variant} exists for: {', '.join(available) or 'nothing'}"
        )
    chosen = min(matches, key=lambda r: r.tco2_per_mwh)
    note = ""
    if len({r.tco2_per_mwh for r in matches}) > 1:
        values = ", ".join(f"{r.tco2_per_mwh} ({r.source_url})" for r in matches)
        note = f"sources disagree ({values}); the lowest, {chosen.tco2_per_mwh}, is used because it is conservative"
    return SelectedGridEf(chosen, decision, note)
