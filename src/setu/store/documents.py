"""Files by content hash, on disk: `<root>/<sha[:2]>/<sha>`, never in a database row.

A file is written to a temporary name in its final directory, flushed to disk, then renamed into place,
so a reader sees either nothing or the whole file. The name is the content's SHA-256, so storing the
same bytes again changes nothing (a file already there is re-hashed first; one altered on disk is
replaced by the bytes being stored), and reading re-hashes the bytes so a file altered on disk is noticed.
The root is `SETU_DOCUMENT_DIR`, else `var/documents`.

The database transaction that records a document commits after the file is in place; if it rolls back,
the file stays as an unreferenced blob, harmless because it is named by its content (a later upload of
the same bytes reuses it).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

DEFAULT_DOCUMENT_DIR = "var/documents"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class DocumentFileError(ValueError):
    """A stored file is missing or its bytes no longer match its name."""


def document_dir(explicit: str | Path | None = None) -> Path:
    """The root to use: an explicit one, else `SETU_DOCUMENT_DIR`, else `var/documents`."""
    return Path(explicit or os.environ.get("SETU_DOCUMENT_DIR") or DEFAULT_DOCUMENT_DIR)


class FileDocumentStore:
    """The `DocumentFiles` port on a directory."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = document_dir(root)

    def path(self, sha256: str) -> Path:
        """Where the file named `sha256` lives; a name that is not 64 lowercase hex digits is refused."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ValueError(f"sha256: {sha256!r} is not 64 lowercase hexadecimal digits")
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        """Store `content` under its SHA-256 (a no-op when already stored) and return the hash."""
        sha256 = hashlib.sha256(content).hexdigest()
        target = self.path(sha256)
        if self._intact(target, sha256):
            return sha256
        # Absent, or there but altered or cut short (a new row must never name a bad file): write it whole.
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            _sync_directory(target.parent.parent)  # make the new subdirectory's own entry durable too
        handle, temporary = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)  # atomic; a concurrent writer of the same bytes wrote the same file
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_directory(target.parent)
        return sha256

    @staticmethod
    def _intact(target: Path, sha256: str) -> bool:
        """True when `target` is a file whose bytes hash to `sha256`."""
        try:
            digest = hashlib.sha256()
            with target.open("rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return False
        return digest.hexdigest() == sha256

    def get(self, sha256: str) -> bytes:
        """The bytes stored under `sha256`, checked against it."""
        target = self.path(sha256)
        try:
            content = target.read_bytes()
        except FileNotFoundError:
            raise DocumentFileError(f"document file {sha256} is missing from {self.root}") from None
        if hashlib.sha256(content).hexdigest() != sha256:
            raise DocumentFileError(f"document file {target} no longer matches its SHA-256")
        return content

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); platforms that cannot open a directory skip it."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
