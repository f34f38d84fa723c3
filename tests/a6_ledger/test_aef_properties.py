"""Random Article 6 histories through the real ledger (SQLite): every year's AEF, exported from the
journal, passes the cross-record checks against the year before and the other Party (X11, X12, X13,
X16 conservation of holdings among them), and each tonne's first transfer is reported once."""

from __future__ import annotations

import uuid
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import Severity
from setu.domain.article6.requests import RecordNdc
from setu.domain.article6.vocabulary import ActionType
from setu.services.article6_records import record_ndc
from setu.services.article6_reports import annual_information
from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory
from tests.a6_ledger.conftest import Clock
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open IND01 omge-cancellation OMGE
open JPN01 party-holding J
open JPN01 retirement R
open JPN01 share-of-proceeds JSOP
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
standing IND01
standing JPN01
issue A 5000 vintage=2026 decision=D26 decided=5000
issue A 5000 vintage=2027 decision=D27 decided=5000
authorization IND01 AUTH-1 purposes=NDC quantity=8000 date=2026-06-01
"""
NDC = {"period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "averaging",
       "target": {"value": 1000}}

OPS = {
    "authorize": "authorize A AUTH-1 {q}",
    "send": "send A J {q} auth=AUTH-1",
    "back": "send J A {q} auth=AUTH-1",
    "use": "use J R {q} year=2030 auth=AUTH-1",
    "cancel": "a6cancel A OMGE {q} auth=AUTH-1",
    "proceeds": "a6cancel J JSOP {q} auth=AUTH-1",
}
operation = st.tuples(st.sampled_from(sorted(OPS)), st.integers(1, 1500), st.integers(0, 2))  # op, t, year offset


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=14))
def test_every_year_of_a_random_history_checks_clean(tmp_path, ops):  # type: ignore[no-untyped-def]
    clock = Clock()
    engine = make_engine(f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.sqlite3'}")
    upgrade(engine)
    ledger = SqlUnitOfWorkFactory(engine, clock=clock)
    script = LedgerScript(ledger)
    clock.at("2026-06-01")
    script.run(SETUP)
    for registry, party in (("IND01", "IND"), ("JPN01", "JPN")):
        assert record_ndc(ledger, RecordNdc(f"ndc-{party}", registry, {"party": party, **NDC})).accepted
    ops = sorted(ops, key=lambda op: op[2])  # time moves forward
    for step, (name, quantity, offset) in enumerate(ops):
        clock.at(f"{2027 + offset}-01-01")
        clock.now += timedelta(days=step)  # forward, and inside the year
        verb, *words = OPS[name].format(q=quantity).split()
        args = [w for w in words if "=" not in w]
        options = dict(w.split("=", 1) for w in words if "=" in w) | {"key": f"op{step}"}
        outcome = script._request(verb, args, options)
        assert outcome.rejection is None or outcome.rejection.code.name not in ("FIELD_INVALID",)
    reports = {(party, year): annual_information(ledger, party=party, year=year)
               for party in ("IND", "JPN") for year in (2026, 2027, 2028, 2029)}
    for year in (2027, 2028, 2029):
        for party, other in (("IND", "JPN"), ("JPN", "IND")):
            findings = check_consistency(reports[(party, year)], previous=reports[(party, year - 1)],
                                         counterpart=reports[(other, year)], finalization=True)
            errors = [str(f) for f in findings if f.severity is Severity.ERROR]
            assert errors == [], (party, year, ops)
    first_transferred = sum(a.block.tonnes for (party, _), report in reports.items() if party == "IND"
                            for a in report.actions if a.action_type is ActionType.FIRST_TRANSFER)
    with ledger(read_only=True) as uow:
        _, totals = uow.article6.authorization("AUTH-1", lock=False)
    assert first_transferred == totals.first_transferred
    engine.dispose()

