"""Builders for calculation tests: projects, grid factors and monitored totals without files or meters."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from setu.domain.mrv.grid_ef import GridEfBinding, GridEfDecision, GridEmissionFactor, SelectedGridEf
from setu.domain.mrv.methodology import Methodology
from setu.domain.mrv.project import Equipment, Meter, MonitoringPeriod, Project, ReadingKind
from setu.domain.mrv.units import Quantity

YEAR_2026 = MonitoringPeriod("MP1", date(2026, 1, 1), date(2026, 12, 31))
FY_2026_27 = MonitoringPeriod("MP1", date(2026, 4, 1), date(2027, 3, 31))


def grid(value: str = "0.7383", variant: str = "CM") -> SelectedGridEf:
    """A selected grid factor as if the project bound CEA V21.0 FY2024-25 `variant`."""
    binding = GridEfBinding("V21.0", "2024-25", variant)
    factor = GridEmissionFactor("V21.0", "2024-25", variant, False, Decimal(value), "https://example.test/cea", "[S]")
    return SelectedGridEf(factor, GridEfDecision(binding, date(2026, 1, 1), "PPs", "test"), "")


def equipment(equipment_id: str, options: dict[str, str] | None = None, **values: str) -> Equipment:
    """`equipment("ch-1", {"displaced": "grid"}, COP_PJ="6.4 1", Q_cap="500 USRt")`."""
    quantities = tuple((symbol, Quantity.of(*text.split(" ", 1))) for symbol, text in values.items())
    return Equipment(equipment_id, "", quantities, tuple((options or {"displaced": "grid"}).items()))


def project(methodology: Methodology, *units: Equipment, period: MonitoringPeriod = YEAR_2026,
            values: tuple[tuple[str, Quantity], ...] = ()) -> Project:
    """A project on `methodology` with the given equipment, one period and no meters."""
    return Project(
        "IN-TEST-1", "test project", methodology.id, methodology.version, "Asia/Kolkata", (), units, (), (),
        (period,), values,
    )


def totals(vintage: int = 2026, **by_key: str) -> dict[tuple[str, str, int], Quantity]:
    """`totals(**{"pv-1/EG": "1000.5 MWh"})` → monitored totals for one vintage."""
    result = {}
    for key, text in by_key.items():
        equipment_id, symbol = key.split("/")
        result[(equipment_id, symbol, vintage)] = Quantity.of(*text.split(" ", 1))
    return result


def hourly_meter(meter_id: str, equipment_id: str, parameter: str, unit: str = "kWh") -> Meter:
    return Meter(meter_id, equipment_id, parameter, unit, ReadingKind.INTERVAL, timedelta(hours=1))
