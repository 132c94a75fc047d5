"""Record sinks: JSON Lines (a file or stdout) or a directory of one ``.json`` per input."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Protocol

from ..model import DocumentRecord, ErrorRecord
from .files import atomic_write, safe_name

AnyRecord = DocumentRecord | ErrorRecord


def dump(record: AnyRecord, indent: int | None = None) -> str:
    return record.model_dump_json(indent=indent, exclude_none=False)


class RecordSink(Protocol):
    def write(self, record: AnyRecord) -> None: ...
    def close(self) -> None: ...


class JsonLinesSink:
    """Appends one record a line. A file is written to ``OUT.partial`` and renamed when the run ends,
    so readers never see a half-written file under the final name."""

    def __init__(self, target: str):
        self.target = target
        if target == "-":
            self.fh: IO[str] = sys.stdout
            self.partial = None
        else:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            self.partial = f"{target}.partial"
            self.fh = open(self.partial, "w", encoding="utf-8")

    def write(self, record: AnyRecord) -> None:
        self.fh.write(dump(record))
        self.fh.write("\n")

    def close(self) -> None:
        if self.partial is None:
            self.fh.flush()
            return
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.partial, self.target)


class DirectorySink:
    """One pretty-printed ``.json`` per input, each written atomically."""

    def __init__(self, target: str):
        self.root = Path(target)
        self.root.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()

    def write(self, record: AnyRecord) -> None:
        name = safe_name(record.source.path)
        if name in self.used:  # two inputs with the same file name in different folders
            name = safe_name(record.source.path + "\0", suffix="") + ".json"
        self.used.add(name)
        atomic_write(self.root / name, dump(record, indent=2).encode("utf-8"))

    def close(self) -> None:
        pass


def open_sink(target: str) -> RecordSink:
    if target == "-" or target.endswith(".jsonl"):
        return JsonLinesSink(target)
    return DirectorySink(target)
