"""Documents: files by SHA-256 on disk (never in rows), versions, public and confidential variants, access."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from setu.domain.cycle.documents import Variant
from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode, CycleRejected
from setu.domain.cycle.transitions import Action
from setu.services.documents import read_document
from setu.store.cycle_schema import document
from setu.store.documents import DocumentFileError, FileDocumentStore
from setu.store.schema import metadata
from tests.cycle.world import PV

MARKER = b"%PDF-1.7 confidential tariff: 4.12 INR/kWh; UNIQUE-MARKER-7f3a"


@pytest.fixture
def project(world):  # type: ignore[no-untyped-def]
    world.create()
    return world


def test_a_file_is_stored_by_its_hash_on_disk_and_never_in_a_row(project, files):
    outcome = project.upload("asha", Form.PIN, content=MARKER)
    sha = hashlib.sha256(MARKER).hexdigest()
    path = files.root / sha[:2] / sha
    assert path.read_bytes() == MARKER
    assert [p.name for p in files.root.rglob("*") if p.is_file()] == [sha]  # no temporary file left behind
    with project.uow.engine.connect() as c:
        for table in metadata.sorted_tables:
            for row in c.execute(select(table)):
                assert not any(b"UNIQUE-MARKER" in str(v).encode() for v in row), f"file content in {table.name}"
        stored = c.execute(select(document)).one()
    assert (stored.id, stored.sha256, stored.size_bytes, stored.version) == (outcome.document_id, sha, len(MARKER), 1)
    assert outcome.document_id == f"{PV}/-/3.1/v1/public"


def test_identical_bytes_again_are_a_new_version_of_the_same_file(project, files):
    first = project.upload("asha", Form.PIN, content=MARKER)
    second = project.upload("asha", Form.PIN, content=MARKER)
    assert (first.document_id, second.document_id) == (f"{PV}/-/3.1/v1/public", f"{PV}/-/3.1/v2/public")
    assert len([p for p in files.root.rglob("*") if p.is_file()]) == 1


def test_versions_count_per_period_and_form(project):
    assert project.upload("asha", Form.MONITORING_REPORT, period="MP1").document_id == f"{PV}/MP1/MR/v1/public"
    assert project.upload("asha", Form.MONITORING_REPORT, period="MP2").document_id == f"{PV}/MP2/MR/v1/public"
    assert project.upload("asha", Form.MONITORING_REPORT, period="MP1").document_id == f"{PV}/MP1/MR/v2/public"


def test_a_confidential_version_pairs_with_the_newest_public_one(project):
    refused = project.upload("asha", Form.PDD, variant=Variant.CONFIDENTIAL)
    assert (refused.rejection.code, refused.rejection.message) == (
        CycleCode.DOCUMENT_INVALID, f"form PDD of {PV}: a confidential version needs its public (redacted) version first")
    project.upload("asha", Form.PDD)
    assert project.upload("asha", Form.PDD, variant=Variant.CONFIDENTIAL).document_id == f"{PV}/-/PDD/v1/confidential"
    again = project.upload("asha", Form.PDD, variant=Variant.CONFIDENTIAL)
    assert again.rejection.code is CycleCode.DOCUMENT_INVALID


def test_forms_without_confidential_content_are_public_only(world):
    world.create()
    outcome = world.upload("jc", Form.JC_DECISION, variant=Variant.CONFIDENTIAL)
    assert outcome.rejection.message == "form JC Joint Committee decision has no confidential version"


def test_only_a_role_that_files_the_form_may_upload_it(project):
    outcome = project.upload("tpe", Form.PIN)
    assert outcome.rejection.code is CycleCode.ROLE_NOT_PERMITTED
    assert outcome.rejection.message == "form 3.1 Project Idea Note (PIN) for JCM Project is filed by: project participants' focal point"
    assert project.upload("sec", Form.JC_DECISION).accepted  # the secretariat publishes JC decisions


def test_confidential_versions_are_read_only_by_those_the_rules_name(project, files):
    project.upload("asha", Form.PDD, content=b"redacted")
    secret = project.upload("asha", Form.PDD, variant=Variant.CONFIDENTIAL, content=MARKER).document_id
    assert read_document(project.uow, files, "tpe", secret)[1] == MARKER
    with pytest.raises(CycleRejected, match="ROLE_NOT_PERMITTED"):
        read_document(project.uow, files, "japan", secret)
    assert read_document(project.uow, files, "anyone", f"{PV}/-/PDD/v1/public")[1] == b"redacted"
    with pytest.raises(CycleRejected, match="DOCUMENT_MISSING"):
        read_document(project.uow, files, "tpe", f"{PV}/-/PDD/v9/public")


def test_a_file_altered_on_disk_is_noticed(project, files):
    sha = hashlib.sha256(MARKER).hexdigest()
    project.upload("asha", Form.PIN, content=MARKER)
    (files.root / sha[:2] / sha).write_bytes(b"tampered")
    with pytest.raises(DocumentFileError, match="no longer matches"):
        read_document(project.uow, files, "asha", f"{PV}/-/3.1/v1/public")


def test_the_file_store_refuses_names_that_are_not_hashes(tmp_path):
    store = FileDocumentStore(tmp_path)
    with pytest.raises(ValueError, match="not 64 lowercase hexadecimal"):
        store.get("../../etc/passwd")
    assert store.put(b"x") == store.put(b"x") == hashlib.sha256(b"x").hexdigest()


def test_the_document_directory_defaults_to_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SETU_DOCUMENT_DIR", str(tmp_path / "docs"))
    assert FileDocumentStore().root == tmp_path / "docs"
    monkeypatch.delenv("SETU_DOCUMENT_DIR")
    assert str(FileDocumentStore().root) == "var/documents"


def test_an_action_names_only_documents_of_its_project_and_period(world):
    world.create()
    world.create("IN-JCM-PV-002")
    pin = world.upload("asha", Form.PIN, "IN-JCM-PV-002").document_id
    moc = world.upload("asha", Form.MOC_STATEMENT).document_id
    outcome = world.act("asha", Action.SUBMIT_PIN, docs=(pin, moc))
    assert (outcome.rejection.code, outcome.rejection.message) == (
        CycleCode.DOCUMENT_MISSING, f"document {pin} is not on file for {PV}")
    mine = world.upload("asha", Form.PIN).document_id
    assert world.act("asha", Action.SUBMIT_PIN, docs=(mine, moc)).accepted


def test_an_upload_is_idempotent_and_files_nothing_twice(project):
    first = project.upload("asha", Form.PIN, content=MARKER, key="up-1")
    again = project.upload("asha", Form.PIN, content=MARKER, key="up-1")
    assert again.replayed and again.document_id == first.document_id
    other = project.upload("asha", Form.PIN, content=b"other bytes", key="up-1")
    assert other.rejection.code is CycleCode.DUPLICATE_REQUEST_ID
