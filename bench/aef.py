"""Benchmark the AEF export: a year of 1,000,000 actions with `write_aef`, against raw XlsxWriter.

Run from the repository root:

    .venv/bin/python bench/aef.py                      # 1,000,000 actions, v1 identifiers: ~3 min
    .venv/bin/python bench/aef.py --rows 100000        # a quick smoke run
    .venv/bin/python bench/aef.py --style v2 --repeat 3

What it does, in one run:

1. Data. A deterministic year of actions by India under one NDC authorization (`CA0123`, `IN-AUTH-2026-01`):
   row i is a First transfer to JPN, a Transfer to JPN (tracked in JPN01), an Acquisition from JPN, a Use
   towards the 2027 NDC or a voluntary OMGE cancellation (i mod 5), of a block of about 1,000 t
   (serials from 1 + 1000 i), vintage 2021 + i mod 6, JCM units `JCM-IN-0001-<serial>`, dated through 2027.
2. setu. A child process builds the `AefReport` (1 authorization, `--rows` actions) in memory, then the
   clock times `write_aef(report, path, style)`: the whole seven-sheet workbook, temporary file and rename.
3. Raw. Another child builds the same Table 3 cell values straight from the generator, as tuples of
   str/int/date (no setu row types, no setu rendering), then the clock times writing them with XlsxWriter
   in constant-memory mode into one sheet: heading, field names, rows, `write_string`/`write_number`/
   `write_datetime` per non-empty cell, at the template's columns (taken from `workbook_layout`).
4. Each measurement runs in a fresh Python process (`sys.executable bench/aef.py --child ...`); its peak
   memory is its own VmHWM (interpreter, imports and the in-memory rows included), its CPU that of the
   write alone. Paths alternate,
   `--repeat` times each; the best wall time is reported with the slowest beside it.

Sanity check: the two files' Table 3 `<sheetData>` must be byte-identical once cell style indexes are
removed (`s="…"`; the two workbooks number their formats differently): the same cells, values and types.
Targets (from issue 5): setu / raw wall time <= 1.5, setu peak memory < 1 GB (1024 MiB).
The script exits 0 once it has printed its results, whether or not the targets are met; it exits 1 if
the cells differ or a child fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

RATIO_TARGET = 1.5
MEMORY_TARGET_MB = 1024
KINDS = ("raw", "setu")
CA, AUTH = "CA0123", "IN-AUTH-2026-01"
DAYS = tuple(date(2027, 1, 1) + timedelta(days=d) for d in range(365))
TYPES = ("First transfer", "Transfer", "Acquisition", "Use", "Cancellation")
SUBTYPES = ("First transfer to another Party", None, None, None, "Voluntary cancellation to deliver OMGE")
CARP = "{Information in this field is populated by the CARP}"


def spec(i: int) -> tuple[int, int, int, int]:
    """Row i's variable parts: kind (0-4), first serial, last serial, vintage."""
    first = 1 + 1000 * i
    return i % 5, first, first + 999 - i % 7, 2021 + i % 6


# -- setu: the report in memory, then write_aef ------------------------------------------------------------
def build_report(rows: int):  # noqa: ANN201 - AefReport, imported lazily so the raw child never loads setu's model
    from setu.domain.article6.aef_model import ActionRow, AefReport, AuthorizationRow, ItmoBlock, Submission
    from setu.domain.article6.vocabulary import ActionSubtype, ActionType, Metric, Purpose, Sector, UnderlyingRegistry

    types = [ActionType.parse(t, field="type") for t in TYPES]
    subtypes = [None if s is None else ActionSubtype.parse(s, field="subtype") for s in SUBTYPES]
    actions = []
    for i in range(rows):
        kind, first, last, vintage = spec(i)
        block = ItmoBlock(CA, "IND", "JPN01" if kind == 1 else "IND01", "IND01", first, last, vintage,
                          underlying_registry=UnderlyingRegistry.JCM, first_unit_id=f"JCM-IN-0001-{first:09d}",
                          last_unit_id=f"JCM-IN-0001-{last:09d}")
        actions.append(ActionRow(
            DAYS[i % 365], types[kind], AUTH, block, subtypes[kind], transferring_party="JPN" if kind == 2 else None,
            acquiring_party="JPN" if kind in (0, 1) else None, ndc_use_year=2027 if kind == 3 else None))
    authorization = AuthorizationRow(AUTH, date(2026, 3, 2), CA, 1, None, Metric.GHG, Purpose.NDC,
                                     (Sector.ENERGY_GENERATION,))
    submission = Submission("IND", "1.0", 2027, date(2028, 3, 31), 2021, 2030)
    return AefReport(submission, (authorization,), tuple(actions))


def run_setu(path: Path, rows: int, style: str) -> dict:
    from setu.aef.workbook_writer import write_aef
    from setu.domain.article6.aef_model import IdStyle

    started = time.perf_counter()
    report = build_report(rows)
    built = time.perf_counter()
    rss, cpu = current_mb(), cpu_seconds()
    write_aef(report, path, IdStyle(style))
    return {"build": built - started, "seconds": time.perf_counter() - built, "cpu": cpu_seconds() - cpu,
            "rss_before_write": rss}


# -- raw: the same cells as plain values, written with XlsxWriter --------------------------------------------
def raw_values(rows: int, full_identifiers: bool) -> list[tuple]:
    """Table 3's 27 values per row, computed here from `spec` alone (None = no cell)."""
    values = []
    for i in range(rows):
        kind, first, last, vintage = spec(i)
        if full_identifiers:
            first_id, last_id = f"{CA}-IND01-IND-{first}-{vintage}", f"{CA}-IND01-IND-{last}-{vintage}"
        else:
            first_id, last_id = first, last
        values.append((
            DAYS[i % 365], TYPES[kind], SUBTYPES[kind], CA, AUTH, "IND", "JPN01" if kind == 1 else "IND01", first_id,
            last_id, "JCM", f"JCM-IN-0001-{first:09d}", f"JCM-IN-0001-{last:09d}", "GHG", None, "NA",
            last - first + 1, "NA", "Emission reductions", vintage, "JPN" if kind == 2 else "NA",
            "JPN" if kind in (0, 1) else "NA", "NA", "NA", "NA", 2027 if kind == 3 else "NA", CARP, None,
        ))
    return values


def run_raw(path: Path, rows: int, style: str) -> dict:
    from xlsxwriter.workbook import Workbook

    from setu.aef.workbook_layout import TABLE_3  # field names and columns: data, not the writer

    started = time.perf_counter()
    values = raw_values(rows, full_identifiers=style == "v1")
    built = time.perf_counter()
    rss, cpu = current_mb(), cpu_seconds()
    workbook = Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_numbers": False, "strings_to_urls": False, "use_zip64": rows > 500_000})
    bold, day = workbook.add_format({"bold": True}), workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet(TABLE_3.sheet)
    sheet.write_string(0, 0, TABLE_3.heading, bold)
    columns = TABLE_3.offsets
    for column, field in zip(columns, TABLE_3.fields, strict=True):
        sheet.write_string(1, column, field.name, bold)
    for number, row in enumerate(values, start=2):
        for column, value in zip(columns, row, strict=True):
            if value is None:
                continue
            if type(value) is str:
                sheet.write_string(number, column, value)
            elif type(value) is int:
                sheet.write_number(number, column, value)
            else:
                sheet.write_datetime(number, column, value, day)
    workbook.close()
    return {"build": built - started, "seconds": time.perf_counter() - built, "cpu": cpu_seconds() - cpu,
            "rss_before_write": rss}


# -- measurement plumbing --------------------------------------------------------------------------------------
def child(args: argparse.Namespace) -> None:
    path = Path(args.file)
    out = (run_setu if args.child == "setu" else run_raw)(path, args.rows, args.style)
    out["peak_mb"] = peak_mb()
    out["file_mb"] = path.stat().st_size / 2**20
    print(json.dumps(out))


def _status(key: str) -> float:
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU of this process so far, user + system: beside the wall time it shows whether the machine was shared."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    """This process's peak resident memory, MiB (VmHWM: not inherited from the parent, unlike ru_maxrss)."""
    return _status("VmHWM:")


def current_mb() -> float:
    return _status("VmRSS:")


def measure(kind: str, path: Path, rows: int, style: str) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--file", str(path), "--rows", str(rows), "--style", style]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {kind} failed with exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sheet_data_digest(path: Path, sheet: str) -> str:
    """SHA-256 of the sheet's `<sheetData>`, style indexes removed, streamed (the XML passes a gigabyte)."""
    with zipfile.ZipFile(path) as archive:
        member = _sheet_member(archive, sheet)
        digest, carry, started = hashlib.sha256(), b"", False
        style = re.compile(rb' s="\d+"')
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 22):
                buffer = carry + chunk
                cut = buffer.rfind(b">") + 1  # pieces end after a whole tag, so no marker is ever split
                piece, carry = buffer[:cut], buffer[cut:]
                if not started:
                    start = piece.find(b"<sheetData")
                    if start < 0:
                        continue
                    started, piece = True, piece[start:]
                end = piece.find(b"</sheetData>")
                digest.update(style.sub(b"", piece if end < 0 else piece[:end]))
                if end >= 0:
                    break
    return digest.hexdigest()


def _sheet_member(archive: zipfile.ZipFile, sheet: str) -> str:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rid = next(s.get(f"{{{ns['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", ns) if s.get("name") == sheet)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def machine() -> str:
    import xlsxwriter

    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    with open("/proc/meminfo", encoding="utf-8") as handle:
        memory = int(handle.readline().split()[1]) / 1024 / 1024
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "src", "bench"], capture_output=True, text=True, check=False)
    return (f"{os.cpu_count()} CPU ({cpu}), {memory:.1f} GiB RAM, load {os.getloadavg()[0]:.2f}; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}, XlsxWriter "
            f"{xlsxwriter.__version__}; setu at {commit.stdout.strip() or '?'}"
            f"{' + uncommitted changes' if dirty.stdout.strip() else ''}")


def report(runs: dict[str, list[dict]], rows: int, style: str, repeat: int) -> None:
    print(f"\n== {rows:,} Table 3 rows, {style} identifiers: best of {repeat} fresh processes per path ==")
    print(f"{'path':6} {'best s':>7} {'worst s':>8} {'write CPU s':>11} {'build s':>8} {'RSS before MB':>14} "
          f"{'peak MB':>8} {'file MB':>8}")
    best = {kind: min(runs[kind], key=lambda r: r["seconds"]) for kind in KINDS}
    for kind in KINDS:
        mine = best[kind]
        print(f"{kind:6} {mine['seconds']:7.2f} {max(r['seconds'] for r in runs[kind]):8.2f} {mine['cpu']:11.2f} "
              f"{mine['build']:8.2f} {mine['rss_before_write']:14.0f} {max(r['peak_mb'] for r in runs[kind]):8.0f} "
              f"{mine['file_mb']:8.1f}")
    ratio = best["setu"]["seconds"] / best["raw"]["seconds"]
    cpu_ratio = best["setu"]["cpu"] / best["raw"]["cpu"]
    peak = max(r["peak_mb"] for r in runs["setu"])
    print(f"\nsetu / raw = {ratio:.2f} (target <= {RATIO_TARGET:g}: {'met' if ratio <= RATIO_TARGET else 'NOT met'}); "
          f"setu peak {peak:.0f} MB (target < {MEMORY_TARGET_MB}: {'met' if peak < MEMORY_TARGET_MB else 'NOT met'})")
    print(f"CPU of the write alone, setu / raw = {cpu_ratio:.2f} (the fairer figure when the machine is shared)")
    print("every run, seconds: " + "; ".join(
        f"{kind} " + ", ".join(f"{r['seconds']:.2f}" for r in runs[kind]) for kind in KINDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="Table 3 rows (1,000,000)")
    parser.add_argument("--style", choices=("v1", "v2"), default="v1", help="identifier style (v1)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each path; the best is reported (1)")
    parser.add_argument("--workdir", type=Path, help="where the workbooks go (default: a temporary directory)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="setu-bench-aef-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"machine: {machine()}")
        runs: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for _ in range(args.repeat):
            for kind in KINDS:
                runs[kind].append(measure(kind, workdir / f"{kind}.xlsx", args.rows, args.style))
        print(f"load average after the runs: {os.getloadavg()[0]:.2f} (1 min)")
        report(runs, args.rows, args.style, args.repeat)
        started = time.perf_counter()
        digests = {kind: sheet_data_digest(workdir / f"{kind}.xlsx", "Table 3 Actions") for kind in KINDS}
        same = digests["setu"] == digests["raw"]
        print(f"\nsanity: Table 3 cells of the two files are {'identical' if same else 'DIFFERENT'} "
              f"(sha256 of <sheetData> without style indexes {digests['setu'][:16]}…, "
              f"checked in {time.perf_counter() - started:.1f} s)")
        if not same:
            raise SystemExit(1)
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
