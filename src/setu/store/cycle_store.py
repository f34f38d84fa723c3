"""The SQL implementation of the services' `CycleStore` port. It never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from setu.domain.cycle.chain import CycleEntry, project_stream
from setu.domain.cycle.claims import Claim
from setu.domain.cycle.documents import DocumentRecord
from setu.domain.cycle.forms import Form
from setu.domain.cycle.history import ProjectRecord
from setu.domain.cycle.issuance_plan import IssuedShare, PeriodIssuance
from setu.domain.cycle.roles import RoleGrant
from setu.domain.journal import GENESIS_HASH
from setu.store.cycle_rows import (
    claim_from,
    claim_values,
    document_from,
    document_values,
    grant_from,
    grant_values,
    issuance_from,
    issuance_values,
    project_from,
    project_values,
    shares_json,
)
from setu.store.cycle_schema import (
    claim,
    claim_subject,
    cycle_entry,
    cycle_journal,
    cycle_request_outcome,
    document,
    period_issuance,
    project,
    role_grant,
)
from setu.store.ledger_store import StoredOutcomeRow

_FORM_ORDER = {form: position for position, form in enumerate(Form)}


class SqlCycleStore:
    """Cycle persistence on the unit of work's connection and transaction."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._dialect = postgresql if connection.dialect.name == "postgresql" else sqlite

    def _inserted(self, table, key_column, **values) -> bool:  # type: ignore[no-untyped-def]
        """INSERT ... ON CONFLICT DO NOTHING; True if this row went in (a concurrent insert makes us wait)."""
        statement = self._dialect.insert(table).values(**values).on_conflict_do_nothing().returning(key_column)
        return self._c.execute(statement).first() is not None

    # -- idempotency ----------------------------------------------------------------------------
    def find_outcome(self, key: str) -> StoredOutcomeRow | None:
        row = self._c.execute(
            select(cycle_request_outcome).where(cycle_request_outcome.c.idempotency_key == key)
        ).first()
        return StoredOutcomeRow(row.request_hash, row.outcome) if row else None

    def record_outcome(self, key: str, request_hash: str, outcome_json: str) -> bool:
        return self._inserted(cycle_request_outcome, cycle_request_outcome.c.idempotency_key, idempotency_key=key,
                              request_hash=request_hash, outcome=outcome_json)

    # -- roles ----------------------------------------------------------------------------------
    def grants_of(self, user: str) -> tuple[RoleGrant, ...]:
        rows = self._c.execute(select(role_grant).where(role_grant.c.user_id == user)
                               .order_by(role_grant.c.role, role_grant.c.scope))
        return tuple(grant_from(r) for r in rows)

    def add_grant(self, grant: RoleGrant, granted_by: str, granted_at: str) -> bool:
        return self._inserted(role_grant, role_grant.c.user_id, **grant_values(grant, granted_by, granted_at))

    def grants(self) -> list[RoleGrant]:
        rows = self._c.execute(select(role_grant).order_by(role_grant.c.user_id, role_grant.c.role, role_grant.c.scope))
        return [grant_from(r) for r in rows]

    # -- projects and chains --------------------------------------------------------------------
    def add_project(self, record: ProjectRecord) -> bool:
        if not self._inserted(project, project.c.id, **project_values(record)):
            return False
        self._c.execute(insert(cycle_journal).values(stream=project_stream(record.id), head_seq=0,
                                                     head_hash=GENESIS_HASH))
        return True

    def project(self, project_id: str, *, lock: bool) -> ProjectRecord | None:
        query = select(project).where(project.c.id == project_id)
        if lock:
            # FOR NO KEY UPDATE: every write to the project takes this first, so they run one at a time;
            # rows that reference the project (documents, claims) only need KEY SHARE and do not wait.
            query = query.with_for_update(key_share=True)
        row = self._c.execute(query).first()
        return project_from(row) if row else None

    def projects(self) -> list[ProjectRecord]:
        return [project_from(r) for r in self._c.execute(select(project).order_by(project.c.id))]

    def journal_head(self, stream: str, *, lock: bool) -> tuple[int, str]:
        query = select(cycle_journal.c.head_seq, cycle_journal.c.head_hash).where(cycle_journal.c.stream == stream)
        if lock:
            query = query.with_for_update(key_share=True)
        row = self._c.execute(query).one()
        return int(row.head_seq), row.head_hash

    def append_entry(self, entry: CycleEntry) -> None:
        self._c.execute(insert(cycle_entry).values(stream=entry.stream, seq=entry.seq, prev_hash=entry.prev_hash,
                                                   entry_hash=entry.entry_hash, body=entry.body))
        self._c.execute(update(cycle_journal).where(cycle_journal.c.stream == entry.stream)
                        .values(head_seq=entry.seq, head_hash=entry.entry_hash))

    def entries(self, stream: str) -> list[CycleEntry]:
        rows = self._c.execute(select(cycle_entry).where(cycle_entry.c.stream == stream).order_by(cycle_entry.c.seq))
        return [CycleEntry(r.stream, int(r.seq), r.prev_hash, r.entry_hash, r.body) for r in rows]

    def journal_heads(self) -> dict[str, tuple[int, str]]:
        rows = self._c.execute(select(cycle_journal))
        return {r.stream: (int(r.head_seq), r.head_hash) for r in rows}

    # -- documents ------------------------------------------------------------------------------
    def add_document(self, record: DocumentRecord) -> None:
        self._c.execute(insert(document).values(**document_values(record)))

    def document(self, document_id: str) -> DocumentRecord | None:
        row = self._c.execute(select(document).where(document.c.id == document_id)).first()
        return document_from(row) if row else None

    def documents(self, project_id: str | None = None) -> list[DocumentRecord]:
        query = select(document)
        if project_id is not None:
            query = query.where(document.c.project_id == project_id)
        found = [document_from(r) for r in self._c.execute(query)]
        # Sorted here: SQLite and PostgreSQL put NULL periods at opposite ends.
        return sorted(found, key=lambda d: (d.project_id, d.period_id or "", _FORM_ORDER[d.form], d.version,
                                            d.variant.value))

    # -- claims ---------------------------------------------------------------------------------
    def lock_claims(self, subjects: Iterable[str]) -> list[Claim]:
        wanted = sorted(set(subjects))
        if not wanted:
            return []
        # Sorted, so two reports claiming overlapping sets of subjects lock them in one order (no deadlock).
        self._c.execute(self._dialect.insert(claim_subject).values([{"subject": s} for s in wanted])
                        .on_conflict_do_nothing())
        self._c.execute(select(claim_subject.c.subject).where(claim_subject.c.subject.in_(wanted))
                        .order_by(claim_subject.c.subject).with_for_update())
        rows = self._c.execute(select(claim).where(claim.c.subject.in_(wanted))
                               .order_by(claim.c.subject, claim.c.start_date, claim.c.project_id, claim.c.period_id))
        return [claim_from(r) for r in rows]

    def add_claims(self, claims: Sequence[Claim]) -> None:
        if claims:
            self._c.execute(insert(claim), [claim_values(c) for c in claims])

    def claims(self) -> list[Claim]:
        rows = self._c.execute(select(claim).order_by(claim.c.project_id, claim.c.period_id, claim.c.subject))
        return [claim_from(r) for r in rows]

    # -- period issuance ------------------------------------------------------------------------
    def add_period_issuance(self, record: PeriodIssuance) -> bool:
        return self._inserted(period_issuance, period_issuance.c.project_id, **issuance_values(record))

    def period_issuance(self, project_id: str, period_id: str, *, lock: bool) -> PeriodIssuance | None:
        query = select(period_issuance).where(period_issuance.c.project_id == project_id,
                                              period_issuance.c.period_id == period_id)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return issuance_from(row) if row else None

    def mark_issued(self, project_id: str, period_id: str, issued_at: str, shares: Sequence[IssuedShare]) -> None:
        done = self._c.execute(
            update(period_issuance)
            .where(period_issuance.c.project_id == project_id, period_issuance.c.period_id == period_id,
                   period_issuance.c.issued_at.is_(None))
            .values(issued_at=issued_at, shares=shares_json(list(shares)))
        )
        if done.rowcount != 1:
            raise RuntimeError(f"period {period_id} of {project_id} has no decision awaiting issuance")

    def decision_recorded(self, decision_id: str) -> bool:
        query = select(period_issuance.c.project_id).where(period_issuance.c.decision_id == decision_id)
        return self._c.execute(query.limit(1)).first() is not None

    def period_issuances(self) -> list[PeriodIssuance]:
        rows = self._c.execute(select(period_issuance).order_by(period_issuance.c.project_id,
                                                                period_issuance.c.period_id))
        return [issuance_from(r) for r in rows]
