"""Write the sample monitoring data files under src/setu/data/samples/ (deterministic; rerun to refresh).

Five projects, one per methodology, each monitored from 2026-04-01 to 2027-03-31 (India's fiscal year,
so every report has vintages 2026 and 2027). The data are shaped to show the QA/QC rules at work: a few
missing hours, a register rollover, a day without opening records.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "src" / "setu" / "data" / "samples"
IST = timezone(timedelta(hours=5, minutes=30))
START = datetime(2026, 4, 1, tzinfo=IST)
DAYS = 365
HEADER = ("meter_id", "timestamp", "value", "unit")


def stamp(moment: datetime) -> str:
    return moment.isoformat()


def pv_hour_kwh(day: int, hour: int, peak_kwh: int) -> str:
    """A bell over 06:00-18:00 with a mild seasonal swing; integer Wh, written as kWh with 3 decimals."""
    if not 6 <= hour < 18:
        return "0"
    shape = (hour - 5) * (18 - hour)  # 12 at the edges, 42 at noon
    season = 900 + (day * 7 % 200)  # 900..1099 per mille
    wh = peak_kwh * 1000 * shape * season // (42 * 1000)
    return kwh_text(wh)


def kwh_text(wh: int) -> str:
    """Integer Wh as exact kWh text (no float on the way)."""
    return f"{wh // 1000}.{wh % 1000:03d}" if wh % 1000 else str(wh // 1000)


def write_csv(name: str, rows: list[tuple[str, str, str, str]]) -> None:
    with (OUT / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def solar_pv() -> None:
    rows = []
    missing = {(100, 12), (100, 13), (250, 9)}  # three missing hours on pv-1: filled with zero
    for day in range(DAYS):
        for hour in range(24):
            if (day, hour) not in missing:
                end = START + timedelta(days=day, hours=hour + 1)
                rows.append(("PV1-AC", stamp(end), pv_hour_kwh(day, hour, 420), "kWh"))
    register = 152_340_000  # Wh; pv-2's cumulative export register, read daily at midnight
    for day in range(DAYS + 1):
        rows.append(("PV2-REG", stamp(START + timedelta(days=day)), kwh_text(register), "kWh"))
        register += 1_480_000 + (day * 13 % 400) * 1000
    write_csv("solar_pv_readings.csv", rows)


def solar_storage() -> None:
    rows = []
    for day in range(DAYS):
        end = START + timedelta(days=day + 1)
        rows.append(("BESS1-DIS", stamp(end), str(3800 + day * 11 % 600), "kWh"))
        if day % 30 != 7:  # the grid-charging record is missing on a dozen days: filled with the ceiling
            rows.append(("BESS1-GRID", stamp(end), str(day * 17 % 90), "kWh"))
    write_csv("solar_storage_readings.csv", rows)


def chillers() -> None:
    rows = []
    for meter, register, daily, rollover in (("CH1-KWH", 987_500, 4_100, 1_000_000), ("CH2-KWH", 12_000, 5_300, 1_000_000)):
        for day in range(DAYS + 1):
            rows.append((meter, stamp(START + timedelta(days=day)), str(register), "kWh"))
            register = (register + daily + day * 7 % 300) % rollover  # six-digit registers; CH1 rolls over in April
    write_csv("chiller_readings.csv", rows)


def led() -> None:
    rows = []
    for day in range(DAYS):
        end = START + timedelta(days=day + 1)
        rows.append(("L1-KWH", stamp(end), f"{310 + day * 3 % 40}.5", "kWh"))
        open_today = 0 if (START + timedelta(days=day)).weekday() == 6 else 1  # closed on Sundays
        if day != 200:  # one day's opening record is lost: counted as closed
            rows.append(("OPEN-DAYS", stamp(end), str(open_today), "d"))
    write_csv("led_readings.csv", rows)


def cement_whr() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "readings"
    sheet.append(HEADER)
    for day in range(DAYS):
        end = (START + timedelta(days=day + 1)).replace(tzinfo=None)  # Excel dates are naive: project time zone
        sheet.append(("WHR1-NET", end, f"{182 + day * 5 % 30}.25", "MWh"))
    book.save(OUT / "cement_whr_readings.xlsx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for make in (solar_pv, solar_storage, chillers, led, cement_whr):
        make()
    print(f"wrote samples to {OUT}")
