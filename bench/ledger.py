"""Benchmark the setu ledger on PostgreSQL: transfer throughput against pgbench, and account-size scaling.

Run from the repository root:

    .venv/bin/python bench/ledger.py                 # about 2-3 minutes
    .venv/bin/python bench/ledger.py --seconds 5 --blocks 100000   # a quick smoke run
    .venv/bin/python bench/ledger.py --profile 10    # also cProfile one in-process worker for 10 s
    .venv/bin/python bench/ledger.py --profile-only 10   # only that (in a fresh --db)

What it does, in one run:

1. Throughput. Drops and recreates the database `--db` (default `setu_bench`), migrates it, creates registry
   IND01 and one pair of holding accounts per worker, and issues 1,000,000 t into each pair's source.
   Each worker is a separate process with its own engine; it sends one-tonne transfers
   (`movement.move`, `ByQuantity(1)`) from its source to its destination for `--warmup` s, then counts the
   transfers that complete in the next `--seconds` s. Every outcome must be accepted.
2. Baseline. Drops and recreates `--pgbench-db` (default `setu_pgbench`), runs `pgbench -i -s SCALE`, then
   `pgbench -b tpcb-like -c N -j N -T SECONDS` (after a `--warmup` s run that is not counted) for the same
   client counts, and reads its "tps = ... (without initial connection time)" line.
3. Scaling. In another fresh database (`--scale-db`, default `setu_bench_scale`), a "big" account gets
   `--blocks` one-serial blocks by bulk SQL straight into `unit_block` (serial space IND01/2031, over
   `--build-jobs` connections), then VACUUM ANALYZE. THIS FIXTURE BYPASSES THE JOURNAL: `setu verify` on that
   database will report blocks that no journal entry explains. A "small" account gets one block through
   the service. `--transfers` one-tonne transfers out of each, alternating, give the latency ratio.

Targets (from the issue): setu/pgbench >= 0.5 at 8 clients; big/small transfer latency <= 2.
The script exits 0 once it has printed its results, whether or not the targets are met; it exits 1 if a
transfer is rejected or a worker fails.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import multiprocessing as mp
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from setu.domain.accounts import AccountType, TransactionType
from setu.domain.blocks import UnitKind
from setu.domain.requests import ByQuantity, CreateRegistry, Issue, Move, OpenAccount
from setu.services import issuance, movement, registry_admin
from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory

REGISTRY = "IND01"
VINTAGE = 2026
BIG_VINTAGE = 2031
STOCK = 1_000_000
"""Tonnes issued into each throughput source: far more than any run can move."""
THROUGHPUT_TARGET = 0.5
SCALING_TARGET = 2.0


def new_key() -> str:
    return str(uuid.uuid4())


# -- databases ---------------------------------------------------------------------------------------------
def database_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def admin_connection(server_url: str) -> psycopg.Connection:
    u = make_url(server_url)
    return psycopg.connect(
        host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username or "postgres", password=u.password,
        dbname="postgres", autocommit=True,
    )


def recreate_database(server_url: str, name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"refusing database name {name!r}")
    with admin_connection(server_url) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {name}")


def server_setting(server_url: str, name: str) -> str:
    with admin_connection(server_url) as c:
        row = c.execute("SELECT current_setting(%s)", (name,)).fetchone()
    return str(row[0]) if row else "?"


@contextmanager
def recording(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Record every SQL statement the engine sends (to count them, and to EXPLAIN one)."""
    seen: list[tuple[str, Any]] = []

    def _record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", _record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", _record)


# -- setu fixtures -----------------------------------------------------------------------------------------
def open_holding(uow: SqlUnitOfWorkFactory, holder: str) -> str:
    out = registry_admin.open_account(uow, OpenAccount(new_key(), REGISTRY, AccountType.ENTITY_HOLDING, holder))
    assert out.accepted and out.account_id, out
    return out.account_id


def issue_into(uow: SqlUnitOfWorkFactory, account: str, quantity: int, vintage: int, decision: str) -> None:
    out = issuance.issue(
        uow,
        Issue(new_key(), REGISTRY, account, quantity, UnitKind.JCM_CREDIT, "CA0123", vintage, f"P-{decision}", "MP1",
              decision, quantity),
    )
    assert out.accepted, out


def transfer(uow: SqlUnitOfWorkFactory, source: str, destination: str) -> Any:
    return movement.move(uow, Move(new_key(), REGISTRY, TransactionType.TRANSFER, source, destination, ByQuantity(1)))


def analyze(engine: Engine, table: str | None = None) -> None:
    """VACUUM ANALYZE (one table or the whole database): planner statistics, as autovacuum would keep them."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text(f"VACUUM ANALYZE {table or ''}"))


def setup_setu(
    url: str, pairs: int, *, statistics_: bool = True
) -> tuple[Engine, SqlUnitOfWorkFactory, list[tuple[str, str]]]:
    engine = make_engine(url)
    upgrade(engine)
    uow = SqlUnitOfWorkFactory(engine)
    out = registry_admin.create_registry(uow, CreateRegistry(new_key(), REGISTRY, "IND", "India"))
    assert out.accepted, out
    made = []
    for i in range(pairs):
        source, destination = open_holding(uow, f"bench source {i}"), open_holding(uow, f"bench sink {i}")
        issue_into(uow, source, STOCK, VINTAGE, f"D-W{i}")
        made.append((source, destination))
    if statistics_:
        analyze(engine)
    return engine, uow, made


# -- throughput --------------------------------------------------------------------------------------------
def _worker(url: str, source: str, destination: str, barrier: Any, warmup: float, seconds: float, results: Any) -> None:
    """One client: its own process, engine and connection; one-tonne transfers until the window closes."""
    try:
        engine = make_engine(url, pool_size=1, max_overflow=0)
        uow = SqlUnitOfWorkFactory(engine)
        out = transfer(uow, source, destination)  # connect, import and prime before the clock starts
        if not out.accepted:
            raise RuntimeError(f"rejected: {out.rejection}")
        barrier.wait(timeout=300)
        start = time.time() + warmup
        end = start + seconds
        done, latencies = 0, []
        while True:
            t0 = time.time()
            if t0 >= end:
                break
            out = transfer(uow, source, destination)
            t1 = time.time()
            if not out.accepted:
                raise RuntimeError(f"rejected: {out.rejection}")
            if start <= t1 <= end:
                done += 1
                latencies.append(t1 - t0)
        results.put({"done": done, "latencies": latencies})
        engine.dispose()
    except BaseException as e:  # report, never hang the parent
        results.put({"error": f"{source}: {e!r}"})
        with suppress(Exception):
            barrier.abort()


@dataclass
class Throughput:
    clients: int
    tps: float
    transfers: int
    p50_ms: float
    p95_ms: float
    cpu: float
    errors: list[str] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_setu(url: str, pairs: list[tuple[str, str]], warmup: float, seconds: float) -> Throughput:
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(len(pairs) + 1), ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(url, s, d, barrier, warmup, seconds, results), daemon=True)
        for s, d in pairs
    ]
    for p in procs:
        p.start()
    cpu = float("nan")
    with suppress(Exception):  # a failed worker aborts the barrier; its report says why
        barrier.wait(timeout=300)
        time.sleep(warmup)
        before = cpu_times()
        time.sleep(seconds)
        cpu = busy_since(before)
    reports = []
    for _ in procs:
        try:
            reports.append(results.get(timeout=warmup + seconds + 300))
        except Exception as e:  # pragma: no cover - a worker died without reporting
            reports.append({"error": f"no report: {e!r}"})
    for p in procs:
        p.join(timeout=30)
    errors = [r["error"] for r in reports if "error" in r]
    done = sum(r.get("done", 0) for r in reports)
    latencies = [x for r in reports for x in r.get("latencies", [])]
    return Throughput(len(pairs), done / seconds, done, percentile(latencies, 0.5) * 1e3,
                      percentile(latencies, 0.95) * 1e3, cpu, errors)


def update_plan(engine: Engine, uow: SqlUnitOfWorkFactory, source: str, destination: str) -> str:
    """The scan the planner picks for the store's block UPDATE, from one real transfer's statement."""
    with recording(engine) as seen:
        assert transfer(uow, source, destination).accepted
    for stmt, params in seen:
        if stmt.startswith("UPDATE unit_block"):
            with engine.connect() as c:
                plan = [r[0] for r in c.exec_driver_sql("EXPLAIN " + stmt, params)]
            return next((line.strip().lstrip("-> ") for line in plan if "Scan" in line), plan[0])
    return "no UPDATE seen"


# -- pgbench -----------------------------------------------------------------------------------------------
def pgbench_base(server_url: str) -> tuple[list[str], dict[str, str]]:
    exe = shutil.which("pgbench") or "/usr/bin/pgbench"
    u = make_url(server_url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    return [exe, "-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"], env


def init_pgbench(server_url: str, db: str, scale: int) -> None:
    recreate_database(server_url, db)
    base, env = pgbench_base(server_url)
    subprocess.run([*base, "-i", "-q", "-s", str(scale), db], env=env, check=True, capture_output=True, text=True)


def run_pgbench(server_url: str, db: str, clients: int, warmup: float, seconds: float) -> tuple[float, str, float]:
    base, env = pgbench_base(server_url)
    common = ["-b", "tpcb-like", "-c", str(clients), "-j", str(clients)]
    if warmup > 0:
        subprocess.run([*base, *common, "-n", "-T", str(max(1, round(warmup))), db],
                       env=env, check=True, capture_output=True, text=True)
    cmd = [*base, *common, "-T", str(round(seconds)), db]
    before = cpu_times()
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    m = re.search(r"^tps = ([0-9.]+) \(without initial connection time\)", done.stdout, re.MULTILINE)
    if not m:
        raise RuntimeError(f"no tps line in pgbench output:\n{done.stdout}\n{done.stderr}")
    return float(m.group(1)), " ".join(cmd[len(base):]), busy_since(before)


# -- scaling with account size -----------------------------------------------------------------------------
BULK_BLOCKS = """
INSERT INTO unit_block (originating_registry, vintage_year, serial_first, serial_last, account_id, unit_kind,
                        cooperative_approach_id, first_transferring_party, project_id, monitoring_period_id,
                        authorization_id, first_transferred)
SELECT :registry, :vintage, g, g, :account, 'jcm-credit', 'CA0123', 'IND', 'P-BIG', 'MP1', NULL, false
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint)) AS g
"""


def _bulk_blocks(engine: Engine, account: str, lo: int, hi: int) -> None:
    with engine.begin() as c:
        c.execute(text(BULK_BLOCKS), {"registry": REGISTRY, "vintage": BIG_VINTAGE, "account": account, "lo": lo, "hi": hi})


@dataclass
class Scaling:
    blocks: int
    build_s: float
    small: list[float]
    big: list[float]
    explain: list[str]


def run_scaling(server_url: str, db: str, blocks: int, transfers: int, jobs: int) -> Scaling:
    """In a fresh database: the big account by bulk SQL, the small one through the service, then transfers."""
    recreate_database(server_url, db)
    engine = make_engine(database_url(server_url, db), pool_size=max(5, jobs))
    upgrade(engine)
    uow = SqlUnitOfWorkFactory(engine)
    assert registry_admin.create_registry(uow, CreateRegistry(new_key(), REGISTRY, "IND", "India")).accepted
    big, big_sink = open_holding(uow, "bench big"), open_holding(uow, "bench big sink")
    small, small_sink = open_holding(uow, "bench small"), open_holding(uow, "bench small sink")
    t0 = time.perf_counter()
    # The fixture: straight into the tables, no journal entry. The GiST exclusion index makes each row cost
    # ~0.1 ms, so disjoint serial ranges are inserted over `jobs` connections at once.
    with engine.begin() as c:
        c.execute(
            text("INSERT INTO serial_space (originating_registry, vintage_year, next_serial) VALUES (:r, :v, :n)"),
            {"r": REGISTRY, "v": BIG_VINTAGE, "n": blocks + 1},
        )
    step = -(-blocks // jobs)
    ranges = [(lo, min(blocks, lo + step - 1)) for lo in range(1, blocks + 1, step)]
    with ThreadPoolExecutor(len(ranges)) as pool:
        list(pool.map(lambda r: _bulk_blocks(engine, big, *r), ranges))
    # Fresh statistics: without them the planner takes the GiST exclusion index for the store's
    # `UPDATE unit_block ... WHERE registry, vintage, serial_first` and scans the whole serial space.
    analyze(engine, "unit_block")
    with engine.connect() as c:
        reltuples = c.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'unit_block'")).scalar()
    if not reltuples or reltuples < blocks * 0.9:
        raise RuntimeError(f"ANALYZE did not take: pg_class.reltuples = {reltuples}")
    build_s = time.perf_counter() - t0
    issue_into(uow, small, STOCK, BIG_VINTAGE, "D-SMALL")  # one block, through the service

    for _ in range(20):  # warm-up: connection, prepared statements, caches
        for s, d in ((big, big_sink), (small, small_sink)):
            assert transfer(uow, s, d).accepted
    small_t: list[float] = []
    big_t: list[float] = []
    for i in range(transfers * 2):
        s, d, into = (big, big_sink, big_t) if i % 2 == 0 else (small, small_sink, small_t)
        t0 = time.perf_counter()
        out = transfer(uow, s, d)
        into.append(time.perf_counter() - t0)
        if not out.accepted:
            raise RuntimeError(f"transfer from {s} rejected: {out.rejection}")

    with recording(engine) as seen:
        assert transfer(uow, big, big_sink).accepted
    explain: list[str] = []
    for stmt, params in seen:
        pick = "FROM unit_block" in stmt and "LIMIT" in stmt and "FOR UPDATE" in stmt
        if pick or stmt.startswith("UPDATE unit_block"):
            with engine.connect() as c:
                rows = c.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + stmt, params).all()
                c.rollback()
            explain += ["", " ".join(stmt.split())] + [r[0] for r in rows]
    engine.dispose()
    return Scaling(blocks, build_s, small_t, big_t, explain)


# -- profile -----------------------------------------------------------------------------------------------
def profile_worker(engine: Engine, uow: SqlUnitOfWorkFactory, seconds: float, top: int = 25) -> str:
    source, destination = open_holding(uow, "profile source"), open_holding(uow, "profile sink")
    issue_into(uow, source, STOCK, VINTAGE, "D-PROFILE")
    for _ in range(50):
        assert transfer(uow, source, destination).accepted
    profiler = cProfile.Profile()
    n, end = 0, time.time() + seconds
    profiler.enable()
    while time.time() < end:
        assert transfer(uow, source, destination).accepted
        n += 1
    profiler.disable()
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    buf.write(f"{n} transfers in {seconds:.0f} s under cProfile ({n / seconds:.0f}/s, slowed by profiling)\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


# -- machine -----------------------------------------------------------------------------------------------
def cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies over all CPUs from /proc/stat, or None off Linux."""
    try:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return None
    return sum(values) - values[3] - values[4], sum(values)


def busy_since(before: tuple[int, int] | None) -> float:
    """Fraction of the whole machine's CPU that was busy since `before` (every process, not just ours)."""
    after = cpu_times()
    if before is None or after is None:
        return float("nan")
    return (after[0] - before[0]) / max(1, after[1] - before[1])


def source_revision() -> str:
    """The git commit of the checkout, and whether src/ has local changes (read-only git calls)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        head = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "src"], capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown revision"
    return f"commit {head}" + (" with local changes in src/" if dirty else "")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# -- main --------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                    help="a URL of the PostgreSQL server (its database part is ignored)")
    ap.add_argument("--db", default="setu_bench", help="database for setu (dropped and recreated)")
    ap.add_argument("--scale-db", default="setu_bench_scale", help="database for the scaling test (recreated)")
    ap.add_argument("--pgbench-db", default="setu_pgbench", help="database for pgbench (dropped and recreated)")
    ap.add_argument("--seconds", type=float, default=15.0, help="measured seconds per throughput run")
    ap.add_argument("--warmup", type=float, default=3.0, help="uncounted seconds before each throughput run")
    ap.add_argument("--clients", default="1,8", help="client counts, comma separated")
    ap.add_argument("--scale", type=int, default=8, help="pgbench scale factor (>= the largest client count)")
    ap.add_argument("--blocks", type=int, default=1_000_000, help="blocks in the big account")
    ap.add_argument("--build-jobs", type=int, default=min(4, os.cpu_count() or 1),
                    help="parallel connections building the big account")
    ap.add_argument("--transfers", type=int, default=300, help="measured transfers out of each scaling account")
    ap.add_argument("--profile", type=float, default=0.0, metavar="SECONDS",
                    help="also cProfile one in-process worker for this long (off by default)")
    ap.add_argument("--no-analyze", action="store_true",
                    help="do not ANALYZE the throughput database after setup (shows the plan without statistics)")
    ap.add_argument("--profile-only", type=float, default=0.0, metavar="SECONDS",
                    help="set up --db and only cProfile one in-process worker")
    args = ap.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",")]
    url = database_url(args.url, args.db)
    started = time.time()

    print(f"setu ledger benchmark: PostgreSQL {server_setting(args.url, 'server_version')} at {make_url(args.url).host}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    before = cpu_times()
    time.sleep(1)
    busy = busy_since(before)
    print(f"databases {args.db}, {args.scale_db} and {args.pgbench_db} are dropped and recreated")
    note = "" if not busy >= 0.2 else "  WARNING: the machine is not idle; figures will be disturbed"
    print(f"machine CPU busy in the second before start: {busy:.0%}; load average {load_average()}{note}\n")

    print(f"setu at {source_revision()}")
    stats_note = "none (--no-analyze)" if args.no_analyze else "VACUUM ANALYZE after setup"
    print(f"server autovacuum={server_setting(args.url, 'autovacuum')}, synchronous_commit="
          f"{server_setting(args.url, 'synchronous_commit')}, shared_buffers={server_setting(args.url, 'shared_buffers')};"
          f" throughput database statistics: {stats_note}")
    recreate_database(args.url, args.db)
    engine, uow, pairs = setup_setu(url, sum(clients), statistics_=not args.no_analyze)
    if args.profile_only > 0:
        print(f"== cProfile of one in-process worker, {args.profile_only:.0f} s ==")
        print(profile_worker(engine, uow, args.profile_only))
        return 0
    with recording(engine) as seen:
        assert transfer(uow, pairs[0][0], pairs[0][1]).accepted
    per_transfer = len(seen)

    setu_runs: list[Throughput] = []
    offset = 0
    for n in clients:
        print(f"setu: {n} worker process(es), {args.warmup:.0f} s warm-up + {args.seconds:.0f} s ...", flush=True)
        setu_runs.append(run_setu(url, pairs[offset:offset + n], args.warmup, args.seconds))
        offset += n
    plan_after = update_plan(engine, uow, *pairs[0])

    print(f"pgbench: initializing {args.pgbench_db} at scale {args.scale} ...", flush=True)
    init_pgbench(args.url, args.pgbench_db, args.scale)
    pg_runs: list[tuple[float, str, float]] = []
    for n in clients:
        print(f"pgbench: {n} client(s), {args.warmup:.0f} s warm-up + {args.seconds:.0f} s ...", flush=True)
        pg_runs.append(run_pgbench(args.url, args.pgbench_db, n, args.warmup, args.seconds))

    print(f"scaling: building {args.blocks:,} one-serial blocks by bulk SQL ...", flush=True)
    scaling = run_scaling(args.url, args.scale_db, args.blocks, args.transfers, args.build_jobs)

    failed = False
    print("\n== Throughput: one-tonne transfers (movement.move, ByQuantity(1)), all in registry IND01 ==")
    print(f"   setu: {per_transfer} SQL statements per transfer; pgbench -b tpcb-like, scale {args.scale}; "
          f"{args.seconds:.0f} s measured after {args.warmup:.0f} s warm-up")
    print(f"{'clients':>7}  {'setu TPS':>9}  {'pgbench TPS':>11}  {'setu/pgbench':>12}  "
          f"{'setu p50 ms':>11}  {'setu p95 ms':>11}  {'transfers':>9}  {'CPU setu':>8}  {'CPU pgbench':>11}")
    for run, (pg_tps, _cmd, pg_cpu) in zip(setu_runs, pg_runs, strict=True):
        print(f"{run.clients:>7}  {run.tps:>9.1f}  {pg_tps:>11.1f}  {run.tps / pg_tps:>12.3f}  "
              f"{run.p50_ms:>11.2f}  {run.p95_ms:>11.2f}  {run.transfers:>9}  {run.cpu:>8.0%}  {pg_cpu:>11.0%}")
        for e in run.errors:
            failed = True
            print(f"   ERROR ({run.clients} clients): {e}")
    for _tps, cmd, _cpu in pg_runs:
        print(f"   pgbench {cmd}")
    print("   CPU = whole machine busy during the measured window (all processes, all cores)")
    print(f"   block UPDATE plan after the runs: {plan_after}")
    if 8 in clients:
        i = clients.index(8)
        ratio = setu_runs[i].tps / pg_runs[i][0]
        verdict = "MET" if ratio >= THROUGHPUT_TARGET else "NOT MET"
        print(f"   target setu/pgbench >= {THROUGHPUT_TARGET} at 8 clients: {verdict} ({ratio:.3f})")
    else:
        print("   target (8 clients) not measured in this run")

    s = scaling
    ms = {k: (statistics.median(v) * 1e3, percentile(v, 0.95) * 1e3) for k, v in (("small", s.small), ("big", s.big))}
    print(f"\n== Scaling: one-tonne transfer out of an account of 1 block vs {s.blocks:,} blocks "
          f"({args.transfers} each, alternating, single worker) ==")
    print(f"   big account built by bulk SQL in {s.build_s:.1f} s (INSERT ... SELECT generate_series over {args.build_jobs} "
          "connections, then VACUUM ANALYZE);")
    print(f"   this fixture BYPASSES THE JOURNAL, so `setu verify` on {args.scale_db} will complain.")
    print(f"{'account':>16}  {'median ms':>9}  {'p95 ms':>8}")
    print(f"{'1 block':>16}  {ms['small'][0]:>9.2f}  {ms['small'][1]:>8.2f}")
    print(f"{f'{s.blocks:,} blocks':>16}  {ms['big'][0]:>9.2f}  {ms['big'][1]:>8.2f}")
    r50, r95 = ms["big"][0] / ms["small"][0], ms["big"][1] / ms["small"][1]
    verdict = "MET" if r50 <= SCALING_TARGET else "NOT MET"
    print(f"   ratio big/small: median {r50:.2f}, p95 {r95:.2f}; target <= {SCALING_TARGET}: {verdict} (on the median)")
    if s.explain:
        print("\n   the block pick and the block update as the store sends them, EXPLAIN (ANALYZE, BUFFERS),")
        print("   on the big account (each in a transaction rolled back):")
        for line in s.explain:
            print(f"     {line}" if line.startswith((" ", "Limit", "Update", "Planning", "Execution", "Trigger",
                                                        "LockRows", "Buffers"))
                  else f"   {line}")

    if args.profile > 0:
        print(f"\n== cProfile of one in-process worker, {args.profile:.0f} s ==")
        print(profile_worker(engine, uow, args.profile))

    engine.dispose()
    print(f"\ntotal run time {time.time() - started:.0f} s; load average at the end {load_average()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
