"""What the services need from storage, as protocols. `setu.store` implements them for SQLAlchemy.

Store methods never commit; the unit of work does, once per use case. Methods called with `lock=True`
lock the rows they return until the unit of work ends (row locks on PostgreSQL; SQLite already holds
its write lock from `BEGIN IMMEDIATE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from setu.domain.accounts import Account, AccountStatus, Registry
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.participation import Standing
from setu.domain.article6.records import AuthorizedEntity, CooperativeApproach
from setu.domain.article6.unit_rules import AuthorizationTotals
from setu.domain.blocks import SerialRange, SerialSpace, UnitBlock
from setu.domain.codes import AccountId, RegistryCode
from setu.domain.cycle.chain import CycleEntry
from setu.domain.cycle.claims import Claim
from setu.domain.cycle.documents import DocumentRecord
from setu.domain.cycle.history import ProjectRecord
from setu.domain.cycle.issuance_plan import IssuedShare, PeriodIssuance
from setu.domain.cycle.roles import RoleGrant
from setu.domain.decisions import DecisionRecord
from setu.domain.history import Movement
from setu.domain.journal import JournalEntry
from setu.domain.movement_plan import BlockChange
from setu.domain.requests import ByQuantity
from setu.domain.snapshot import LedgerSnapshot


class StoredOutcome(Protocol):
    request_hash: str
    outcome_json: str


class LedgerStore(Protocol):
    # idempotency
    def find_outcome(self, registry: RegistryCode, key: str) -> StoredOutcome | None: ...
    def record_outcome(self, registry: RegistryCode, key: str, request_hash: str, outcome_json: str) -> bool:
        """Remember an outcome; False when another transaction recorded this key first."""
        ...

    # registries and accounts
    def registry(self, code: RegistryCode) -> Registry | None: ...
    def add_registry(self, registry: Registry) -> bool:
        """Insert a registry; False if one with that code exists (or is being created concurrently)."""
        ...
    def allocate_account_number(self, registry: RegistryCode) -> int: ...
    def accounts(self, ids: Iterable[AccountId], *, lock: bool, exclusive: bool = False) -> dict[AccountId, Account]:
        """Accounts by id, in id order; `lock` takes shared row locks, `exclusive` update locks."""
        ...
    def add_account(self, account: Account) -> None: ...
    def set_account_status(self, account: AccountId, status: AccountStatus) -> None: ...
    def holds_units(self, account: AccountId) -> bool: ...

    # issuance
    def lock_decision(
        self, registry: RegistryCode, decision_id: str, project_id: str, decided_quantity: int
    ) -> DecisionRecord:
        """Lock a decision's record, creating it (nothing issued yet) if this is its first issuance."""
        ...

    def save_decision(self, record: DecisionRecord) -> None: ...
    def claim_decision_id(self, decision_id: str) -> None:
        """Hold, until the transaction ends, the right to decide what `decision_id` names: a manual issuance
        and the project cycle's recording of a Joint Committee decision serialize on it."""
        ...

    def decision_id_used(self, decision_id: str) -> bool:
        """True when any registry has issued (or begun issuing) under `decision_id`."""
        ...

    def lock_serial_space(self, space: SerialSpace) -> int:
        """Lock a serial space, creating it if new; return its next free serial."""
        ...

    def set_next_serial(self, space: SerialSpace, next_serial: int) -> None: ...
    def add_block(self, block: UnitBlock) -> None: ...

    # movement
    def blocks_overlapping(self, serials: SerialRange, *, lock: bool) -> list[UnitBlock]: ...
    def blocks_for_quantity(
        self, account: AccountId, selection: ByQuantity, *, lock: bool, authorized: bool | None = None,
        authorization_id: str | None = None,
    ) -> list[UnitBlock]:
        """The account's blocks in pick order, locked, until they hold `selection.quantity` or run out.

        `authorized` keeps only authorized (True) or unauthorized (False) units; `authorization_id` only
        units under that authorization.
        """
        ...

    def apply_changes(self, changes: Sequence[BlockChange]) -> None: ...

    # journal
    def journal_head(self, registry: RegistryCode, *, lock: bool) -> tuple[int, str]: ...
    def append_journal(self, entry: JournalEntry) -> None:
        """Append an entry, its movements, and move the registry's head to it."""
        ...

    # reading the whole ledger (verification, reports)
    def journal_heads(self) -> dict[RegistryCode, tuple[int, str]]: ...
    def journal_entries(self) -> Iterator[JournalEntry]:
        """Every entry of every registry, in the order they were appended."""
        ...

    def movements(self) -> list[Movement]: ...
    def movements_touching(self, space: SerialSpace, serial: int) -> list[tuple[Movement, str]]:
        """Movements that include `serial`, oldest first, each with its entry's recorded time."""
        ...

    def snapshot(self) -> LedgerSnapshot: ...
    def stored_outcomes(self) -> dict[tuple[RegistryCode, str], str]:
        """Every stored outcome's JSON by (registry, idempotency key)."""
        ...

    def account_counters(self) -> dict[RegistryCode, int]:
        """Each registry's next account number."""
        ...

    def list_accounts(self, registry: RegistryCode | None, account: AccountId | None) -> list[Account]:
        """Accounts, optionally of one registry or just one, in registry and number order."""
        ...

    def blocks_of(self, accounts: Sequence[AccountId]) -> list[UnitBlock]:
        """The blocks these accounts hold, per account in pick order (through the account index)."""
        ...


class CycleStore(Protocol):
    """The project cycle's rows: roles, projects, their chains, documents, claims, period issuances."""

    # idempotency (one key space for all cycle requests)
    def find_outcome(self, key: str) -> StoredOutcome | None: ...
    def record_outcome(self, key: str, request_hash: str, outcome_json: str) -> bool:
        """Remember an outcome; False when another transaction recorded this key first."""
        ...

    # roles
    def grants_of(self, user: str) -> tuple[RoleGrant, ...]: ...
    def add_grant(self, grant: RoleGrant, granted_by: str, granted_at: str) -> bool:
        """Record a grant; False if the user already holds that role for that scope."""
        ...

    def grants(self) -> list[RoleGrant]: ...

    # projects and their chains
    def add_project(self, record: ProjectRecord) -> bool:
        """Insert a project and its empty chain; False if the id is taken."""
        ...

    def project(self, project_id: str, *, lock: bool) -> ProjectRecord | None:
        """A project; `lock` takes its row exclusively, serializing every change to the project."""
        ...

    def projects(self) -> list[ProjectRecord]: ...
    def journal_head(self, stream: str, *, lock: bool) -> tuple[int, str]: ...
    def append_entry(self, entry: CycleEntry) -> None:
        """Append an entry and move its stream's head to it."""
        ...

    def entries(self, stream: str) -> list[CycleEntry]: ...
    def journal_heads(self) -> dict[str, tuple[int, str]]: ...

    # documents (metadata; the files are in `DocumentFiles`)
    def add_document(self, record: DocumentRecord) -> None: ...
    def document(self, document_id: str) -> DocumentRecord | None: ...
    def documents(self, project_id: str | None = None) -> list[DocumentRecord]:
        """Documents of one project (or all), in project, period, form, version, variant order."""
        ...

    # claims
    def lock_claims(self, subjects: Iterable[str]) -> list[Claim]:
        """Lock each subject (creating its lock row on first use), in sorted order; every claim on them."""
        ...

    def add_claims(self, claims: Sequence[Claim]) -> None: ...
    def claims(self) -> list[Claim]: ...

    # period issuance
    def add_period_issuance(self, record: PeriodIssuance) -> bool:
        """Record a period's decision; False if its decision id is already recorded (for any period)."""
        ...

    def period_issuance(self, project_id: str, period_id: str, *, lock: bool) -> PeriodIssuance | None: ...
    def mark_issued(self, project_id: str, period_id: str, issued_at: str, shares: Sequence[IssuedShare]) -> None:
        """Record what was issued; the database refuses a second time."""
        ...

    def period_issuances(self) -> list[PeriodIssuance]: ...
    def decision_recorded(self, decision_id: str) -> bool:
        """True when a period's Joint Committee decision with this id is recorded."""
        ...


class Article6Store(Protocol):
    """Cooperative approaches, authorization versions with their totals, authorized entities."""

    def approaches(self, registry: RegistryCode) -> dict[str, CooperativeApproach]: ...
    def add_approach(self, registry: RegistryCode, approach: CooperativeApproach) -> bool:
        """Record that the registry takes part; False if it already does."""
        ...

    def all_approaches(self) -> dict[tuple[RegistryCode, str], CooperativeApproach]: ...
    def authorization(self, authorization_id: str, *, lock: bool) -> tuple[Authorization, AuthorizationTotals] | None:
        """The latest version (revocation included) and running totals; `lock` serializes changes to it."""
        ...

    def add_authorization_version(self, version: Authorization) -> bool:
        """Store a version; False when version 1 was recorded concurrently."""
        ...
    def revoke(self, authorization_id: str, day: date) -> None: ...
    def set_totals(self, authorization_id: str, totals: AuthorizationTotals) -> None: ...
    def authorization_versions(self) -> list[Authorization]: ...
    def authorization_heads(self) -> dict[str, tuple[int, str | None, AuthorizationTotals]]: ...
    def entity(self, cooperative_approach_id: str, entity_id: str) -> AuthorizedEntity | None: ...
    def add_entity(self, entity: AuthorizedEntity) -> bool: ...
    def entities(self) -> list[AuthorizedEntity]: ...
    def latest_ndc(self, party: str) -> tuple[int, dict[str, Any]] | None: ...
    def add_ndc(self, party: str, version: int, document: dict[str, Any]) -> bool:
        """Store an NDC document version; False when that version was recorded concurrently."""
        ...

    def ndcs(self) -> dict[tuple[str, int], dict[str, Any]]: ...
    def standings(self, party: str) -> list[Standing]:
        """A Party's standing versions, oldest first."""
        ...

    def add_standing(self, party: str, version: int, document: dict[str, Any]) -> bool:
        """Store a standing document version; False when that version was recorded concurrently."""
        ...

    def all_standings(self) -> dict[tuple[str, int], dict[str, Any]]: ...


class DocumentFiles(Protocol):
    """Files by content: the bytes live outside the database, named by their SHA-256."""

    def put(self, content: bytes) -> str:
        """Store `content` (a no-op if already stored) and return its SHA-256, hex."""
        ...

    def get(self, sha256: str) -> bytes:
        """The stored bytes; raises if they are missing or no longer hash to `sha256`."""
        ...


class UnitOfWork(Protocol):
    """One database transaction. Leaving the `with` block without `commit()` rolls back."""

    ledger: LedgerStore
    cycle: CycleStore
    article6: Article6Store

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def now(self) -> datetime: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
