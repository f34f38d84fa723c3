"""The SQL implementation of the services' `LedgerStore` port. It never commits."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Row, and_, func, insert, select, text, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from setu.domain.accounts import Account, AccountStatus, AccountType, Registry
from setu.domain.blocks import SerialRange, SerialSpace, UnitAttributes, UnitBlock, UnitKind
from setu.domain.codes import (
    AccountId,
    CooperativeApproachId,
    PartyCode,
    RegistryCode,
    SerialNumber,
    split_account_id,
)
from setu.domain.decisions import DecisionRecord
from setu.domain.history import Movement, movements_of
from setu.domain.journal import GENESIS_HASH, JournalEntry
from setu.domain.movement_plan import BlockChange
from setu.domain.requests import ByQuantity
from setu.domain.snapshot import LedgerSnapshot
from setu.store.schema import (
    account,
    issuance_decision,
    journal_entry,
    movement,
    registry,
    request_outcome,
    serial_space,
    unit_block,
)

FIRST_PAGE = 8
"""Blocks fetched by the first page of a pick by quantity; later pages grow fourfold."""


@dataclass(frozen=True, slots=True)
class StoredOutcomeRow:
    request_hash: str
    outcome_json: str


class SqlLedgerStore:
    """Ledger persistence on one SQLAlchemy connection inside the unit of work's transaction."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._dialect = connection.dialect.name

    def _insert_ignore(self, table, **values):  # type: ignore[no-untyped-def]
        module = postgresql if self._dialect == "postgresql" else sqlite
        return module.insert(table).values(**values).on_conflict_do_nothing()

    # -- idempotency ---------------------------------------------------------------------------
    def find_outcome(self, registry_code: RegistryCode, key: str) -> StoredOutcomeRow | None:
        row = self._c.execute(
            select(request_outcome.c.request_hash, request_outcome.c.outcome).where(
                request_outcome.c.registry_code == registry_code, request_outcome.c.idempotency_key == key
            )
        ).first()
        return StoredOutcomeRow(row.request_hash, row.outcome) if row else None

    def record_outcome(self, registry_code: RegistryCode, key: str, request_hash: str, outcome_json: str) -> bool:
        inserted = self._c.execute(
            self._insert_ignore(
                request_outcome, registry_code=registry_code, idempotency_key=key, request_hash=request_hash,
                outcome=outcome_json,
            ).returning(request_outcome.c.idempotency_key)
        ).first()
        return inserted is not None

    # -- registries and accounts ----------------------------------------------------------------
    def registry(self, code: RegistryCode) -> Registry | None:
        row = self._c.execute(select(registry).where(registry.c.code == code)).first()
        return Registry(RegistryCode(row.code), PartyCode(row.party), row.name) if row else None

    def add_registry(self, new: Registry) -> bool:
        inserted = self._c.execute(
            self._insert_ignore(
                registry, code=new.code, party=new.party, name=new.name, next_account_number=1, journal_head_seq=0,
                journal_head_hash=GENESIS_HASH,
            ).returning(registry.c.code)
        ).first()
        return inserted is not None

    def allocate_account_number(self, registry_code: RegistryCode) -> int:
        row = self._c.execute(
            update(registry)
            .where(registry.c.code == registry_code)
            .values(next_account_number=registry.c.next_account_number + 1)
            .returning(registry.c.next_account_number)
        ).one()
        return int(row.next_account_number) - 1

    def accounts(
        self, ids: Iterable[AccountId], *, lock: bool, exclusive: bool = False
    ) -> dict[AccountId, Account]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        query = select(account).where(account.c.id.in_(wanted)).order_by(account.c.id)
        if exclusive:
            query = query.with_for_update(key_share=True)  # FOR NO KEY UPDATE: FK checks need not wait
        elif lock:
            query = query.with_for_update(read=True)
        return {AccountId(r.id): _account(r) for r in self._c.execute(query)}

    def add_account(self, new: Account) -> None:
        self._c.execute(
            insert(account).values(
                id=new.id, registry_code=new.registry, type=new.type.value, status=new.status.value,
                holder=new.holder,
            )
        )

    def set_account_status(self, account_id: AccountId, status: AccountStatus) -> None:
        self._c.execute(update(account).where(account.c.id == account_id).values(status=status.value))

    def holds_units(self, account_id: AccountId) -> bool:
        return self._c.execute(select(unit_block.c.serial_first).where(unit_block.c.account_id == account_id).limit(1)).first() is not None

    # -- issuance -------------------------------------------------------------------------------
    def lock_decision(
        self, registry_code: RegistryCode, decision_id: str, project_id: str, decided_quantity: int
    ) -> DecisionRecord:
        self._c.execute(
            self._insert_ignore(
                issuance_decision, registry_code=registry_code, decision_id=decision_id, project_id=project_id,
                decided_quantity=decided_quantity, issued_quantity=0,
            )
        )
        row = self._c.execute(
            select(issuance_decision)
            .where(issuance_decision.c.registry_code == registry_code, issuance_decision.c.decision_id == decision_id)
            .with_for_update(key_share=True)
        ).one()
        return _decision(row)

    def claim_decision_id(self, decision_id: str) -> None:
        # SQLite writers hold the database's write lock from their first statement (BEGIN IMMEDIATE), so
        # only PostgreSQL needs a lock: a transaction-scoped advisory lock on the id's hash.
        if self._c.dialect.name == "postgresql":
            self._c.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"),
                            {"name": f"setu-decision:{decision_id}"})

    def decision_id_used(self, decision_id: str) -> bool:
        query = select(issuance_decision.c.registry_code).where(issuance_decision.c.decision_id == decision_id)
        return self._c.execute(query.limit(1)).first() is not None

    def save_decision(self, record: DecisionRecord) -> None:
        self._c.execute(
            update(issuance_decision)
            .where(
                issuance_decision.c.registry_code == record.registry,
                issuance_decision.c.decision_id == record.decision_id,
            )
            .values(issued_quantity=record.issued_quantity)
        )

    def lock_serial_space(self, space: SerialSpace) -> int:
        self._c.execute(
            self._insert_ignore(
                serial_space, originating_registry=space.originating_registry, vintage_year=space.vintage_year,
                next_serial=1,
            )
        )
        row = self._c.execute(
            select(serial_space.c.next_serial)
            .where(
                serial_space.c.originating_registry == space.originating_registry,
                serial_space.c.vintage_year == space.vintage_year,
            )
            .with_for_update(key_share=True)  # blocks' FK checks take KEY SHARE on this row
        ).one()
        return int(row.next_serial)

    def set_next_serial(self, space: SerialSpace, next_serial: int) -> None:
        self._c.execute(
            update(serial_space)
            .where(
                serial_space.c.originating_registry == space.originating_registry,
                serial_space.c.vintage_year == space.vintage_year,
            )
            .values(next_serial=next_serial)
        )

    def add_block(self, block: UnitBlock) -> None:
        self._c.execute(insert(unit_block).values(**_block_values(block)))

    # -- movement -------------------------------------------------------------------------------
    def blocks_overlapping(self, serials: SerialRange, *, lock: bool) -> list[UnitBlock]:
        space = serials.space
        in_space = and_(
            unit_block.c.originating_registry == space.originating_registry,
            unit_block.c.vintage_year == space.vintage_year,
        )
        # The block holding the first serial starts at the greatest serial_first <= first (an index seek).
        start = self._c.execute(
            select(func.max(unit_block.c.serial_first)).where(in_space, unit_block.c.serial_first <= serials.first)
        ).scalar()
        query = (
            select(unit_block)
            .where(in_space, unit_block.c.serial_first >= (start or serials.first),
                   unit_block.c.serial_first <= serials.last)
            .order_by(unit_block.c.serial_first)
        )
        if lock:
            query = query.with_for_update()
        return [_block(r) for r in self._c.execute(query)]

    def blocks_for_quantity(
        self, account_id: AccountId, selection: ByQuantity, *, lock: bool, authorized: bool | None = None,
        authorization_id: str | None = None,
    ) -> list[UnitBlock]:
        c = unit_block.c
        order = (c.vintage_year, c.originating_registry, c.serial_first)
        conditions = [c.account_id == account_id]
        if authorized is not None:
            conditions.append(c.authorization_id.is_not(None) if authorized else c.authorization_id.is_(None))
        if authorization_id is not None:
            conditions.append(c.authorization_id == authorization_id)
        if selection.vintage_year is not None:
            conditions.append(c.vintage_year == selection.vintage_year)
        if selection.project_id is not None:
            conditions.append(c.project_id == selection.project_id)
        picked: list[UnitBlock] = []
        total, page, after = 0, FIRST_PAGE, None
        # The caller holds the account's update lock, so no other debit runs; only an empty page ends.
        while total < selection.quantity:
            query = select(unit_block).where(*conditions)
            if after is not None:
                query = query.where(tuple_(*order) > tuple_(*after))
            query = query.order_by(*order).limit(page)
            if lock:
                query = query.with_for_update()
            rows = self._c.execute(query).all()
            for r in rows:
                picked.append(_block(r))
                total += r.serial_last - r.serial_first + 1
                if total >= selection.quantity:
                    break
            if not rows:
                break
            after = (rows[-1].vintage_year, rows[-1].originating_registry, rows[-1].serial_first)
            page *= 4
        return picked

    def apply_changes(self, changes: Sequence[BlockChange]) -> None:
        c = unit_block.c
        inserts = []
        for change in changes:
            o = change.original
            for piece in change.pieces:
                if piece.serial_first == o.serial_first:
                    self._c.execute(
                        update(unit_block)
                        .where(
                            c.originating_registry == o.attributes.originating_registry,
                            c.vintage_year == o.attributes.vintage_year,
                            c.serial_first == o.serial_first,
                        )
                        .values(
                            serial_last=piece.serial_last, account_id=piece.account_id,
                            unit_kind=piece.attributes.unit_kind.value,
                            authorization_id=piece.attributes.authorization_id,
                            first_transferred=piece.attributes.first_transferred,
                        )
                    )
                else:
                    inserts.append(_block_values(piece))
        if inserts:
            self._c.execute(insert(unit_block), inserts)

    # -- journal --------------------------------------------------------------------------------
    def journal_head(self, registry_code: RegistryCode, *, lock: bool) -> tuple[int, str]:
        query = select(registry.c.journal_head_seq, registry.c.journal_head_hash).where(registry.c.code == registry_code)
        if lock:
            # FOR NO KEY UPDATE: inserting a decision, serial space or account takes FOR KEY SHARE on the
            # registry row (foreign key check); a plain FOR UPDATE here would deadlock with those.
            query = query.with_for_update(key_share=True)
        row = self._c.execute(query).one()
        return int(row.journal_head_seq), row.journal_head_hash

    def append_journal(self, entry: JournalEntry) -> None:
        self._c.execute(
            insert(journal_entry).values(
                registry_code=entry.registry, seq=entry.seq, prev_hash=entry.prev_hash,
                entry_hash=entry.entry_hash, body=entry.body,
            )
        )
        moves = movements_of(entry)
        if moves:
            self._c.execute(insert(movement), [_movement_values(m) for m in moves])
        self._c.execute(
            update(registry)
            .where(registry.c.code == entry.registry)
            .values(journal_head_seq=entry.seq, journal_head_hash=entry.entry_hash)
        )

    # -- whole-ledger reads ---------------------------------------------------------------------
    def journal_heads(self) -> dict[RegistryCode, tuple[int, str]]:
        rows = self._c.execute(select(registry.c.code, registry.c.journal_head_seq, registry.c.journal_head_hash))
        return {RegistryCode(r.code): (int(r.journal_head_seq), r.journal_head_hash) for r in rows}

    def journal_entries(self) -> Iterator[JournalEntry]:
        rows = self._c.execute(select(journal_entry).order_by(journal_entry.c.position))
        for r in rows:
            yield JournalEntry(RegistryCode(r.registry_code), int(r.seq), r.prev_hash, r.entry_hash, r.body)

    def movements(self) -> list[Movement]:
        # In journal order. Movement ids and entry positions come from two sequences, so writers in two
        # registries can interleave them (one entry's movement row after another's entry row).
        entry = and_(journal_entry.c.registry_code == movement.c.registry_code, journal_entry.c.seq == movement.c.seq)
        query = select(movement).join(journal_entry, entry).order_by(journal_entry.c.position, movement.c.id)
        return [_movement(r) for r in self._c.execute(query)]

    def movements_touching(self, space: SerialSpace, serial: int) -> list[tuple[Movement, str]]:
        c = movement.c
        rows = self._c.execute(
            select(movement, journal_entry.c.body)
            .join(journal_entry, and_(journal_entry.c.registry_code == c.registry_code, journal_entry.c.seq == c.seq))
            .where(
                c.originating_registry == space.originating_registry,
                c.vintage_year == space.vintage_year,
                c.serial_first <= serial,
                c.serial_last >= serial,
            )
            .order_by(c.id)
        )
        return [(_movement(r), json.loads(r.body)["recorded_at"]) for r in rows]

    def list_accounts(self, registry_code: RegistryCode | None, account_id: AccountId | None) -> list[Account]:
        query = select(account)
        if registry_code is not None:
            query = query.where(account.c.registry_code == registry_code)
        if account_id is not None:
            query = query.where(account.c.id == account_id)
        rows = [_account(r) for r in self._c.execute(query)]
        return sorted(rows, key=lambda a: split_account_id(a.id))

    def blocks_of(self, accounts: Sequence[AccountId]) -> list[UnitBlock]:
        c = unit_block.c
        if not accounts:
            return []
        query = select(unit_block).where(c.account_id.in_(list(accounts))).order_by(
            c.account_id, c.vintage_year, c.originating_registry, c.serial_first
        )
        return [_block(r) for r in self._c.execute(query)]

    def stored_outcomes(self) -> dict[tuple[RegistryCode, str], str]:
        rows = self._c.execute(select(request_outcome.c.registry_code, request_outcome.c.idempotency_key,
                                      request_outcome.c.outcome))
        return {(RegistryCode(r.registry_code), r.idempotency_key): r.outcome for r in rows}

    def account_counters(self) -> dict[RegistryCode, int]:
        rows = self._c.execute(select(registry.c.code, registry.c.next_account_number))
        return {RegistryCode(r.code): int(r.next_account_number) for r in rows}

    def snapshot(self) -> LedgerSnapshot:
        c = self._c
        registries = {
            RegistryCode(r.code): Registry(RegistryCode(r.code), PartyCode(r.party), r.name)
            for r in c.execute(select(registry))
        }
        accounts = {AccountId(r.id): _account(r) for r in c.execute(select(account))}
        blocks = tuple(_block(r) for r in c.execute(select(unit_block)))
        spaces = {
            SerialSpace(RegistryCode(r.originating_registry), r.vintage_year): int(r.next_serial)
            for r in c.execute(select(serial_space))
        }
        decisions = {
            (RegistryCode(r.registry_code), r.decision_id): _decision(r) for r in c.execute(select(issuance_decision))
        }
        return LedgerSnapshot(registries, accounts, blocks, spaces, decisions)


def _account(r: Row) -> Account:
    return Account(AccountId(r.id), RegistryCode(r.registry_code), AccountType(r.type), AccountStatus(r.status), r.holder)


def _decision(r: Row) -> DecisionRecord:
    return DecisionRecord(
        RegistryCode(r.registry_code), r.decision_id, r.project_id, int(r.decided_quantity), int(r.issued_quantity)
    )


def _block(r: Row) -> UnitBlock:
    attributes = UnitAttributes(
        unit_kind=UnitKind(r.unit_kind),
        cooperative_approach_id=CooperativeApproachId(r.cooperative_approach_id),
        originating_registry=RegistryCode(r.originating_registry),
        first_transferring_party=PartyCode(r.first_transferring_party),
        vintage_year=int(r.vintage_year),
        project_id=r.project_id,
        monitoring_period_id=r.monitoring_period_id,
        authorization_id=r.authorization_id,
        first_transferred=bool(r.first_transferred),
    )
    return UnitBlock(AccountId(r.account_id), attributes, SerialNumber(int(r.serial_first)), SerialNumber(int(r.serial_last)))


def _block_values(block: UnitBlock) -> dict[str, object]:
    a = block.attributes
    return {
        "originating_registry": a.originating_registry,
        "vintage_year": a.vintage_year,
        "serial_first": block.serial_first,
        "serial_last": block.serial_last,
        "account_id": block.account_id,
        "unit_kind": a.unit_kind.value,
        "cooperative_approach_id": a.cooperative_approach_id,
        "first_transferring_party": a.first_transferring_party,
        "project_id": a.project_id,
        "monitoring_period_id": a.monitoring_period_id,
        "authorization_id": a.authorization_id,
        "first_transferred": a.first_transferred,
    }


def _movement_values(m: Movement) -> dict[str, object]:
    return {
        "registry_code": m.registry,
        "seq": m.seq,
        "event": m.event,
        "source": m.source,
        "destination": m.destination,
        "originating_registry": m.serials.space.originating_registry,
        "vintage_year": m.serials.space.vintage_year,
        "serial_first": m.serials.first,
        "serial_last": m.serials.last,
    }


def _movement(r: Row) -> Movement:
    return Movement(
        RegistryCode(r.registry_code),
        int(r.seq),
        r.event,
        AccountId(r.source) if r.source else None,
        AccountId(r.destination),
        SerialRange(
            SerialSpace(RegistryCode(r.originating_registry), int(r.vintage_year)),
            SerialNumber(int(r.serial_first)),
            SerialNumber(int(r.serial_last)),
        ),
    )
