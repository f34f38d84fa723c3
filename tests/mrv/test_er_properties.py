"""Properties of the whole path from a data file to ER: never above RE, never raised by losing readings,
blind to row order. Each example writes a real CSV and runs `setu.mrv.pipeline.calculate` on it."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from setu.mrv.pipeline import calculate

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "setu" / "data" / "samples"
IST = timezone(timedelta(hours=5, minutes=30))
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def project_file(tmp_path: Path, sample: str, start: date, end: date) -> Path:
    text = (SAMPLES / f"{sample}.yaml").read_text()
    text = text.replace("{id: MP1, start: 2026-04-01, end: 2027-03-31}", f"{{id: MP1, start: {start}, end: {end}}}")
    text = text.replace("effective_from: 2026-04-01", "effective_from: 2026-01-01")
    path = tmp_path / f"{sample}.yaml"
    path.write_text(text)
    return path


def data_file(tmp_path: Path, rows: list[tuple[str, str, str, str]], name: str) -> Path:
    path = tmp_path / name
    path.write_text("meter_id,timestamp,value,unit\n" + "".join(",".join(r) + "\n" for r in rows))
    return path


def er_by_vintage(project: Path, data: Path) -> dict[int, tuple[int, object]]:
    report = calculate(project, data, today=date(2026, 11, 22))
    return {v.vintage: (v.er_t, v.re.to("tCO2")) for p in report.periods for v in p.result.vintages}


# A storage project over New Year: daily discharge (raises ER, missing → 0) and grid charging (lowers ER,
# missing → the 2,400 kWh ceiling), 22 days of each.
STORAGE_DAYS = 22
storage_rows = st.tuples(
    st.lists(st.integers(0, 6000), min_size=STORAGE_DAYS, max_size=STORAGE_DAYS),
    st.lists(st.integers(0, 2400), min_size=STORAGE_DAYS, max_size=STORAGE_DAYS),
)


def storage_data(discharged: list[int], charged: list[int]) -> list[tuple[str, str, str, str]]:
    start = datetime(2026, 12, 21, tzinfo=IST)
    rows = []
    for day in range(STORAGE_DAYS):
        end = (start + timedelta(days=day + 1)).isoformat()
        rows += [("BESS1-DIS", end, str(discharged[day]), "kWh"), ("BESS1-GRID", end, str(charged[day]), "kWh")]
    return rows


@PROPERTY
@given(storage_rows, st.randoms(use_true_random=False))
def test_losing_readings_never_raises_er_and_row_order_does_not_matter(tmp_path, values, rng):
    project = project_file(tmp_path, "solar_storage", date(2026, 12, 21), date(2027, 1, 11))
    rows = storage_data(*values)
    full = er_by_vintage(project, data_file(tmp_path, rows, "full.csv"))
    for er_t, re in full.values():
        assert er_t <= re  # ER never exceeds RE
    kept = [r for r in rows if rng.random() < 0.7]
    fewer = er_by_vintage(project, data_file(tmp_path, kept, "fewer.csv"))
    for vintage, (er_t, _) in fewer.items():
        assert er_t <= full[vintage][0], (vintage, er_t, full[vintage][0])
    shuffled = rows[:]
    rng.shuffle(shuffled)
    assert er_by_vintage(project, data_file(tmp_path, shuffled, "shuffled.csv")) == full


@PROPERTY
@given(st.lists(st.integers(0, 9000), min_size=30, max_size=30), st.randoms(use_true_random=False))
def test_cumulative_registers_losing_readings_never_raises_er(tmp_path, daily_kwh, rng):
    project = project_file(tmp_path, "chiller", date(2026, 6, 1), date(2026, 6, 28))
    rows = []
    for meter, register in (("CH1-KWH", 990_000), ("CH2-KWH", 5_000)):  # CH1 rolls over on the way
        for day, used in enumerate(daily_kwh):
            moment = datetime(2026, 5, 31, tzinfo=IST) + timedelta(days=day)
            rows.append((meter, moment.isoformat(), str(register), "kWh"))
            register = (register + used) % 1_000_000
    full = er_by_vintage(project, data_file(tmp_path, rows, "full.csv"))
    kept = [r for r in rows if rng.random() < 0.6]
    fewer = er_by_vintage(project, data_file(tmp_path, kept, "fewer.csv"))
    assert fewer[2026][0] <= full[2026][0]
    assert full[2026][0] <= full[2026][1]
    random.Random(7).shuffle(rows)
    assert er_by_vintage(project, data_file(tmp_path, rows, "shuffled.csv")) == full
