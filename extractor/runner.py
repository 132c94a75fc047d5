"""Batch runs: find the inputs, extract each (in worker processes with jobs > 1), write every record.

    find_inputs -> plan tasks (skip what the run state says is unchanged) -> executor
      -> put results back in input order (unless unordered) -> sink + run state

Every input yields exactly one record: a DocumentRecord or an ErrorRecord. Two functions are the
seams for other kinds of input (URLs, records inside a WARC): ``find_inputs`` says what the inputs
are, ``read_input`` turns one into bytes. ``extract_task`` extracts one input and is what every
executor runs: inline (``inline_executor``), in worker processes (``process_executor``), or on a
Dask cluster (``extractor.distributed``). Workers return records already serialised, so the parent
only writes text and keeps its memory flat however many inputs there are.

The runner never prints; it reports progress through a callback and returns a ``Report`` that the
CLI turns into a summary and an exit code. Worker processes start from a ``forkserver``, so a script
calling ``run(..., jobs=2)`` needs the usual ``if __name__ == "__main__":`` guard.
"""
from __future__ import annotations

import gc
import hashlib
import os
import stat
import sys
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Callable, Iterable, Iterator

from . import __version__
from . import inputs as virtual_inputs
from .errors import ExtractorError, LimitExceeded, ReadError
from .limits import Limits, apply_memory_limit, within_limits
from .model import SCHEMA_VERSION, DocumentRecord, ErrorRecord, Record
from .options import DEFAULT_OPTIONS, Options
from .paths import display_path  # noqa: F401  (re-exported: the path records show)
from .pipeline import FORMAT_SUFFIXES, MARKDOWN_SUFFIXES, error_record, extract_bytes
from .rules import code_digest
from .runstate import RunState
from .writers.formats import OUTPUT_FORMATS
from .writers.records import RecordSink, Written

INPUT_SUFFIXES = FORMAT_SUFFIXES + virtual_inputs.WARC_SUFFIXES
STDIN = "-"
# Error stages worth another try on a re-run: the cause may be gone (a file unreadable then, a
# machine too busy for the time limit). Errors from later stages come back the same and are kept.
RETRY_STAGES = frozenset({"read", "limits"})
COMMIT_EVERY = 64  # results between two commits of the run state (each costs two fsyncs)
COMMIT_SECONDS = 2.0
GC_YOUNG_THRESHOLD = 5_000  # allocations between two young collections in a batch loop (Python: 700)


@dataclass(frozen=True)
class Task:
    """One input to extract: its place in the run, its path, and what the run state knows."""

    seq: int
    path: str
    known_sha256: str | None = None  # skip the input when its content still hashes to this
    data: bytes | None = None  # stdin, read by the parent
    location: str | None = None  # where to read it when not at ``path`` (e.g. absolute, for a cluster)


@dataclass(frozen=True)
class Job:
    """Everything a worker needs besides the task (sent to each worker once)."""

    options: Options = DEFAULT_OPTIONS
    limits: Limits = Limits()
    indent: int | None = None
    format: str = "records"  # a name in writers/formats.py OUTPUT_FORMATS


@dataclass(frozen=True)
class Result:
    """One extracted input, as a worker sends it back: the record already serialised, as the UTF-8
    bytes the output gets (so the parent neither decodes them off the pipe nor encodes them to write)."""

    seq: int
    path: str
    kind: str  # "document", "error", or "skipped" (unchanged since the run state's record)
    sha256: str | None = None
    data: bytes = b""
    stage: str | None = None
    reason: str | None = None
    counts: tuple[int, int, int] = (0, 0, 0)  # procedures, steps, boilerplate blocks

    def record(self) -> DocumentRecord | ErrorRecord:
        return parse_record(self.data)


@lru_cache(maxsize=1)
def _record_adapter():
    from pydantic import TypeAdapter

    return TypeAdapter(Record)


def parse_record(data: str | bytes) -> DocumentRecord | ErrorRecord:
    return _record_adapter().validate_json(data)


@dataclass
class Report:
    documents: int = 0
    errors: int = 0
    skipped: int = 0
    procedures: int = 0
    steps: int = 0
    boilerplate: int = 0
    seconds: float = 0.0
    error_paths: list[str] = field(default_factory=list)

    def add(self, result: Result) -> None:
        if result.kind == "skipped":
            self.skipped += 1
        elif result.kind == "error":
            self.errors += 1
            if len(self.error_paths) < 20:
                self.error_paths.append(f"{result.path}: {result.stage}: {result.reason}")
        else:
            self.documents += 1
            procedures, steps, boilerplate = result.counts
            self.procedures += procedures
            self.steps += steps
            self.boilerplate += boilerplate

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


# -- inputs -------------------------------------------------------------------------------------

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
                    found = os.path.join(root, name)
                    yield from (virtual_inputs.expand(found) if virtual_inputs.is_warc(found) else (found,))


def read_input(task: Task, max_bytes: int) -> bytes:
    """The bytes of one input. Raises ReadError (missing, not a regular file) or LimitExceeded (too big)."""
    if task.data is not None:
        return task.data
    try:  # O_NONBLOCK: opening a FIFO must not wait for a writer (it has no effect on regular files)
        fd = os.open(task.location or task.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
                raise ReadError("not a regular file")
            if st.st_size > max_bytes:
                raise LimitExceeded(f"input is {st.st_size:,} bytes; the limit is {max_bytes:,} (--max-bytes)")
            return fh.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None


# -- one input ----------------------------------------------------------------------------------

def extract_task(task: Task, job: Job) -> Result:
    """Extract one input within the job's limits. Never raises for a bad document."""
    path = display_path(task.path)
    sha256 = None
    try:
        if virtual_inputs.is_virtual(task.path):  # a URL (always fetched) or a record inside a WARC
            record, identity = within_limits(
                lambda: virtual_inputs.extract_if_changed(task.path, job.options, task.known_sha256), job.limits)
            if record is None:
                return Result(task.seq, path, "skipped", identity)
            return to_result(task.seq, record, identity or getattr(record.source, "sha256", None), job)

        def work():
            nonlocal sha256
            data = read_input(task, job.options.max_bytes)
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 == task.known_sha256:
                return None
            return extract_bytes(data, path, options=job.options)

        record = within_limits(work, job.limits)
        if record is None:
            return Result(task.seq, path, "skipped", sha256)
    except ExtractorError as exc:
        record = error_record(path, exc)
    except RecursionError:
        record = error_record(path, ExtractorError("nesting too deep to extract", stage="parse"))
    except Exception as exc:  # a bug in a stage must not stop a batch; the record says where
        record = error_record(path, ExtractorError(f"internal error: {type(exc).__name__}: {exc}", stage="extract"))
    try:
        return to_result(task.seq, record, sha256, job)
    except Exception as exc:  # e.g. text JSON cannot encode; still one record for the input
        failed = ExtractorError(f"cannot serialise the record: {type(exc).__name__}: {exc}", stage="write")
        return to_result(task.seq, error_record(path, failed), sha256, job)


def extract_chunk(tasks: list[Task], job: Job) -> list[Result]:
    return [extract_task(task, job) for task in tasks]


def to_result(seq: int, record: DocumentRecord | ErrorRecord, sha256: str | None, job: Job) -> Result:
    data = serialise(record, job)
    if isinstance(record, ErrorRecord):
        return Result(seq, record.source.path, "error", sha256, data, record.error.stage, record.error.reason)
    counts = (len(record.procedures), sum(len(p.steps) for p in record.procedures), len(record.boilerplate))
    return Result(seq, record.source.path, "document", sha256, data, counts=counts)


def serialise(record: DocumentRecord | ErrorRecord, job: Job) -> bytes:
    return OUTPUT_FORMATS[job.format].dump(record, job.indent)


def failed_result(task: Task, why: str, job: Job) -> Result:
    """The result for a task whose worker died or was killed (it ran out of time or memory)."""
    return to_result(task.seq, error_record(display_path(task.path), LimitExceeded(why)), None, job)


# -- executors: tasks in, results out (in any order) ----------------------------------------------

Executor = Callable[[Iterator[Task], Job, Callable[[], bool]], Iterator[Result]]


def inline_executor(tasks: Iterator[Task], job: Job, may_send: Callable[[], bool]) -> Iterator[Result]:
    """In this process; the time limit holds (SIGALRM), the memory limit does not."""
    with BatchGC() as collector:
        for task in tasks:
            result = extract_task(task, job)
            collector.after_document()
            yield result


def process_executor(jobs: int, chunk_size: int = 8) -> Executor:
    """``jobs`` worker processes, each under the memory limit, killed when past the time limit.

    The executor's ``map`` runs the site pass (``corpus/template.py``) in worker processes too, so
    that with ``jobs`` > 1 it is not serial time before the extraction starts."""
    from .workers import WorkerPool

    def execute(tasks: Iterator[Task], job: Job, may_send: Callable[[], bool]) -> Iterator[Result]:
        pool = WorkerPool(jobs, partial(worker_task, job=for_workers(job)), initializer=start_worker,
                          initargs=(job.limits.max_memory,), hard_timeout=job.limits.hard_timeout,
                          chunk_size=chunk_size)
        with pool:
            yield from pool.map_unordered(tasks, partial(failed_result, job=job), may_send)

    execute.map = partial(pool_map, jobs)  # type: ignore[attr-defined]
    return execute


def pool_map(jobs: int, function: Callable, items: Iterable) -> list:
    """``[function(item) for item in items]``, the items shared among ``jobs`` worker processes
    (in this process when there is one job or one item). Meant for bounded work (the site pass reads
    at most a few MB of an input): no time or memory limit, and an item whose worker died is done
    again here, so the result is the same whatever happens to the workers."""
    from .workers import WorkerPool

    items = list(items)
    if jobs < 2 or len(items) < 2:
        return [function(item) for item in items]
    results: list = [None] * len(items)
    with WorkerPool(min(jobs, len(items)), partial(_numbered, function), initializer=_start_helper,
                    chunk_size=1) as pool:
        for i, value in pool.map_unordered(enumerate(items), lambda task, why: (task[0], function(task[1]))):
            results[i] = value
    return results


def _numbered(function: Callable, task: tuple[int, object]) -> tuple[int, object]:
    return task[0], function(task[1])


def _start_helper() -> None:
    """A worker of ``pool_map``: no stray output on the user's terminal unless EXTRACTOR_DEBUG."""
    if not os.environ.get("EXTRACTOR_DEBUG"):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


# What warm_up extracts: one tiny input of each kind, so that the compiled rules and the modules a
# first document needs exist before a worker is forked (the text is ours, written for this).
WARM_UP_INPUTS = (
    ("warm-up.md", b"---\ntitle: Warm the kettle\n---\n\n# Warm the kettle\n\nHow to warm it.\n\n"
                   b"1. Open **Settings**.\n2. Click **Heat**.\n3. Press **Ctrl+S**.\n"),
    ("warm-up.html", b"<html><head><title>Warm the kettle</title></head><body><article><h1>Warm the kettle</h1>"
                     b"<p>How to warm it.</p><ol><li>Open <b>Settings</b>.</li><li>Click <b>Heat</b>.</li></ol>"
                     b"</article></body></html>"),
)


def warm_up() -> None:
    """Load the packaged rules and extract ``WARM_UP_INPUTS`` in this process. The worker pool's
    forkserver does it once before forking any worker (``extractor/worker_preload.py``), so every
    worker starts with the rules compiled (copy-on-write) instead of each one loading and compiling
    them on its first document (about 0.4 s of CPU per worker). Output cannot depend on it: what it
    fills are caches of pure functions."""
    for name, data in WARM_UP_INPUTS:
        try:
            extract_bytes(data, name, options=DEFAULT_OPTIONS)
        except Exception:  # a broken rule set is reported by the run itself, not by the forkserver
            pass


def for_workers(job: Job) -> Job:
    """``job`` as sent to worker processes: the packaged rules travel as None, which a worker resolves
    to its own ``default_rules()`` (loaded and compiled once, in the forkserver), instead of as a
    pickled rule set that every worker unpickles and compiles again. A user's rule set still travels."""
    from .rules import default_rules

    if job.options.rules is not None and job.options.rules is default_rules():
        return replace(job, options=replace(job.options, rules=None))
    return job


def start_worker(max_memory: int) -> None:
    """In a new worker process: the memory limit, the batch setting of the garbage collector, and no
    stray output on the user's terminal (a parser running out of memory may print a panic before its
    MemoryError) unless EXTRACTOR_DEBUG."""
    apply_memory_limit(max_memory)
    _WORKER_GC.__enter__()  # for the worker's life: the process ends with the pool
    if not os.environ.get("EXTRACTOR_DEBUG"):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def worker_task(task: Task, job: Job) -> Result:
    """What a worker process runs for each task: ``extract_task``, then the collector's turn."""
    result = extract_task(task, job)
    _WORKER_GC.after_document()
    return result


class BatchGC:
    """Python's cyclic garbage collector as a batch loop runs it (docs/large-runs.md, "Garbage collection").

    A document leaves no reference cycles behind: its tree, blocks and record are freed by reference
    counting as soon as its result is made. The collector's work in a batch is then mostly to scan,
    again and again, what the loop keeps (modules, rules, compiled patterns, models, memos): with
    Python's defaults that was 10-20 % of a Markdown run. So, for the loop only:

    - after the first document, everything then alive is frozen (``gc.freeze``): later collections
      leave it out. Frozen objects are still freed by reference counting;
    - the young generation is collected every ``GC_YOUNG_THRESHOLD`` allocations instead of 700, so a
      document's short-lived objects are mostly gone before a collection sees them.

    Cycles are still collected, only later. Leaving the loop puts both settings back (a process that
    froze objects itself before the loop is left frozen and not frozen again).
    """

    def __init__(self, young: int = GC_YOUNG_THRESHOLD):
        self.young = young
        self.saved: tuple[int, ...] | None = None
        self.first = True
        self.frozen = False

    def __enter__(self) -> BatchGC:
        self.saved = gc.get_threshold()
        gc.set_threshold(self.young, *self.saved[1:])
        return self

    def after_document(self) -> None:
        if self.first:
            self.first = False
            if gc.get_freeze_count() == 0:  # walks the frozen objects: once, not per document
                gc.collect()
                gc.freeze()
                self.frozen = True

    def __exit__(self, *exc) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


_WORKER_GC = BatchGC()  # a worker process's (entered by start_worker)


def choose_executor(jobs: int, limits: Limits) -> Executor:
    """Worker processes when asked for more than one, or when a memory limit needs one to hold."""
    if jobs > 1 or limits.max_memory > 0:
        return process_executor(jobs)
    return inline_executor


# -- the batch ----------------------------------------------------------------------------------

def templates_for_run(inputs: list[str], rules, kept: str | None = None, mapper=map):
    """What this batch teaches of its sites, over what earlier runs kept in ``kept`` (then saved there).
    ``mapper``: how the site pass maps its work over the inputs (an executor's ``map``)."""
    from pathlib import Path

    from .corpus.template import load_json, merged
    from .writers.files import atomic_write

    older = load_json(kept) if kept else None
    combined = merged(older, learn_site_templates(inputs, rules, mapper))
    if kept and combined and combined != older:
        try:
            atomic_write(Path(kept), combined.dumps().encode("utf-8"))
        except OSError:
            pass  # a cache: the next full run learns it again
    return combined


def learn_site_templates(inputs: list[str], rules, mapper=map):
    """What recurs across each site's Markdown inputs; None when nothing does (a single file, a small batch)."""
    from .corpus.template import learn

    markdown = markdown_inputs(inputs)
    templates = learn(markdown, rules, mapper=mapper).templates(mapper) if len(markdown) > 1 else None
    return templates or None


def markdown_inputs(inputs: Iterable[str]) -> list[str]:
    """The plain Markdown files among a batch's inputs: what a site's template is learned from."""
    return [path for path in inputs if path != STDIN and path.lower().endswith(MARKDOWN_SUFFIXES)
            and not virtual_inputs.is_virtual(path)]


def state_version(options: Options, format: str = "records") -> str:
    """The extractor and record-schema versions plus what else changes records: the options (not the
    time limit), the format, the rule set in force and the package's own code and data files (so an
    edited rule or line of code redoes every input; after black's cache key)."""
    rules = options.resolved().rules
    relevant = f"{SCHEMA_VERSION} {replace(options, timeout=0)!r} {format} {rules.digest} {code_digest()}"
    return f"{__version__}+{hashlib.sha1(relevant.encode()).hexdigest()[:8]}"


class _RecordSinkAdapter:
    """Lets a sink that takes records (``write(record)``, ``close()``) receive serialised results."""

    indent = None

    def __init__(self, sink):
        self.inner = sink

    def write_bytes(self, path: str, data: bytes) -> Written:
        self.inner.write(parse_record(data))
        return Written()

    def sync(self) -> int:
        return 0

    def close(self) -> None:
        self.inner.close()


class _Planner:
    """Turns input paths into tasks, asking the run state what can be skipped."""

    def __init__(self, state: RunState | None, version: str, force: bool, max_bytes: int):
        self.state, self.version, self.force, self.max_bytes = state, version, force, max_bytes
        self.sent = 0

    def tasks(self, paths: Iterable[str]) -> Iterator[Task]:
        for path in paths:
            data = sys.stdin.buffer.read(self.max_bytes + 1) if path == STDIN else None
            known = None
            if self.state is not None:
                prior = self.state.prior(display_path(path))
                if prior and prior.run == self.state.run:
                    continue  # listed twice in this run: one record per input
                if prior and not self.force and prior.version == self.version and prior.stage not in RETRY_STAGES:
                    known = prior.sha256
            yield Task(self.sent, path, known, data)
            self.sent += 1


def run(paths: Iterable[str], sink: RecordSink, *, jobs: int = 1, options: Options = DEFAULT_OPTIONS,
        limits: Limits | None = None, ordered: bool = True, state: RunState | None = None, force: bool = False,
        executor: Executor | None = None, progress: Callable[[Result], None] | None = None,
        format: str = "records", learn_templates: bool = True, keep_templates: str | None = None,
        expanded: bool = False) -> Report:
    """Extract every input and write its record to ``sink`` (in input order unless ``ordered`` is False).

    With a ``state``, inputs whose content and extractor version are unchanged since their record
    was written are skipped (unless ``force``), and the state is committed as records are written.
    The sink is closed at the end, also when interrupted. A sink with only ``write(record)`` and
    ``close()`` also works (records are parsed back for it).

    With ``learn_templates`` (and no template in the options already), the Markdown inputs are read
    once first to learn each site's template (``corpus/template.py``); it joins the options, and so
    the run identity: records made with another template are redone. ``keep_templates`` names a file
    (beside the run state) where what was learned is kept, so that a later run of a few new posts of
    the same site still gets its template. ``expanded``: ``paths`` are already what ``find_inputs``
    yields (a caller that listed them to count them), so they are not walked again.
    """
    inputs: Iterable[str] = paths if expanded else find_inputs(paths)
    limits = limits or Limits(timeout=options.timeout)
    executor = executor or choose_executor(jobs, limits)
    if learn_templates and options.site_templates is None:
        inputs = list(inputs)
        learned = templates_for_run(inputs, options.resolved().rules, keep_templates, getattr(executor, "map", map))
        options = replace(options, site_templates=learned)
    if not hasattr(sink, "write_bytes"):
        sink = _RecordSinkAdapter(sink)
    job = Job(options, limits, getattr(sink, "indent", None), format)
    planner = _Planner(state, state_version(options, format), force, options.max_bytes)
    writer = _Writer(sink, state, planner.version, progress)
    window = max(256, jobs * 64)
    results = executor(planner.tasks(inputs), job, lambda: planner.sent - writer.next_seq < window)
    try:
        for result in results:
            writer.accept(result, ordered)
    finally:
        writer.close()
    writer.report.seconds = time.perf_counter() - writer.started
    return writer.report


class _Writer:
    """Writes results to the sink (in order, holding early arrivals back) and commits the run state."""

    def __init__(self, sink: RecordSink, state: RunState | None, version: str, progress):
        self.sink, self.state, self.version, self.progress = sink, state, version, progress
        self.report = Report()
        self.started = self.last_commit = time.perf_counter()
        self.next_seq = 0
        self.waiting: dict[int, Result] = {}
        self.uncommitted = 0

    def accept(self, result: Result, ordered: bool) -> None:
        if not ordered:
            self.next_seq += 1
            self._write(result)
            return
        self.waiting[result.seq] = result
        while self.next_seq in self.waiting:
            self._write(self.waiting.pop(self.next_seq))
            self.next_seq += 1

    def _write(self, result: Result) -> None:
        if result.kind == "skipped":
            if self.state is not None:
                self.state.seen(result.path, result.seq)
        else:
            where = self.sink.write_bytes(result.path, result.data)
            if self.state is not None:
                self.state.done(result.path, result.seq, sha256=result.sha256, version=self.version,
                                status=result.kind, stage=result.stage, error=result.reason,
                                offset=where.offset, length=where.length, name=where.name)
        self.report.add(result)
        if self.progress:
            self.progress(result)
        self.uncommitted += 1
        if self.uncommitted >= COMMIT_EVERY or time.perf_counter() - self.last_commit > COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        size = self.sink.sync()  # the output first: the state may lag behind it, never run ahead
        if self.state is not None:
            self.state.commit(size)
        self.uncommitted, self.last_commit = 0, time.perf_counter()

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.sink.close()
