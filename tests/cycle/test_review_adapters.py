"""Review of the cycle's adapters and services: defects found, each pinned by a test.

- `verify_cycle` crashed (JSONDecodeError, KeyError, TypeError) on a chain entry edited into something
  that is not an event, instead of naming it;
- `verify_cycle` never looked at the document files, so a file deleted or altered on disk passed;
- DECIDE_ISSUANCE accepted an allocation form naming a closed account: the decision is final, so the
  period could never be issued (every ISSUE refused with ACCOUNT_CLOSED);
- `verify_cycle` did not check the idempotency records against the chains (as the ledger's half does), so
  a deleted outcome, which lets a retry run its request again, passed;
- the file store trusted any file already at a hash's path, so re-uploading the right bytes over an
  altered file left the new row naming a file that does not match it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.requests import IssuanceDecision, vintage_amounts
from setu.domain.cycle.transitions import Action
from setu.services import documents
from setu.services.cycle_verification import verify_cycle
from setu.store.documents import DocumentFileError, FileDocumentStore
from tests.cycle.world import PV, World, allocation

CYCLE_APPEND_ONLY = ("cycle_entry", "role_grant", "project", "document", "claim_subject", "claim",
                     "cycle_request_outcome")


def _tamper(world: World, *statements: str) -> None:
    """Bypass the append-only triggers, as someone with database rights would."""
    engine = world.uow.engine  # type: ignore[attr-defined]
    with engine.begin() as c:
        if engine.dialect.name == "postgresql":
            c.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            for table in CYCLE_APPEND_ONLY:
                for op in ("update", "delete"):
                    c.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{op}"))
        for statement in statements:
            c.exec_driver_sql(statement)


@pytest.fixture
def reported(world: World) -> World:
    """A project whose first period's monitoring report (with its claim) is on file."""
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided()
    assert verify_cycle(world.uow).ok
    return world


def _seq_of(world: World, action: str) -> int:
    with world.uow(read_only=True) as uow:
        entries = uow.cycle.entries(f"project:{PV}")
    return next(e.seq for e in entries if e.event.get("action") == action)


@pytest.mark.parametrize("body", ["not json", "[]", "{}", '{"event": "edited"}', '{"event": {"kind": "action",'
                                  ' "action": "SUBMIT_MONITORING_REPORT", "period_id": "MP1", "details": null}}'])
def test_verify_names_an_entry_edited_into_no_event_instead_of_crashing(reported, body):
    seq = _seq_of(reported, "SUBMIT_MONITORING_REPORT")
    _tamper(reported, f"UPDATE cycle_entry SET body = '{body}' WHERE stream = 'project:{PV}' AND seq = {seq}")
    problems = verify_cycle(reported.uow).problems
    assert f"project:{PV}#{seq}: body does not match its hash" in problems
    assert any(p.startswith("claim stored but not in the chains") for p in problems), problems


def test_verify_with_the_file_store_finds_document_files_gone_or_altered(reported):
    world = reported
    assert verify_cycle(world.uow, world.files).ok
    with world.uow(read_only=True) as uow:
        records = uow.cycle.documents(PV)
    altered, gone = records[0], next(r for r in records if r.sha256 != records[0].sha256)
    store = world.files
    assert isinstance(store, FileDocumentStore)
    store.path(altered.sha256).write_bytes(b"edited on disk")
    store.path(gone.sha256).unlink()
    problems = verify_cycle(world.uow, world.files).problems
    assert len(problems) == 2, problems
    assert any(altered.id in p and "no longer matches" in p for p in problems), problems
    assert any(gone.id in p and "missing" in p for p in problems), problems
    assert verify_cycle(world.uow).ok  # without the store, only the database is checked


def test_a_decision_naming_a_closed_account_is_refused_not_left_unissuable(world):
    world.ledger.run("open IND01 entity-holding S2\nclose S2")
    closed = world.ledger.account("S2")
    world.create()
    world.walk_to_implemented()
    with pytest.raises(AssertionError, match="ALLOCATION_INVALID.*is closed"):
        world.walk_to_decided(form=allocation(pp_account=closed))
    # The refusal left the period ISSUANCE_REQUESTED: the JC decides again on a usable form and it issues.
    world.ok("jc", Action.DECIDE_ISSUANCE, PV, "MP1",
             details=IssuanceDecision("JC-IN-2028-001", vintage_amounts({2027: 10_007}), allocation()))
    assert world.ok("rm", Action.ISSUE, PV, "MP1").issued


def test_a_suspended_account_may_be_named_as_it_can_be_reinstated_before_issue(world):
    world.ledger.run("open IND01 entity-holding S2\nsuspend S2")
    account = world.ledger.account("S2")
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(form=allocation(pp_account=account))
    refused = world.act("rm", Action.ISSUE, PV, "MP1")
    assert refused.rejection is not None and refused.rejection.code is CycleCode.ISSUANCE_REFUSED
    world.ledger.line("reinstate S2")
    assert world.ok("rm", Action.ISSUE, PV, "MP1").issued


def test_storing_the_right_bytes_again_repairs_a_file_altered_on_disk(tmp_path):
    store = FileDocumentStore(tmp_path)
    content = b"monitoring report, final"
    sha = store.put(content)
    store.path(sha).write_bytes(b"monitoring report, fin")  # cut short
    with pytest.raises(DocumentFileError):
        store.get(sha)
    assert store.put(content) == sha
    assert store.get(sha) == content
    assert not [p for p in store.path(sha).parent.iterdir() if p.name.startswith(".incoming-")]


def test_an_upload_over_an_altered_file_leaves_a_row_whose_file_matches(world):
    world.create()
    content = b"the PIN, as filed"
    first = world.upload("asha", Form.PIN, content=content)
    with world.uow(read_only=True) as uow:
        record = uow.cycle.document(first.document_id or "")
    assert record is not None
    world.files.path(record.sha256).write_bytes(b"tampered")  # type: ignore[attr-defined]
    again = world.upload("asha", Form.PIN, content=content)
    assert again.accepted
    _record, got = documents.read_document(world.uow, world.files, "asha", again.document_id or "")
    assert got == content
    assert verify_cycle(world.uow, world.files).ok


def test_verify_finds_a_deleted_or_altered_outcome_that_would_let_a_retry_run_again(reported):
    world = reported
    seq = _seq_of(world, "DECIDE_ISSUANCE")
    with world.uow(read_only=True) as uow:
        key = next(e for e in uow.cycle.entries(f"project:{PV}") if e.seq == seq).envelope["idempotency_key"]
    _tamper(world, f"DELETE FROM cycle_request_outcome WHERE idempotency_key = '{key}'")
    problems = verify_cycle(world.uow).problems
    assert problems == [f"project:{PV}#{seq}: the stored outcome for idempotency key {key!r} is missing or names"
                        " another entry; a retry would run the request again"]
