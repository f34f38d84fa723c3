"""File a document version, and read one back with its confidentiality respected.

The bytes go to the `DocumentFiles` store (by SHA-256, outside the database) before the row that names
them is written, so a committed row always names a file that is there. Each filing is chained on the
project's stream with the file's hash, so the chain proves which bytes each version had.
"""

from __future__ import annotations

from setu.domain.cycle.chain import project_stream
from setu.domain.cycle.documents import DocumentRecord, Variant, check_upload, document_id, may_read, next_version
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleCode, CycleRejection
from setu.domain.cycle.request_checks import check_upload_request
from setu.domain.cycle.requests import UploadDocument
from setu.domain.journal import format_instant
from setu.services.cycle_execution import append_entry, check, entry_id, load_actor, refuse, run_cycle
from setu.services.ports import DocumentFiles, UnitOfWork, UnitOfWorkFactory


def upload_document(new_uow: UnitOfWorkFactory, files: DocumentFiles, request: UploadDocument) -> CycleOutcome:
    """File the next version of a form (public, or the confidential twin of the newest public version)."""
    return run_cycle(new_uow, request, lambda uow, r: _upload(uow, files, r))


def _upload(uow: UnitOfWork, files: DocumentFiles, request: UploadDocument) -> CycleOutcome:
    check(check_upload_request(request))
    project = uow.cycle.project(request.project_id, lock=True)  # versions are numbered one upload at a time
    if project is None:
        raise refuse(CycleCode.PROJECT_NOT_FOUND, f"project {request.project_id} does not exist")
    actor = load_actor(uow, request.user)
    check(check_upload(actor, project.id, request.form, request.variant))
    same = [d for d in uow.cycle.documents(project.id) if d.period_id == request.period_id and d.form is request.form]
    version = next_version(
        request.variant,
        max((d.version for d in same if d.variant is Variant.PUBLIC), default=None),
        max((d.version for d in same if d.variant is Variant.CONFIDENTIAL), default=None),
    )
    if isinstance(version, CycleRejection):
        raise refuse(version.code, f"form {request.form.number} of {project.id}: {version.message}")
    sha256 = files.put(request.content)
    if sha256 != request.sha256:  # the store hashes what it wrote; anything else is a broken store
        raise RuntimeError(f"document store returned {sha256} for content hashing to {request.sha256}")
    record = DocumentRecord(
        document_id(project.id, request.period_id, request.form, version, request.variant), project.id,
        request.period_id, request.form, version, request.variant, sha256, len(request.content), request.filename,
        request.user, format_instant(uow.now()),
    )
    uow.cycle.add_document(record)
    entry = append_entry(uow, project_stream(project.id), request.idempotency_key, record.to_json())
    return CycleOutcome(request.idempotency_key, entry_id=entry_id(entry), project_id=project.id, document_id=record.id)


def read_document(new_uow: UnitOfWorkFactory, files: DocumentFiles, user: str, document: str) -> tuple[DocumentRecord, bytes]:
    """A document's record and bytes; DOCUMENT_MISSING if unknown, ROLE_NOT_PERMITTED for a confidential
    version the user may not see (raised as `CycleRejected`)."""
    with new_uow(read_only=True) as uow:
        record = uow.cycle.document(document)
        actor = load_actor(uow, user)
    if record is None:
        raise refuse(CycleCode.DOCUMENT_MISSING, f"document {document} is not on file")
    if not may_read(actor, record):
        raise refuse(CycleCode.ROLE_NOT_PERMITTED, f"{document} is confidential; {user} may read its public version")
    return record, files.get(record.sha256)
