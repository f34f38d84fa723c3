"""Benchmark MRV ingestion: ten million interval readings to ER per meter and vintage, against a bare polars sum.

Run from the repository root:

    .venv/bin/python bench/mrv.py                        # 1,000 meters, Parquet and CSV, best of 3: ~1 min
    .venv/bin/python bench/mrv.py --meters 100 --repeat 1   # a quick smoke run
    .venv/bin/python bench/mrv.py --profile csv          # also cProfile the setu path, in-process (warm)

What it does, in one run:

1. Data. Generates, with polars expressions only, one monitoring file: `--meters` meters `M0000…`, one
   reading per hour of 2026 in Asia/Kolkata (8,760 per meter, END-stamped, so from
   `2026-01-01T01:00:00+05:30` to `2027-01-01T00:00:00+05:30`), values as decimal text in kWh with three
   places (`12.345`; zero at night, a deterministic pseudo-random daytime curve), unit `kWh`, rows grouped by
   meter as meter exports come. It is written as Parquet (every column a String, as a meter export read as
   text) and as CSV into `--workdir` (default: a fresh temporary directory, deleted afterwards). The exact
   sum of every meter's values, in integer Wh (polars Int64), is kept for the sanity check.
2. setu. A domain `Project` on IN_AM001 with one equipment unit per meter (`displaced: grid`), one hourly
   interval meter per unit on `EG` in kWh, period MP1 = 2026-01-01..2026-12-31, grid EF bound to CEA V21.0,
   FY2024-25, CM (the shipped record, 0.7383 tCO2/MWh, through `select_grid_ef`). Timed from the file
   on disk: `load_readings` → `validate` → `aggregate` → `calculate_period`, i.e. ER per vintage and the
   totals per meter and vintage. The project and methodology are built before the clock starts.
3. Baselines, two bare polars group-by-sums of the same column of the same file, in float:
   - "lazy", the cheapest: `scan_parquet(f).group_by("meter_id").agg(pl.col("value").cast(pl.Float64).sum())`
     (the column is text in the file, so the cast is part of reading it), and for CSV
     `scan_csv(f, schema={..., "value": Float64})`, so that polars' reader parses the value as a float
     itself, with no inference pass and no String column. Being lazy, only `meter_id` and `value` are read.
   - "eager", the same sum after reading the whole file (`read_parquet(f)`, `read_csv(f, schema=...)`), as
     setu must: it reads every column.
4. Each measurement runs in a fresh Python process (`sys.executable bench/mrv.py --child ...`) that imports
   everything, builds its inputs, then times the work (wall and CPU, user + system, of the process); its
   peak memory is its own VmHWM (interpreter and imports included, the same for every path). The paths
   alternate, `--repeat` times each, and the best (least) wall time is reported with the slowest beside it.

Targets (from issue 3): setu / baseline wall time <= 3, setu peak RSS < 2 GB (2048 MiB), on 10 million rows
(8.76 million here: 1,000 meters x 8,760 hours). The ratio is printed against both baselines.
Sanity check: each meter's setu total equals its exact integer sum, and ER equals
floor(sum of kWh / 1000 × 0.7383), computed with Decimal from the integer sum.
The script exits 0 once it has printed its results, whether or not the targets are met; it exits 1 if
setu's result is wrong or a child process fails.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl

RATIO_TARGET = 3.0
MEMORY_TARGET_MB = 2048
HOURS = 8760
START = "2026-01-01 01:00:00"
"""The first END-stamped reading of 2026 (local time); the last is 2027-01-01 00:00."""
EF = Decimal("0.7383")
FORMATS = ("parquet", "csv")
STAGES = ("load", "validate", "aggregate", "calculate")


# -- data --------------------------------------------------------------------------------------------------
def generate(workdir: Path, meters: int) -> dict[str, int]:
    """Write `readings.parquet` and `readings.csv`; return each meter's exact total in Wh."""
    hour = pl.int_range(0, HOURS, dtype=pl.Int64, eager=True).alias("h")
    # One column of the 8,760 timestamps as text, tiled for every meter: no per-row date formatting.
    times = pl.DataFrame(hour).with_columns(
        timestamp=(pl.lit(START).str.to_datetime("%Y-%m-%d %H:%M:%S") + pl.duration(hours=pl.col("h")))
        .dt.strftime("%Y-%m-%dT%H:%M:%S+05:30"),
        local_hour=(pl.col("h") + 1) % 24,
    )
    ids = pl.DataFrame({"m": pl.int_range(0, meters, dtype=pl.Int64, eager=True)}).with_columns(
        meter_id=pl.format("M{}", pl.col("m").cast(pl.String).str.zfill(4)),
        capacity=50_000 + (pl.col("m") * 7919) % 50_000,  # peak Wh per hour
    )
    frame = ids.join(times, how="cross")  # meter-major: each meter's year together, in time order
    i = pl.col("m") * HOURS + pl.col("h")
    noise = ((i * 2_654_435_761 + 12_345) // 128) % 1_000  # deterministic pseudo-random, 0..999
    daylight = (pl.col("local_hour") >= 7) & (pl.col("local_hour") <= 18)
    # A triangle peaking at 12:00-13:00, scaled by the meter's capacity, with a little noise.
    shape = 6 - (pl.col("local_hour") - 12.5).abs()
    wh = pl.when(daylight).then((pl.col("capacity") * shape / 6).cast(pl.Int64) * (900 + noise) // 1000).otherwise(0)
    frame = frame.with_columns(wh=wh).select(
        "meter_id", "timestamp",
        value=pl.format("{}.{}", (pl.col("wh") // 1000).cast(pl.String), (pl.col("wh") % 1000).cast(pl.String).str.zfill(3)),
        unit=pl.lit("kWh"), wh=pl.col("wh"),
    )
    totals = dict(frame.group_by("meter_id").agg(pl.col("wh").sum()).iter_rows())
    text = frame.drop("wh")
    text.write_parquet(workdir / "readings.parquet")
    text.write_csv(workdir / "readings.csv")
    return totals


# -- the measured paths (each run in a child process) --------------------------------------------------------
def build_inputs(meters: int):  # noqa: ANN201 - (methodology, project, period, grid EF)
    from setu.domain.mrv.grid_ef import GridEfBinding, GridEfDecision, select_grid_ef
    from setu.domain.mrv.project import Equipment, Meter, MonitoringPeriod, Project, ReadingKind
    from setu.methodologies import find_methodology
    from setu.mrv.emission_factors import load_grid_emission_factors

    methodology = find_methodology("IN_AM001")
    period = MonitoringPeriod("MP1", date(2026, 1, 1), date(2026, 12, 31))
    decision = GridEfDecision(GridEfBinding("V21.0", "2024-25", "CM"), date(2026, 1, 1), "bench", "benchmark")
    units = tuple(Equipment(f"pv-{n:04d}", "", (), (("displaced", "grid"),)) for n in range(meters))
    hourly = tuple(Meter(f"M{n:04d}", f"pv-{n:04d}", "EG", "kWh", ReadingKind.INTERVAL, timedelta(hours=1))
                   for n in range(meters))
    project = Project("IN-BENCH-1", "benchmark", methodology.id, methodology.version, "Asia/Kolkata", (), units, hourly,
                      (decision,), (period,))
    grid_ef = select_grid_ef(load_grid_emission_factors(), project.grid_ef, period.start)
    return methodology, project, period, grid_ef


def run_setu(path: Path, meters: int) -> dict:
    from setu.domain.mrv.calculation import calculate_period
    from setu.domain.mrv.findings import has_errors
    from setu.mrv.aggregation import aggregate
    from setu.mrv.readings import load_readings
    from setu.mrv.validation import validate

    methodology, project, period, grid_ef = build_inputs(meters)
    clock = [time.perf_counter()]
    readings = load_readings(path)
    clock.append(time.perf_counter())
    validated = validate(readings, project, period)
    clock.append(time.perf_counter())
    aggregation = aggregate(validated, project, methodology, period)
    clock.append(time.perf_counter())
    result = calculate_period(methodology, project, period, grid_ef, aggregation.totals)
    clock.append(time.perf_counter())
    findings = readings.findings + validated.findings + aggregation.findings
    return {
        "seconds": clock[-1] - clock[0],
        "stages": {name: b - a for name, a, b in zip(STAGES, clock, clock[1:], strict=False)},
        "rows": readings.frame.height,
        "usable": validated.frame.height,
        "errors": has_errors(findings),
        "n_findings": len(findings),
        "findings": [f"{f.code.name} {f.location}: {f.message}" for f in findings[:5]],
        "er": {str(v.vintage): v.er_t for v in result.vintages},
        # Per meter and vintage, in Wh, exact: the sanity check compares them with the generated integers.
        "meter_wh": {f"{q.meter_id}/{q.vintage}": str(q.total.to("Wh")) for q in aggregation.quality},
    }


CSV_SCHEMA = {"meter_id": pl.String, "timestamp": pl.String, "value": pl.Float64, "unit": pl.String}


def run_bare(path: Path, eager: bool) -> dict:
    clock = time.perf_counter()
    if path.suffix == ".parquet":
        frame = pl.read_parquet(path).lazy() if eager else pl.scan_parquet(path)
    else:
        frame = pl.read_csv(path, schema=CSV_SCHEMA).lazy() if eager else pl.scan_csv(path, schema=CSV_SCHEMA)
    sums = frame.group_by("meter_id").agg(pl.col("value").cast(pl.Float64).sum()).collect()
    return {"seconds": time.perf_counter() - clock, "groups": sums.height}


def child(args: argparse.Namespace) -> None:
    path = Path(args.file)
    before = resource.getrusage(resource.RUSAGE_SELF)
    out = run_setu(path, args.meters) if args.child == "setu" else run_bare(path, eager=args.child == "eager")
    after = resource.getrusage(resource.RUSAGE_SELF)
    # CPU of the whole process, setu's input building included: next to the wall time it shows how much of
    # the two cores the work used, and whether it waited for someone else's process on a shared machine.
    out["cpu"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


def peak_mb() -> float:
    """This process's peak resident memory, MiB: VmHWM, the high-water mark of its own address space.

    Not `ru_maxrss`: Linux carries the parent's resident size at fork/exec into the child's `ru_maxrss`.
    """
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: Path, meters: int) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--file", str(path), "--meters", str(meters)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {kind} on {path.name} failed with exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(path: Path, meters: int, top: int) -> None:
    """cProfile one setu run in this process (after one unprofiled run, so imports and first-touch costs are out).

    Nearly all the time is inside polars (`collect`), so the useful listing is setu's own functions by
    cumulative time: which step's queries cost what.
    """
    run_setu(path, meters)
    profiler = cProfile.Profile()
    profiler.enable()
    out = run_setu(path, meters)
    profiler.disable()
    print(f"\n== cProfile of the setu path on {path.name}: {out['seconds']:.2f} s under the profiler ==")
    for order, pattern in (("tottime", ""), ("cumulative", "setu/mrv/")):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(pattern, top)
        print(stream.getvalue())


# -- reporting ---------------------------------------------------------------------------------------------
def machine() -> str:
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        memory = int(handle.readline().split()[1]) / 1024 / 1024
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "src", "bench"], capture_output=True, text=True, check=False)
    return (f"{os.cpu_count()} CPU ({cpu}), {memory:.1f} GiB RAM, load {os.getloadavg()[0]:.2f}; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}, polars {pl.__version__}; "
            f"setu at {commit.stdout.strip() or '?'}{' + uncommitted changes' if dirty.stdout.strip() else ''}")


def check(out: dict, totals: dict[str, int]) -> list[str]:
    """Where setu's result differs from the exact sums of the generated data (empty when it is right)."""
    wrong = []
    if out["n_findings"]:  # the file is complete and clean: not even a warning
        wrong.append(f"setu has {out['n_findings']} findings: {out['findings']}")
    if out["usable"] != len(totals) * HOURS:
        wrong.append(f"{out['usable']} usable readings, expected {len(totals) * HOURS}")
    for meter, wh in totals.items():
        got = out["meter_wh"].get(f"{meter}/2026")
        if got != str(wh):
            wrong.append(f"{meter}: setu total {got} Wh, exact sum {wh} Wh")
            break
    expected = int(Decimal(sum(totals.values())) / 1_000_000 * EF)  # floor: the amount is positive
    if out["er"] != {"2026": expected}:
        wrong.append(f"ER {out['er']}, expected {{'2026': {expected}}}")
    return wrong


KINDS = ("lazy", "eager", "setu")


def summary(runs: list[dict]) -> dict:
    best = min(runs, key=lambda r: r["seconds"])
    return {"best": best, "worst": max(r["seconds"] for r in runs), "peak": max(r["peak_mb"] for r in runs),
            "median": statistics.median(r["seconds"] for r in runs)}


def report(results: dict[str, dict[str, list[dict]]], rows: int, repeat: int) -> None:
    print(f"\n== {rows:,} readings to ER per meter and vintage: best of {repeat} fresh processes per path ==")
    print("   lazy = scan, group_by(meter_id).agg(value as Float64 .sum()), only the 2 columns read; eager = the same "
          "after reading the whole file;\n   setu = load_readings -> validate -> aggregate -> calculate_period")
    print(f"{'format':8} {'path':6} {'best s':>7} {'worst s':>8} {'median s':>9} {'CPU s':>6} {'peak MB':>8}  "
          f"{'setu/this (best)':>16} {'(median)':>9}")
    for fmt, runs in results.items():
        stats = {kind: summary(runs[kind]) for kind in KINDS}
        for kind in KINDS:
            mine, setu = stats[kind], stats["setu"]
            ratio = "" if kind == "setu" else (f"{setu['best']['seconds'] / mine['best']['seconds']:16.2f} "
                                               f"{setu['median'] / mine['median']:9.2f}")
            print(f"{fmt:8} {kind:6} {mine['best']['seconds']:7.2f} {mine['worst']:8.2f} {mine['median']:9.2f} "
                  f"{mine['best']['cpu']:6.2f} {mine['peak']:8.0f}  {ratio}")
    print(f"\ntargets: setu / baseline <= {RATIO_TARGET:g} (best runs), setu peak < {MEMORY_TARGET_MB} MB")
    for fmt, runs in results.items():
        stats = {kind: summary(runs[kind]) for kind in KINDS}
        verdicts = []
        for kind in ("lazy", "eager"):
            ratio = stats["setu"]["best"]["seconds"] / stats[kind]["best"]["seconds"]
            verdicts.append(f"ratio to {kind} {ratio:.2f}: {'met' if ratio <= RATIO_TARGET else 'NOT met'}")
        peak = stats["setu"]["peak"]
        verdicts.append(f"peak {peak:.0f} MB: {'met' if peak < MEMORY_TARGET_MB else 'NOT met'}")
        print(f"   {fmt:8} " + "; ".join(verdicts))
    print("\nsetu stages of its best run, seconds (wall):")
    print(f"{'format':8} " + " ".join(f"{s:>10}" for s in STAGES) + f" {'total':>10}")
    for fmt, runs in results.items():
        best = summary(runs["setu"])["best"]
        print(f"{fmt:8} " + " ".join(f"{best['stages'][s]:10.2f}" for s in STAGES) + f" {best['seconds']:10.2f}")
    print("\nevery run, seconds:")
    for fmt, runs in results.items():
        print(f"   {fmt:8} " + "; ".join(f"{kind} " + ", ".join(f"{r['seconds']:.2f}" for r in runs[kind]) for kind in KINDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meters", type=int, default=1000, help="meters, each with 8,760 hourly readings (1000)")
    parser.add_argument("--format", choices=(*FORMATS, "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path; the best is reported (3)")
    parser.add_argument("--workdir", type=Path, help="where the data files go (default: a temporary directory)")
    parser.add_argument("--profile", choices=FORMATS, help="also cProfile the setu path once on this format")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile (30)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    formats = FORMATS if args.format == "both" else (args.format,)
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="setu-bench-mrv-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"machine: {machine()}")
        started = time.perf_counter()
        totals = generate(workdir, args.meters)
        rows = args.meters * HOURS
        sizes = ", ".join(f"{f} {(workdir / f'readings.{f}').stat().st_size / 2**20:.0f} MiB" for f in FORMATS)
        print(f"data: {args.meters} meters x {HOURS} hourly readings = {rows:,} rows in {workdir} ({sizes}); "
              f"generated in {time.perf_counter() - started:.1f} s")
        total_wh = sum(totals.values())
        expected_er = int(Decimal(total_wh) / 1_000_000 * EF)  # floor: the amount is positive
        print(f"exact sum {total_wh:,} Wh; expected ER 2026 = floor({Decimal(total_wh) / 1_000_000} MWh x {EF}) "
              f"= {expected_er:,} t")

        failures = []
        results: dict[str, dict[str, list[dict]]] = {}
        for fmt in formats:
            path = workdir / f"readings.{fmt}"
            runs: dict[str, list[dict]] = {kind: [] for kind in KINDS}
            for _ in range(args.repeat):
                for kind in KINDS:
                    runs[kind].append(measure(kind, path, args.meters))
            for out in runs["setu"]:
                failures += [f"{fmt}: {w}" for w in check(out, totals)]
            results[fmt] = runs
        print(f"load average after the runs: {os.getloadavg()[0]:.2f} (1 min)")
        report(results, rows, args.repeat)
        first = next(iter(results.values()))["setu"][0]
        print(f"\nsanity: setu ER {first['er']}, expected {{'2026': {expected_er}}}; "
              f"{'every meter total equals its exact integer sum, in every run' if not failures else 'WRONG'}")
        for failure in failures:
            print(f"   {failure}")
        if args.profile:
            profile(workdir / f"readings.{args.profile}", args.meters, args.top)
        if failures:
            raise SystemExit(1)
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
