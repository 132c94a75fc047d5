"""Atomic file writing and safe output names.

Output names come from input paths (and later URLs), so they are sanitised and can never leave
the output directory. Every write goes to a temporary file in the same directory first and is
renamed into place, so a crash never leaves a half-written record.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\-]+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME = 150


def atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def safe_name(source: str, suffix: str = ".json") -> str:
    """A file name for the record of ``source``: no directories, no reserved names, bounded length.

    Two different sources never share a name: a short hash of the full source is appended when
    the readable part had to be changed or shortened.
    """
    base = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or "input"
    clean = _UNSAFE.sub("_", base).strip("._") or "input"
    stem = clean.split(".", 1)[0].lower()
    changed = clean != base or stem in _RESERVED or len(clean) > MAX_NAME
    if changed:
        digest = hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        clean = f"{clean[:MAX_NAME]}-{digest}"
    return clean + suffix
