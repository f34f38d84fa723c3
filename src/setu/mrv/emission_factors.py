"""Load the CEA grid emission factors setu ships (`setu/data/grid_ef/cea_co2_baseline.csv`).

Values are read as `Decimal` straight from the text, never through float.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from setu.domain.mrv.grid_ef import VARIANTS, GridEmissionFactor

COLUMNS = ("database_version", "fiscal_year", "variant", "includes_imports", "tco2_per_mwh", "source_url", "evidence")


def load_grid_emission_factors(path: Path | None = None) -> tuple[GridEmissionFactor, ...]:
    """Every row of the shipped table (or of `path`); a `ValueError` names the file, line and column of bad data."""
    source = path or resources.files("setu.data.grid_ef").joinpath("cea_co2_baseline.csv")
    name = getattr(source, "name", str(source))
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
        return tuple(_row(name, line, row) for line, row in enumerate(reader, start=2))


def _row(name: str, line: int, row: dict[str, str]) -> GridEmissionFactor:
    if row["variant"] not in VARIANTS:
        raise ValueError(f"{name}:{line}:variant: {row['variant']!r} is not one of {', '.join(VARIANTS)}")
    if row["includes_imports"] not in ("true", "false"):
        raise ValueError(f"{name}:{line}:includes_imports: {row['includes_imports']!r} must be true or false")
    try:
        value = Decimal(row["tco2_per_mwh"])
    except InvalidOperation:
        raise ValueError(f"{name}:{line}:tco2_per_mwh: {row['tco2_per_mwh']!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{name}:{line}:tco2_per_mwh: {value} must be a positive number")
    return GridEmissionFactor(
        row["database_version"], row["fiscal_year"], row["variant"], row["includes_imports"] == "true",
        value, row["source_url"], row["evidence"],
    )
