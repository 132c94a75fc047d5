"""Batch runs: find the inputs, extract each (in parallel with jobs > 1), write every record.

Every input yields exactly one record: a DocumentRecord or an ErrorRecord. The runner never
prints; it reports progress through a callback and returns a ``Report`` that the CLI turns into a
summary and an exit code.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import inputs as virtual_inputs
from .errors import ExtractorError, ReadError
from .model import DocumentRecord, ErrorRecord
from .options import DEFAULT_OPTIONS, Options
from .pipeline import MARKDOWN_SUFFIXES, error_record, extract_bytes, extract_or_error
from .readers.html import HTML_SUFFIXES
from .writers.records import RecordSink

INPUT_SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES
STDIN = "-"


@dataclass
class Report:
    documents: int = 0
    errors: int = 0
    procedures: int = 0
    steps: int = 0
    boilerplate: int = 0
    seconds: float = 0.0
    error_paths: list[str] = field(default_factory=list)

    def add(self, record: DocumentRecord | ErrorRecord) -> None:
        if isinstance(record, ErrorRecord):
            self.errors += 1
            if len(self.error_paths) < 20:
                self.error_paths.append(f"{record.source.path}: {record.error.stage}: {record.error.reason}")
            return
        self.documents += 1
        self.procedures += len(record.procedures)
        self.steps += sum(len(p.steps) for p in record.procedures)
        self.boilerplate += len(record.boilerplate)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def find_inputs(paths: Iterable[str], suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> Iterator[str]:
    """Files as given; directories walked recursively (sorted, symlink loops skipped) for known suffixes.

    A path that does not exist is still yielded, so that it becomes an error record.
    """
    for path in paths:
        if virtual_inputs.is_virtual(path):  # URLs and WARC files (one id per record): extractor/inputs.py
            yield from virtual_inputs.expand(path)
            continue
        if path == STDIN or not os.path.isdir(path):
            yield path
            continue
        seen: set[tuple[int, int]] = set()
        for root, dirs, files in os.walk(path, followlinks=True, onerror=None):
            try:
                st = os.stat(root)
            except OSError:
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(suffixes) and not name.startswith("."):
                    yield os.path.join(root, name)


def extract_stdin(options: Options) -> DocumentRecord | ErrorRecord:
    try:
        return extract_bytes(sys.stdin.buffer.read(), STDIN, options=options)
    except ExtractorError as exc:
        return error_record(STDIN, exc)


def _extract_one(path: str, options: Options) -> DocumentRecord | ErrorRecord:
    if path == STDIN:
        return extract_stdin(options)
    if virtual_inputs.is_virtual(path):
        return virtual_inputs.extract(path, options)
    if not os.path.exists(path):
        return error_record(path, ReadError("no such file or directory"))
    return extract_or_error(path, options=options)


def _extract_chunk(paths: list[str], options: Options) -> list[DocumentRecord | ErrorRecord]:
    return [_extract_one(path, options) for path in paths]


def run(paths: Iterable[str], sink: RecordSink, *, jobs: int = 1, options: Options = DEFAULT_OPTIONS,
        progress: Callable[[DocumentRecord | ErrorRecord], None] | None = None, chunk_size: int = 16) -> Report:
    """Extract every input and write its record to ``sink``, in input order."""
    report = Report()
    started = time.perf_counter()
    inputs = find_inputs(paths)
    try:
        for record in _records(inputs, jobs, options, chunk_size):
            sink.write(record)
            report.add(record)
            if progress:
                progress(record)
    finally:
        sink.close()
    report.seconds = time.perf_counter() - started
    return report


def _records(inputs: Iterator[str], jobs: int, options: Options, chunk_size: int):
    if jobs <= 1:
        for path in inputs:
            yield _extract_one(path, options)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = []
        chunk: list[str] = []
        for path in inputs:
            chunk.append(path)
            if len(chunk) == chunk_size:
                pending.append(pool.submit(_extract_chunk, chunk, options))
                chunk = []
                # bounded look-ahead keeps memory flat on huge batches
                while len(pending) > jobs * 4:
                    yield from pending.pop(0).result()
        if chunk:
            pending.append(pool.submit(_extract_chunk, chunk, options))
        for future in pending:
            yield from future.result()
