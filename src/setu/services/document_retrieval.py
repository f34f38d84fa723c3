"""Find a filed document version and hand back its bytes, checked, with its confidentiality respected.

A version is named one of three ways: its full id (`IN-JCM-PV-001/MP1/MR/v2/public`); its project,
period and form, with a version number or else the newest, and a variant (public unless asked); or the
SHA-256 of its content. Whoever asks is an `Actor` from their grants (no user: the public). Anyone gets
a public (redacted) version; a confidential one only goes to a role `may_read` names for the project.

The bytes are re-hashed here against the record, whatever the file store already checks, so what is
handed back is exactly what was filed: a file that is gone (`DOCUMENT_FILE_MISSING`) or no longer
hashes to the record (`DOCUMENT_FILE_ALTERED`) is a `DocumentFileProblem`, an integrity failure of the
store rather than a refusal of the request (like `setu verify`'s `CYCLE_MISMATCH`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Protocol

from setu.domain.cycle.documents import DocumentRecord, Variant, document_id, may_read
from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.roles import Actor
from setu.services.cycle_execution import load_actor, refuse
from setu.services.ports import UnitOfWork, UnitOfWorkFactory

SHA256 = re.compile(r"[0-9a-f]{64}")
DOCUMENT_FILE_MISSING = "DOCUMENT_FILE_MISSING"
DOCUMENT_FILE_ALTERED = "DOCUMENT_FILE_ALTERED"


class ReadableFiles(Protocol):
    """What retrieval needs of the file store: the bytes (checked by the store or not), and whether a file is there."""

    def get(self, sha256: str) -> bytes: ...
    def exists(self, sha256: str) -> bool: ...


class DocumentFileProblem(Exception):
    """The record is on file but its bytes are not usable: `code` is DOCUMENT_FILE_MISSING or DOCUMENT_FILE_ALTERED."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ById:
    """A version by its full id."""

    document_id: str


@dataclass(frozen=True, slots=True)
class ByForm:
    """A form of a project (or one of its periods): version `version`, or the newest; the `variant` of it."""

    project_id: str
    period_id: str | None
    form: Form
    version: int | None = None
    variant: Variant = Variant.PUBLIC


@dataclass(frozen=True, slots=True)
class ByHash:
    """Any version whose content has this SHA-256 (64 lowercase hex digits)."""

    sha256: str


DocumentSelector = ById | ByForm | ByHash


@dataclass(frozen=True, slots=True)
class RetrievedDocument:
    record: DocumentRecord
    content: bytes


def find_document(new_uow: UnitOfWorkFactory, user: str | None, selector: DocumentSelector) -> DocumentRecord:
    """The version `selector` names that `user` may read. Refusals are raised as `CycleRejected`:
    FIELD_INVALID (a malformed hash or version), PROJECT_NOT_FOUND, DOCUMENT_MISSING, and
    ROLE_NOT_PERMITTED for a confidential version the user may not see."""
    if isinstance(selector, ByHash) and not SHA256.fullmatch(selector.sha256):
        raise refuse(CycleCode.FIELD_INVALID, f"sha256: {selector.sha256!r} is not 64 lowercase hexadecimal digits")
    if isinstance(selector, ByForm) and selector.version is not None and selector.version < 1:
        raise refuse(CycleCode.FIELD_INVALID, f"version: {selector.version} is not a version number (1, 2, ...)")
    with new_uow(read_only=True) as uow:
        actor = load_actor(uow, user) if user else Actor("", "", ())
        if isinstance(selector, ById):
            record = _readable(actor, user, uow.cycle.document(selector.document_id), selector.document_id)
        elif isinstance(selector, ByForm):
            record = _by_form(uow, actor, user, selector)
        else:
            record = _by_hash(uow, actor, user, selector.sha256)
    return record


def retrieve_document(
    new_uow: UnitOfWorkFactory, files: ReadableFiles, user: str | None, selector: DocumentSelector
) -> RetrievedDocument:
    """`find_document`, then the file's bytes, re-hashed against the record before they are handed back;
    `DocumentFileProblem` if the file is missing, unreadable or altered."""
    record = find_document(new_uow, user, selector)
    return RetrievedDocument(record, read_checked(files, record))


def read_checked(files: ReadableFiles, record: DocumentRecord) -> bytes:
    """The bytes filed for `record`, exactly: same SHA-256, same length."""
    try:
        content = files.get(record.sha256)
    except OSError as exc:  # a directory where the file should be, no permission, ...
        raise DocumentFileProblem(DOCUMENT_FILE_MISSING, f"{record.id}: the stored file {record.sha256} cannot be read:"
                                  f" {exc.strerror or exc}") from None
    except ValueError:  # the store noticed on its own: gone, or no longer hashing to its name
        if not files.exists(record.sha256):
            raise DocumentFileProblem(DOCUMENT_FILE_MISSING,
                                      f"{record.id}: the stored file {record.sha256} is missing") from None
        raise DocumentFileProblem(DOCUMENT_FILE_ALTERED, f"{record.id}: the stored file no longer matches its SHA-256"
                                  f" {record.sha256}") from None
    actual = hashlib.sha256(content).hexdigest()
    if actual != record.sha256 or len(content) != record.size_bytes:
        raise DocumentFileProblem(DOCUMENT_FILE_ALTERED, f"{record.id}: the stored file hashes to {actual}"
                                  f" ({len(content)} bytes), the record says {record.sha256} ({record.size_bytes} bytes)")
    return content


def _readable(actor: Actor, user: str | None, record: DocumentRecord | None, label: str) -> DocumentRecord:
    if record is None:
        raise refuse(CycleCode.DOCUMENT_MISSING, f"document {label} is not on file")
    if not may_read(actor, record):
        public = document_id(record.project_id, record.period_id, record.form, record.version, Variant.PUBLIC)
        who = user or "the public"
        raise refuse(CycleCode.ROLE_NOT_PERMITTED, f"{record.id} is confidential; {who} may read its public version {public}")
    return record


def _by_form(uow: UnitOfWork, actor: Actor, user: str | None, s: ByForm) -> DocumentRecord:
    if uow.cycle.project(s.project_id, lock=False) is None:
        raise refuse(CycleCode.PROJECT_NOT_FOUND, f"project {s.project_id} does not exist")
    same = [d for d in uow.cycle.documents(s.project_id)
            if d.period_id == s.period_id and d.form is s.form and d.variant is s.variant]
    where = f"{s.project_id}/{s.period_id or '-'}/{s.form.number}"
    if not same:
        raise refuse(CycleCode.DOCUMENT_MISSING, f"no {s.variant.value} version of {where} is on file")
    if s.version is None:
        return _readable(actor, user, max(same, key=lambda d: d.version), where)
    chosen = next((d for d in same if d.version == s.version), None)
    label = document_id(s.project_id, s.period_id, s.form, s.version, s.variant)
    return _readable(actor, user, chosen, label)


def _by_hash(uow: UnitOfWork, actor: Actor, user: str | None, sha256: str) -> DocumentRecord:
    """The first version with this content the user may read, public ones first, then by id."""
    found = sorted((d for d in uow.cycle.documents() if d.sha256 == sha256),
                   key=lambda d: (d.variant is not Variant.PUBLIC, d.id))
    if not found:
        raise refuse(CycleCode.DOCUMENT_MISSING, f"no document with SHA-256 {sha256} is on file")
    readable = [d for d in found if may_read(actor, d)]
    if not readable:
        who = user or "the public"
        raise refuse(CycleCode.ROLE_NOT_PERMITTED, f"the document with SHA-256 {sha256} is confidential; {who} may not read it")
    return readable[0]
