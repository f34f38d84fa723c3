"""Write a workbook whole or not at all: to a temporary file beside the target, then renamed over it.

The monitoring report and the AEF export share this: a failure never leaves a half-written workbook and
never destroys an earlier one. Every problem with the place is a `ValueError` naming `what` and the path.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError


def write_whole(path: Path, write: Callable[[Path], None], *, what: str) -> None:
    """Call `write(temporary)` and rename the temporary file to `path` once it has succeeded."""
    if not path.parent.is_dir():
        raise ValueError(f"{what}: {path.parent} is not a directory")
    if path.is_dir():
        raise ValueError(f"{what}: {path} is a directory")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would make a report its owner's alone
        os.replace(temporary, path)
    except (OSError, FileCreateError) as error:
        raise ValueError(f"{what}: cannot write {path}: {error}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
