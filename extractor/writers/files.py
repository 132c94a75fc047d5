"""Atomic file writing and safe output names.

Output names come from input paths (and later URLs), so they are sanitised and can never leave
the output directory: no separators, no ``.``/``..``, no leading dot, no control characters, no
names Windows reserves (``CON``, ``aux.txt`` ...), and at most ``MAX_NAME_BYTES`` bytes of UTF-8
so that every file system accepts them. Every write goes to a temporary file in the same directory
first, is fsync'ed, and is renamed into place, so a crash never leaves a half-written record under
its final name (at worst a ``.tmp-*`` file, which readers ignore).
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\-]+")
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
             *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_NAME_BYTES = 150  # leaves room for the hash and suffix under the usual 255-byte limit
TEMP_PREFIX = ".tmp-"


class UnsafeName(ValueError):
    """A name that would leave its directory (a bug in the caller: names come from ``safe_name``)."""


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    With ``durable`` the file is fsync'ed before the rename and the directory after it, so the
    record survives a power cut once this returns; without it, it survives a killed process only.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        # mkstemp makes the file 0600; the finished file gets the mode a plain open() would give
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        fsync_directory(path.parent)


def current_umask() -> int:
    """The process umask (read once: setting it back at once is the only way to read it)."""
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


def fsync_directory(directory: str | os.PathLike) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def safe_name(source: str, suffix: str = ".json") -> str:
    """A file name for the record of ``source``: no directories, no reserved names, bounded length.

    Two different sources never share a name: a short hash of the full source is appended when
    the readable part had to be changed or shortened.
    """
    base = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or "input"
    clean = _UNSAFE.sub("_", base).strip("._ ") or "input"
    stem = clean.split(".", 1)[0].lower()
    changed = clean != base or stem in _RESERVED or len(clean.encode("utf-8")) > MAX_NAME_BYTES
    if stem in _RESERVED:  # Windows reserves "CON" and "con.anything" alike
        clean = f"_{clean}"
    if changed:
        digest = hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        clean = f"{_truncate_utf8(clean, MAX_NAME_BYTES)}-{digest}"
    return clean + suffix


def safe_join(root: Path, name: str) -> Path:
    """``root / name``, refusing any name that is not a plain file name inside ``root``."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or os.path.isabs(name):
        raise UnsafeName(f"refusing output name {name!r}")
    return Path(root) / name


def _truncate_utf8(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")
