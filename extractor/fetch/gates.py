"""Per-host politeness gates: at most ``per_host`` requests in flight, starts ``delay`` seconds apart.

``HostGate`` keeps its state in memory, for the threads of one process (``extractor fetch``).
``SharedHostGate`` keeps it in small lock files, so every process that names the same directory
shares one limit: ``extractor extract URL... -j 4`` runs four workers that each fetch, and a host
still sees one request start per ``delay``. It needs ``fcntl`` (POSIX); elsewhere ``make_gate``
falls back to the in-memory gate.

The lock files sit in a predictable place (``inputs.default_gate_dir``), so on a shared machine
another user may try to plant a directory or symbolic links there first: ``private_directory``
creates each directory 0700 and refuses one that is a symbolic link, belongs to someone else or is
open to others, and every file is opened with ``O_NOFOLLOW``.
"""
from __future__ import annotations

import hashlib
import os
import stat
import struct
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import UnsafePath

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

SLOT_POLL = 0.01  # seconds between tries for a free slot of a busy host
_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def private_directory(path: str | os.PathLike, levels: int = 1) -> Path:
    """``path`` as a directory only this user can enter: the last ``levels`` components are created
    0700 when missing, and each must be a real directory (not a symbolic link) owned by this user
    and closed to others (one of ours that is too open is closed). Raises UnsafePath otherwise."""
    path = Path(path)
    chain = [path, *path.parents][:levels][::-1]
    if levels and not chain[0].parent.exists():
        chain[0].parent.mkdir(parents=True, exist_ok=True)
    for folder in chain:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        st = os.lstat(folder)
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
            raise UnsafePath(f"refusing {folder}: it is a symbolic link or not a directory")
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise UnsafePath(f"refusing {folder}: it belongs to user {st.st_uid}, not to you "
                             "(someone may have created it to hijack extractor's files; remove it)")
        if st.st_mode & 0o077:
            os.chmod(folder, 0o700)
    return path


class HostGate:
    def __init__(self, per_host: int, delay: float):
        self.slots = threading.Semaphore(max(1, per_host))
        self.lock = threading.Lock()
        self.delay = delay
        self.next_start = 0.0

    @contextmanager
    def turn(self):
        with self.slots:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield

    def pause(self, seconds: float) -> None:
        """Nobody starts a request to this host for ``seconds`` (a 429 or 503 speaks for the host)."""
        with self.lock:
            self.next_start = max(self.next_start, time.monotonic() + seconds)

    def slow_down(self, delay: float) -> None:
        with self.lock:
            self.delay = max(self.delay, delay)


class SharedHostGate:
    """The same promise across processes. ``HOST.next`` holds the earliest next start (wall-clock
    seconds, read and written under an exclusive lock); ``HOST.slotN`` are the in-flight slots,
    each held by an exclusive lock for the length of a request."""

    def __init__(self, directory: str | os.PathLike, host: str, per_host: int, delay: float):
        root = private_directory(directory, levels=2)  # .../extractor-UID/hosts
        key = hashlib.sha256(host.encode("utf-8")).hexdigest()[:24]
        self.next_path = root / f"{key}.next"
        self.slot_paths = [root / f"{key}.slot{n}" for n in range(max(1, per_host))]
        self.delay = delay

    @contextmanager
    def turn(self):
        slot = self._take_slot()
        try:
            now = time.time()
            start = self._update(lambda next_start: max(now, next_start), advance=True)
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            os.close(slot)  # closing the descriptor releases its lock

    def pause(self, seconds: float) -> None:
        until = time.time() + seconds
        self._update(lambda next_start: max(next_start, until), advance=False)

    def slow_down(self, delay: float) -> None:
        self.delay = max(self.delay, delay)

    def _take_slot(self) -> int:
        while True:
            for path in self.slot_paths:
                fd = os.open(path, _OPEN_FLAGS, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except BlockingIOError:
                    os.close(fd)
            time.sleep(SLOT_POLL)

    def _update(self, choose, advance: bool) -> float:
        """Under the lock: read the next start, pick a value with ``choose``, store it (+ delay if
        ``advance``, claiming that start for the caller). Returns the chosen value."""
        fd = os.open(self.next_path, _OPEN_FLAGS, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, 8, 0)
            next_start = struct.unpack("<d", raw)[0] if len(raw) == 8 else 0.0
            chosen = choose(next_start)
            os.pwrite(fd, struct.pack("<d", chosen + (self.delay if advance else 0.0)), 0)
            return chosen
        finally:
            os.close(fd)


def make_gate(host: str, per_host: int, delay: float, shared_dir: str | None) -> HostGate | SharedHostGate:
    if shared_dir and fcntl is not None:
        return SharedHostGate(shared_dir, host, per_host, delay)
    return HostGate(per_host, delay)
