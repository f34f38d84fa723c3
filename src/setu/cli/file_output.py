"""Writing a retrieved file where the user asked: to a path, atomically, or to stdout.

A path is written as a temporary file in the same directory, flushed to disk and then put in place in
one step, so a reader (or a crash) never sees half a file. Without `force` it is put in place with a
hard link, which fails if the name was taken in the meantime, so an existing file is never replaced
(file systems without hard links fall back to checking first). Problems name the option and exit 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from pathlib import Path

from setu.cli.arguments import UsageError
from setu.cli.cycle_json import quiet_stdout


def check_target(path: Path, *, force: bool, option: str = "--out") -> None:
    """Refuse, before anything is read, a path that cannot be written: a directory, a missing directory,
    or an existing file without `force`."""
    if path.is_dir():
        raise UsageError(f"{option}: {path} is a directory; name the file to write")
    if not path.parent.is_dir():
        raise UsageError(f"{option}: directory {path.parent} does not exist")
    if not force and (path.exists() or path.is_symlink()):
        raise UsageError(f"{option}: {path} exists; give --force to replace it")


def write_atomically(path: Path, content: bytes, *, force: bool, private: bool, option: str = "--out") -> None:
    """Write `content` to `path` in one step; `private` makes it readable by its owner only."""
    check_target(path, force=force, option=option)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise UsageError(f"{option}: cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        try:
            with os.fdopen(handle, "wb") as stream:
                if not private:
                    os.fchmod(stream.fileno(), 0o666 & ~_umask())
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            _put_in_place(Path(temporary), path, force=force, option=option)
        except OSError as exc:
            raise UsageError(f"{option}: cannot write {path}: {exc.strerror or exc}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    _sync_directory(path.parent)


def write_stdout(content: bytes) -> None:
    """The bytes on stdout, as they are; a reader that went away (`| head`) ends the command quietly."""
    try:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
        raise SystemExit(1) from None


def _put_in_place(temporary: Path, path: Path, *, force: bool, option: str) -> None:
    if force:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # fails if the name exists: never replaces a file
    except FileExistsError:
        raise UsageError(f"{option}: {path} exists; give --force to replace it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if path.exists() or path.is_symlink():  # no hard links here: check, then rename
            raise UsageError(f"{option}: {path} exists; give --force to replace it") from None
        os.replace(temporary, path)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _sync_directory(directory: Path) -> None:
    """Make the new name durable (POSIX); platforms that cannot open a directory skip it."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
