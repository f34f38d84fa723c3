"""Concurrency on PostgreSQL: racing monitoring reports on one meter, racing issuances, racing uploads."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.requests import ClaimedSubject, MonitoringDetails, TakeAction, vintage_amounts
from setu.domain.cycle.transitions import Action
from setu.services import cycle_actions, queries
from setu.services.cycle_verification import verify_cycle
from setu.services.verification import verify
from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory
from tests.cycle.world import PV, TWO_YEAR_CLAIMS, Clock, World

# A racing request can hold two connections (a rejection is recorded in a fresh transaction); these tests
# share the connection-heavy group with tests/test_concurrency_pg.py so they never run side by side.
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("pg_connection_heavy")]
WORKERS = 8
METER = ClaimedSubject("meter:SHARED-1", date(2027, 1, 1), date(2027, 12, 31))


@pytest.fixture
def pg_world(pg_url, files) -> Iterator[World]:  # type: ignore[no-untyped-def]
    engine = make_engine(pg_url, pool_size=2 * WORKERS + 2, max_overflow=4)
    upgrade(engine)
    clock = Clock()
    yield World(SqlUnitOfWorkFactory(engine, clock=clock), files, clock).setup()
    engine.dispose()


def race(calls: list[Callable[[], object]]) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted by the test
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def report_request(world: World, project: str, period: str, key: str) -> TakeAction:
    document = world.upload("asha", Form.MONITORING_REPORT, project, period).document_id or ""
    details = MonitoringDetails((METER,), vintage_amounts({2027: 100}))
    return TakeAction(key, "asha", project, Action.SUBMIT_MONITORING_REPORT, "MR", period, (document,), details)


def test_racing_reports_on_one_meter_let_exactly_one_claim_it(pg_world):
    world = pg_world
    projects = [f"IN-JCM-PV-{i:03d}" for i in range(1, WORKERS // 2 + 1)]
    for project in projects:
        world.create(project)
        world.walk_to_implemented(project)
    # Half the racers are other projects, half are two periods of one project: all want the same meter.
    requests = [report_request(world, project, "MP1", f"mr-{project}") for project in projects]
    requests += [report_request(world, projects[0], f"MP{n}", f"mr-{n}") for n in range(2, WORKERS // 2 + 2)]
    outcomes = race([lambda r=r: cycle_actions.act(world.uow, r) for r in requests])
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert sum(o.accepted for o in outcomes) == 1
    assert {o.rejection.code for o in outcomes if not o.accepted} == {CycleCode.DOUBLE_CLAIM}
    with world.uow(read_only=True) as uow:
        assert len(uow.cycle.claims()) == 1
    assert verify_cycle(world.uow).ok


def test_racing_issue_requests_issue_the_period_once(pg_world):
    world = pg_world
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(reported={2027: 10_007, 2028: 5_000}, claims=TWO_YEAR_CLAIMS)
    requests = [TakeAction(f"issue-{i}", "rm", PV, Action.ISSUE, "JC decided", "MP1") for i in range(WORKERS)]
    outcomes = race([lambda r=r: cycle_actions.act(world.uow, r) for r in requests])
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert sum(o.accepted for o in outcomes) == 1
    assert {o.rejection.code for o in outcomes if not o.accepted} == {CycleCode.PERIOD_ALREADY_ISSUED}
    held = queries.holdings(world.uow)
    assert sum(held.total(a.id) for a in held.accounts) == 15_007
    assert verify(world.uow).ok and verify_cycle(world.uow).ok


def test_two_periods_issue_alongside_single_issuances_and_transfers_without_deadlock(pg_world):
    world = pg_world
    second = "IN-JCM-PV-002"
    for project, meter in ((PV, "meter:A"), (second, "meter:B")):
        world.create(project)
        world.walk_to_implemented(project)
        claims = (ClaimedSubject(meter, date(2027, 1, 1), date(2028, 12, 31)),)  # vintages 2027 and 2028
        world.walk_to_decided(project, claims=claims, reported={2027: 900, 2028: 700}, decision_id=f"JC-{project}")
    world.ledger.run("open JPN01 party-holding J2\nissue J2 1000 vintage=2027 decision=D-J\n"
                     "issue IND01-2 1000 vintage=2028 decision=D-I")
    calls: list[Callable[[], object]] = [
        lambda: cycle_actions.act(world.uow, TakeAction("i-1", "rm", PV, Action.ISSUE, "go", "MP1")),
        lambda: cycle_actions.act(world.uow, TakeAction("i-2", "rm", second, Action.ISSUE, "go", "MP1")),
        lambda: world.ledger.line("issue J2 5 vintage=2027 decision=D-J2 key=j-extra"),
        lambda: world.ledger.line("issue IND01-1 5 vintage=2028 decision=D-I2 key=i-extra"),
        lambda: world.ledger.line("transfer IND01-2 IND01-1 10 key=t-1"),
        lambda: world.ledger.line("transfer J2 JPN01-1 10 key=t-2"),
    ]
    results = race(calls)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert all(r.accepted for r in results)  # type: ignore[union-attr]
    report = verify(world.uow)
    assert report.ok, report.problems
    assert verify_cycle(world.uow).ok


def test_racing_uploads_of_one_form_get_distinct_versions(pg_world):
    world = pg_world
    world.create()
    outcomes = race([lambda i=i: world.upload("asha", Form.PDD, content=f"draft {i}".encode()) for i in range(WORKERS)])
    assert sorted(o.document_id for o in outcomes) == sorted(f"{PV}/-/PDD/v{n}/public" for n in range(1, WORKERS + 1))
