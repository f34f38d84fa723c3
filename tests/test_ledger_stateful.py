"""Randomized sequences of ledger operations, valid and invalid, checked against a tiny model.

The model knows, serial by serial, who holds what, and predicts the code of every request from the
rules in docs/ledger.md. After every step the stored ledger must equal the model serial for serial,
satisfy every invariant, and replay from its journal (`verify`). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import text

from setu.domain.accounts import MOVEMENT_RULES, AccountStatus, AccountType, TransactionType
from setu.domain.blocks import SerialRange, SerialSpace, UnitKind
from setu.domain.codes import AccountId, CooperativeApproachId, RegistryCode, SerialNumber
from setu.domain.outcomes import Outcome
from setu.domain.requests import ByQuantity, BySerials, ChangeAccountStatus, Issue, Move, Request
from setu.domain.snapshot import check_invariants
from setu.services import issuance, movement, registry_admin
from setu.services.verification import verify
from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory
from tests.ledger_script import LedgerScript

EXAMPLES = int(os.environ.get("SETU_HYPOTHESIS_EXAMPLES", "30"))
IND = RegistryCode("IND01")
NAMES = ["A", "B", "C", "R", "X", "O", "J"]
TYPES = {"A": AccountType.PARTY_HOLDING, "B": AccountType.ENTITY_HOLDING, "C": AccountType.ENTITY_HOLDING,
         "R": AccountType.RETIREMENT, "X": AccountType.CANCELLATION, "O": AccountType.OMGE_CANCELLATION,
         "J": AccountType.PARTY_HOLDING}
SETUP = "registry IND01 IND\nregistry JPN01 JPN\n" + "".join(
    f"open {'JPN01' if n == 'J' else 'IND01'} {TYPES[n].value} {n}\n" for n in NAMES)
VINTAGES = (2026, 2027)
accounts = st.sampled_from(NAMES + ["missing"])


class LedgerMachine(RuleBasedStateMachine):
    """Drives the real services; `make_url` gives each example a fresh, migrated database."""

    make_url: Callable[[], str]

    @initialize()
    def setup(self) -> None:
        self.engine = make_engine(self.make_url())
        upgrade(self.engine)
        self.uow = SqlUnitOfWorkFactory(self.engine)
        script = LedgerScript(self.uow)
        script.run(SETUP)
        self.ids = {n: AccountId(script.aliases[n]) for n in NAMES} | {"missing": AccountId("IND01-99")}
        self.status = {n: AccountStatus.OPEN for n in NAMES}
        self.owner: dict[tuple[int, int], str] = {}  # (vintage, serial) -> account name, IND01 serial spaces
        self.next_serial = {v: 1 for v in VINTAGES}
        self.decisions: dict[str, tuple[int, int]] = {}  # decision -> (decided, issued)
        self.sent: list[tuple[Request, Outcome]] = []

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            self.engine.dispose()

    # -- model helpers -----------------------------------------------------------------------------
    def _gate(self, names: tuple[str, ...]) -> str | None:
        for n in names:
            if n == "missing":
                return "ACCOUNT_NOT_FOUND"
        for n in names:
            if n == "J":
                return "CROSS_REGISTRY_RULE"
        return None

    def _status_code(self, names: tuple[str, ...]) -> str | None:
        if any(self.status[n] is AccountStatus.CLOSED for n in names):
            return "ACCOUNT_CLOSED"
        if any(self.status[n] is AccountStatus.SUSPENDED for n in names):
            return "ACCOUNT_SUSPENDED"
        return None

    def _send(self, request: Request, call: Callable[[], Outcome], expected: str) -> Outcome:
        outcome = call()
        got = "ok" if outcome.accepted else outcome.rejection.code.name  # type: ignore[union-attr]
        assert got == expected, f"{request}: got {got} ({outcome.rejection}), model expected {expected}"
        self.sent.append((request, outcome))
        return outcome

    # -- rules -------------------------------------------------------------------------------------
    @rule(name=accounts, quantity=st.integers(-1, 40), vintage=st.sampled_from(VINTAGES),
          decision=st.sampled_from(["D1", "D2"]), decided=st.sampled_from([60, 100]))
    def issue(self, name: str, quantity: int, vintage: int, decision: str, decided: int) -> None:
        request = Issue(str(uuid.uuid4()), IND, self.ids[name], quantity, UnitKind.JCM_CREDIT, CooperativeApproachId("CA0123"),
                        vintage, "P1", "MP1", decision, decided)
        recorded = self.decisions.get(decision)
        expected = (
            ("QTY_INVALID" if quantity <= 0 else None)
            or self._gate((name,))
            or self._status_code((name,))
            or ("ACCOUNT_TYPE_NOT_ALLOWED" if TYPES[name].is_terminal else None)
            or ("REFERENCE_INVALID" if recorded and recorded[0] != decided else None)
            or ("LIMIT_EXCEEDED" if (recorded[1] if recorded else 0) + quantity > decided else None)
            or "ok"
        )
        self._send(request, lambda: issuance.issue(self.uow, request), expected)
        if expected == "ok":
            first = self.next_serial[vintage]
            for s in range(first, first + quantity):
                self.owner[(vintage, s)] = name
            self.next_serial[vintage] = first + quantity
            self.decisions[decision] = (decided, (recorded[1] if recorded else 0) + quantity)

    def _pre_move(self, kind: TransactionType, src: str, dst: str, bad_quantity: bool) -> str | None:
        rule_ = MOVEMENT_RULES[kind]
        return (
            ("QTY_INVALID" if bad_quantity else None)
            or self._gate((src, dst))
            or ("SAME_ACCOUNT" if src == dst else None)
            or self._status_code((src, dst))
            or ("ACCOUNT_TYPE_NOT_ALLOWED" if TYPES[src] not in rule_.senders or TYPES[dst] not in rule_.receivers else None)
        )

    @rule(kind=st.sampled_from(list(MOVEMENT_RULES)[1:]), src=accounts, dst=accounts, quantity=st.integers(0, 50),
          vintage=st.one_of(st.none(), st.sampled_from(VINTAGES)))
    def move_quantity(self, kind, src, dst, quantity, vintage) -> None:  # type: ignore[no-untyped-def]
        request = Move(str(uuid.uuid4()), IND, kind, self.ids[src], self.ids[dst], ByQuantity(quantity, vintage))
        held = [k for k, who in self.owner.items() if who == src and (vintage is None or k[0] == vintage)]
        expected = self._pre_move(kind, src, dst, quantity <= 0) or (
            "QTY_EXCEEDS_BALANCE" if len(held) < quantity else "ok")
        outcome = self._send(request, lambda: movement.move(self.uow, request), expected)
        if outcome.accepted:
            moved = [(r.space.vintage_year, s) for r in outcome.ranges for s in range(r.first, r.last + 1)]
            assert len(moved) == quantity and all(k in held for k in moved)
            for k in moved:
                self.owner[k] = dst

    @rule(kind=st.sampled_from(list(MOVEMENT_RULES)[1:]), src=accounts, dst=accounts,
          vintage=st.sampled_from(VINTAGES), first=st.integers(0, 90), length=st.integers(1, 15))
    def move_serials(self, kind, src, dst, vintage, first, length) -> None:  # type: ignore[no-untyped-def]
        serials = SerialRange(SerialSpace(IND, vintage), SerialNumber(first), SerialNumber(first + length - 1))
        request = Move(str(uuid.uuid4()), IND, kind, self.ids[src], self.ids[dst], BySerials(serials))
        keys = [(vintage, s) for s in range(first, first + length)]
        expected = self._pre_move(kind, src, dst, first <= 0)
        if expected is None:
            if any(self.owner.get(k) and TYPES[self.owner[k]].is_terminal for k in keys):
                expected = "UNIT_ALREADY_CONSUMED"
            elif any(self.owner.get(k) != src for k in keys):
                expected = "UNIT_NOT_HELD"
            else:
                expected = "ok"
        self._send(request, lambda: movement.move(self.uow, request), expected)
        if expected == "ok":
            for k in keys:
                self.owner[k] = dst

    @rule(name=accounts, status=st.sampled_from(list(AccountStatus)))
    def change_status(self, name: str, status: AccountStatus) -> None:
        request = ChangeAccountStatus(str(uuid.uuid4()), IND, self.ids[name], status)
        allowed = {AccountStatus.OPEN: {AccountStatus.SUSPENDED, AccountStatus.CLOSED},
                   AccountStatus.SUSPENDED: {AccountStatus.OPEN, AccountStatus.CLOSED}}
        current = self.status.get(name)
        expected = (
            self._gate((name,))
            or ("ACCOUNT_CLOSED" if current is AccountStatus.CLOSED else None)
            or ("ACCOUNT_STATUS_UNCHANGED" if status not in allowed[current] else None)  # type: ignore[index]
            or ("ACCOUNT_NOT_EMPTY" if status is AccountStatus.CLOSED and not TYPES[name].is_terminal
                and name in self.owner.values() else None)
            or "ok"
        )
        self._send(request, lambda: registry_admin.change_account_status(self.uow, request), expected)
        if expected == "ok":
            self.status[name] = status

    @rule(data=st.data(), change=st.booleans())
    def retry_an_earlier_request(self, data, change: bool) -> None:  # type: ignore[no-untyped-def]
        """The same key: the same request gets the first answer; another request is refused. Neither
        changes anything (the invariant compares with the unchanged model)."""
        if not self.sent:
            return
        request, first = data.draw(st.sampled_from(self.sent))
        if change:
            other = _altered(request)
            refused = _dispatch(self.uow, other)
            assert refused.rejection is not None and refused.rejection.code.name == "DUPLICATE_TRANSACTION_ID"
            return
        again = _dispatch(self.uow, request)
        assert again.replayed and again.to_json() == first.to_json()

    # -- invariants ----------------------------------------------------------------------------------
    @invariant()
    def stored_ledger_equals_the_model_and_replays(self) -> None:
        if not hasattr(self, "uow"):
            return
        with self.uow(read_only=True) as uow:
            snapshot = uow.ledger.snapshot()
        names = {v: k for k, v in self.ids.items()}
        stored = {(b.attributes.vintage_year, s): names[b.account_id] for b in snapshot.blocks
                  for s in range(b.serial_first, b.serial_last + 1)}
        assert stored == self.owner
        assert check_invariants(snapshot) == []
        report = verify(self.uow)
        assert report.ok, report.problems


def _altered(request: Request) -> Request:
    """The same key with a different payload."""
    if isinstance(request, Issue):
        return dataclasses.replace(request, quantity=request.quantity + 1)
    if isinstance(request, Move):
        other = AccountId("IND01-98") if request.destination != "IND01-98" else AccountId("IND01-97")
        return dataclasses.replace(request, destination=other)
    return dataclasses.replace(request, account=AccountId("IND01-98"))


def _dispatch(uow, request: Request) -> Outcome:  # type: ignore[no-untyped-def]
    if isinstance(request, Issue):
        return issuance.issue(uow, request)
    if isinstance(request, Move):
        return movement.move(uow, request)
    return registry_admin.change_account_status(uow, request)  # type: ignore[arg-type]


def _run(make_url: Callable[[], str], examples: int) -> None:
    machine = type("Machine", (LedgerMachine,), {"make_url": staticmethod(make_url)})
    machine.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    machine.TestCase().runTest()


def test_random_histories_on_sqlite():
    folder = Path(tempfile.mkdtemp(prefix="setu-stateful-"))
    _run(lambda: f"sqlite:///{folder / (uuid.uuid4().hex + '.sqlite3')}", EXAMPLES)


@pytest.mark.postgres
def test_random_histories_on_postgresql(pg_server):
    admin = make_engine(pg_server)
    schemas: list[str] = []

    def drop_previous() -> None:
        while schemas:  # one schema per transaction: dropping many at once exhausts the lock table
            with admin.begin() as c:
                c.execute(text(f"DROP SCHEMA IF EXISTS {schemas.pop()} CASCADE"))

    def fresh() -> str:
        drop_previous()
        schema = f"s_{uuid.uuid4().hex[:12]}"
        with admin.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
        schemas.append(schema)
        return f"{pg_server}?options=-csearch_path%3D{schema}%2Cpublic"

    try:
        _run(fresh, max(EXAMPLES // 2, 5))
    finally:
        drop_previous()
        admin.dispose()
