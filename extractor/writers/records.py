"""Record sinks: JSON Lines (a file or stdout) or a directory of one ``.json`` per input.

Sinks take records already serialised, as UTF-8 bytes (``write_bytes``), because in a parallel run the
workers serialise them; ``write(record)`` serialises one for callers holding a model. Each write returns
where the record went (``Written``) so the run state can find it again after a crash.

JSON Lines files are appended to in place: a line is durable once ``sync()`` returns, and
``start_at`` cuts off whatever a killed run wrote after its last committed line (see
``extractor.runstate`` for the protocol). During a run the file grows; readers that need a finished
file wait for the command to end.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from ..model import DocumentRecord, ErrorRecord
from .files import atomic_write, safe_join, safe_name

AnyRecord = DocumentRecord | ErrorRecord


def dump(record: AnyRecord, indent: int | None = None) -> str:
    return record.model_dump_json(indent=indent, exclude_none=False)


def dump_bytes(record: AnyRecord, indent: int | None = None) -> bytes:
    """``dump`` as the UTF-8 bytes pydantic makes (``model_dump_json`` is these bytes decoded)."""
    return record.__pydantic_serializer__.to_json(record, indent=indent, exclude_none=False)


@dataclass(frozen=True)
class Written:
    """Where a record went: a byte range of a JSON Lines file, or a file name in a directory."""

    offset: int | None = None
    length: int | None = None
    name: str | None = None


class RecordSink(Protocol):
    indent: int | None

    def write(self, record: AnyRecord) -> Written: ...
    def write_bytes(self, path: str, data: bytes) -> Written: ...
    def sync(self) -> int: ...
    def close(self) -> None: ...


class _Sink:
    indent: int | None = None

    def write(self, record: AnyRecord) -> Written:
        return self.write_bytes(record.source.path, dump_bytes(record, self.indent))


class JsonLinesSink(_Sink):
    """One record a line, appended to ``target`` (a path, or ``-`` for stdout)."""

    def __init__(self, target: str, start_at: int = 0):
        self.target = target
        if target == "-":
            self.fh = sys.stdout.buffer
            self.size = 0
            return
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        # Unbuffered: each line reaches the file (the OS) as it is written, so a killed run leaves
        # whole lines behind plus at most one torn line, all past ``committed_size`` and cut on restart.
        self.fh = open(target, "r+b" if os.path.exists(target) else "w+b", buffering=0)
        self.fh.truncate(start_at)
        self.fh.seek(start_at)
        self.size = start_at

    def write_bytes(self, path: str, data: bytes) -> Written:
        line = data + b"\n"
        self.fh.write(line)
        written = Written(offset=self.size, length=len(line))
        self.size += len(line)
        return written

    def sync(self) -> int:
        """Flush (and for a file, fsync) everything written; return the file's length."""
        self.fh.flush()
        if self.target != "-":
            os.fsync(self.fh.fileno())
        return self.size

    def close(self) -> None:
        self.sync()
        if self.target != "-":
            self.fh.close()


class DirectorySink(_Sink):
    """One pretty-printed ``.json`` per input, each written atomically.

    ``owner_of(name)`` says which input already has a file name (the run state answers it across
    runs); without it the sink remembers the names it gave in this run. Each file is renamed into
    place whole; with ``durable``, ``sync()`` flushes them all to disk at once (one ``os.sync`` per
    commit of the run state is far cheaper than an fsync per file and directory).
    """

    indent = 2

    def __init__(self, target: str, owner_of: Callable[[str], str | None] | None = None, durable: bool = True,
                 suffix: str = ".json"):
        self.root = Path(target)
        self.suffix = suffix
        self.root.mkdir(parents=True, exist_ok=True)
        self.durable = durable
        self.dirty = False
        self._names: dict[str, str] | None = None if owner_of else {}
        self.owner_of = owner_of or self._names.get

    def name_for(self, path: str) -> str:
        name = safe_name(path, self.suffix)
        if self.owner_of(name) not in (None, path):  # same file name in two folders
            name = safe_name(path + "\0", suffix="") + self.suffix
        return name

    def write_bytes(self, path: str, data: bytes) -> Written:
        name = self.name_for(path)
        if self._names is not None:
            self._names[name] = path
        atomic_write(safe_join(self.root, name), data, durable=False)
        self.dirty = True
        return Written(name=name)

    def sync(self) -> int:
        if self.durable and self.dirty:
            os.sync()
        self.dirty = False
        return 0

    def close(self) -> None:
        pass


class JsonArraySink(_Sink):
    """All records as one JSON document, an array, written atomically when the sink is closed.

    For ``-o result.json``: a file a JSON tool reads in one go. Records are held in memory until
    the end and a killed run leaves nothing behind (no resume); JSON Lines is the format for big runs.
    """

    indent = 2

    def __init__(self, target: str):
        self.target = target
        self.texts: list[bytes] = []

    def write_bytes(self, path: str, data: bytes) -> Written:
        self.texts.append(data)
        return Written()

    def sync(self) -> int:
        return 0

    def close(self) -> None:
        body = b",\n".join(self.texts)
        atomic_write(Path(self.target), b"[\n" + body + b"\n]\n" if self.texts else b"[]\n")


def open_sink(target: str) -> RecordSink:
    if target == "-" or target.endswith(".jsonl"):
        return JsonLinesSink(target)
    return DirectorySink(target)
