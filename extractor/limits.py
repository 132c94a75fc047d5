"""Per-document limits: wall-clock time and memory.

A document over its limit becomes an ``ErrorRecord`` with stage ``limits`` and the batch goes on.

- **Time** is enforced twice. Inside the process that extracts, ``deadline()`` arms a
  ``SIGALRM`` interval timer that raises ``DocumentTimeout`` in the middle of whatever Python code
  is running. ``DocumentTimeout`` derives from ``BaseException`` on purpose: stages that catch
  ``Exception`` (YAML, TOML, a defensive stage) must not swallow it. Python itself swallows it when
  the signal lands in a garbage-collector callback, a weakref callback or a ``__del__`` (it only
  prints "Exception ignored in ..."), so once the limit is reached the timer keeps firing every
  ``RETRY_INTERVAL`` seconds until the exception gets through. Code stuck inside one long C
  call never sees the signal, so worker pools (``extractor.workers``) also kill a worker whose
  document runs ``HARD_KILL_GRACE`` seconds past its limit.
- **Memory** is enforced with ``RLIMIT_AS`` in worker processes (``apply_memory_limit``): an
  allocation over the limit raises ``MemoryError``, which becomes the error record. The limit covers
  the worker's whole address space (the interpreter and its libraries take some tens of MB of it),
  so it is only applied in worker processes, never to the process that writes the output.

Overhead: arming and disarming the timer is two ``setitimer`` calls per document, a few
microseconds (see ``benchmarks/parallel_bench.py``).
"""
from __future__ import annotations

import gc
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, TypeVar

from .errors import LimitExceeded

T = TypeVar("T")
HARD_KILL_GRACE = 5.0  # seconds past the soft limit before a worker pool kills the process
RETRY_INTERVAL = 0.2  # seconds between alarms once the limit is reached (one may land where Python ignores it)


@dataclass(frozen=True)
class Limits:
    timeout: float = 60.0  # seconds per document; 0 = none
    max_memory: int = 0  # bytes of address space per worker process; 0 = none

    @property
    def hard_timeout(self) -> float | None:
        return self.timeout + HARD_KILL_GRACE if self.timeout > 0 else None


class DocumentTimeout(BaseException):
    """Raised by the SIGALRM handler; a BaseException so that ``except Exception`` cannot swallow it."""


def _on_alarm(signum, frame):
    raise DocumentTimeout()


def can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float):
    """Raise ``DocumentTimeout`` in this (main) thread after ``seconds``; a no-op for 0 or off the main thread."""
    if seconds <= 0 or not can_use_alarm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_INTERVAL)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def within_limits(work: Callable[[], T], limits: Limits) -> T:
    """Run ``work()``; raise ``LimitExceeded`` (stage ``limits``) when it runs out of time or memory."""
    try:
        with deadline(limits.timeout):
            return work()
    except DocumentTimeout:
        raise LimitExceeded(f"took longer than the {limits.timeout:g} s limit (--timeout)") from None
    except MemoryError:
        gc.collect()
        raise LimitExceeded(f"needed more than the {format_bytes(limits.max_memory)} memory limit (--max-memory)") from None


def apply_memory_limit(max_memory: int) -> None:
    """Cap this process's address space (call it in worker processes only)."""
    if max_memory <= 0:
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_memory = min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, hard))


def parse_size(text: str) -> int:
    """'512M', '2G', '1500000' -> bytes. Raises ValueError for anything else."""
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    value = float(number)
    if value < 0:
        raise ValueError("size must not be negative")
    return int(value * factor)


def format_bytes(n: int) -> str:
    if n <= 0:
        return "unlimited"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"
