"""The run state: an embedded SQLite database kept inside the output.

One row per input: its path, content hash, the extractor version that made its record, status
(``document`` or ``error``), error stage and reason, and where its record is (a line's byte offset
and length in a JSON Lines output, or a file name in a directory output). ``meta`` holds the run
counter and, for JSON Lines, ``committed_size``: the length of the output file that the rows
describe.

Crash safety rests on one ordering: the output is written and fsync'ed *before* the rows that
describe it are committed. A crash can therefore leave output the state does not know about, never
the reverse; on restart the JSON Lines file is cut back to ``committed_size`` and the inputs whose
rows were not committed are extracted again. Directory outputs need no cutting: a record is one
file, renamed into place, and redoing an input rewrites the same name. Nothing is committed that was
not asked for: ``close()`` rolls back, so an interrupted step (the end-of-run rewrite, a resync)
leaves the state as its last explicit commit described the output.

A state that SQLite finds damaged when it is opened (``quick_check``) is set aside as ``.corrupt``
and the run starts over, with a notice for the user.

Where the database lives: ``OUT/.extractor-state.sqlite`` for a directory, ``OUT.jsonl.state.sqlite``
beside a JSON Lines file (a file cannot hold a database, so it sits next to it).
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

from .errors import UsageError

DIRECTORY_STATE = ".extractor-state.sqlite"
JSONL_STATE_SUFFIX = ".state.sqlite"
LINES_PAGE = 5000  # rows per query when walking a run's lines (a long run is never held in memory at once)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    version TEXT,
    status TEXT,
    stage TEXT,
    error TEXT,
    run INTEGER,
    seq INTEGER,
    offset INTEGER,
    length INTEGER,
    name TEXT
);
CREATE INDEX IF NOT EXISTS inputs_by_run ON inputs (run, seq);
CREATE INDEX IF NOT EXISTS inputs_by_name ON inputs (name);
"""


@dataclass(frozen=True)
class Prior:
    """What the state knows about an input from earlier runs."""

    sha256: str | None
    version: str | None
    status: str | None
    stage: str | None
    run: int
    name: str | None


def state_path(target: str) -> str:
    if target.endswith(".jsonl"):
        return target + JSONL_STATE_SUFFIX
    return os.path.join(target, DIRECTORY_STATE)


class RunLocked(UsageError):
    """Another run is writing the same output."""


def open_state(path: str) -> RunState:
    """The run state at ``path``. A damaged database (unreadable, or failing SQLite's ``quick_check``
    anywhere in the file) is moved aside to ``.corrupt`` and a new one begun; ``state.notice`` says so."""
    try:
        state = RunState(path)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise RunLocked(f"another run is writing this output ({path} is locked)") from None
        problem = str(exc)
    else:
        problem = state.damage()
        if problem is None:
            return state
        state.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.replace(path + suffix, path + suffix + ".corrupt")
    state = RunState(path)
    state.notice = (f"the run state was damaged ({problem}); it was set aside as {path}.corrupt "
                    "and every input is extracted again")
    return state


class RunState:
    def __init__(self, path: str):
        self.path = path
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self._lock = _lock(path)
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(_SCHEMA)
            self.db.execute("BEGIN")
        except BaseException:
            os.close(self._lock)
            raise
        self.run = 0
        self.notice: str | None = None  # what open_state had to do to open it, for the user
        # Rows from done() since the last commit, by path, written together when the state commits
        # (or is read): one executemany instead of a statement per record. Uncommitted either way, so
        # a crash loses the same rows it would lose from SQLite's open transaction.
        self._pending: dict[str, tuple] = {}

    def damage(self) -> str | None:
        """What is wrong with the database file, or None (reads every page: SQLite's quick_check)."""
        try:
            rows = self.db.execute("PRAGMA quick_check(3)").fetchall()
        except sqlite3.DatabaseError as exc:
            return str(exc)
        problems = [row[0] for row in rows if row[0] != "ok"]
        return "; ".join(problems) or None

    # -- meta ---------------------------------------------------------------------------------
    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str | int | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    @property
    def committed_size(self) -> int:
        return int(self.get("committed_size", "0"))

    # -- runs -----------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every input (``--force``, or an output that no longer matches its state)."""
        self._pending.clear()
        self.db.execute("DELETE FROM inputs")
        self.set("committed_size", 0)
        self.commit()

    def begin_run(self) -> int:
        self.run = int(self.get("run", "0")) + 1
        self.set("run", self.run)
        self.commit()
        return self.run

    def prior(self, path: str) -> Prior | None:
        pending = self._pending.get(path)
        if pending is not None:
            _, sha256, version, status, stage, _, run, _, _, _, name = pending
            return Prior(sha256, version, status, stage, run, name)
        row = self.db.execute("SELECT sha256, version, status, stage, run, name FROM inputs WHERE path = ?",
                              (path,)).fetchone()
        return Prior(*row) if row else None

    def owner_of(self, name: str) -> str | None:
        self.flush()
        row = self.db.execute("SELECT path FROM inputs WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def seen(self, path: str, seq: int) -> None:
        """An input skipped in this run: its earlier record stays, in this run's place."""
        pending = self._pending.get(path)
        if pending is not None:
            self._pending[path] = pending[:6] + (self.run, seq) + pending[8:]
            return
        self.db.execute("UPDATE inputs SET run = ?, seq = ? WHERE path = ?", (self.run, seq, path))

    def done(self, path: str, seq: int, *, sha256: str | None, version: str, status: str, stage: str | None,
             error: str | None, offset: int | None = None, length: int | None = None, name: str | None = None) -> None:
        self._pending[path] = (path, sha256, version, status, stage, error, self.run, seq, offset, length, name)

    def flush(self) -> None:
        """Hand the rows of ``done`` to SQLite (into the open transaction: not committed yet)."""
        if self._pending:
            self.db.executemany("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                self._pending.values())
            self._pending.clear()

    def commit(self, output_size: int | None = None) -> None:
        """Make every change since the last commit durable (after the output they describe)."""
        self.flush()
        if output_size is not None:
            self.set("committed_size", output_size)
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    # -- JSON Lines layout ----------------------------------------------------------------------
    def lines(self, run: int) -> Iterator[tuple[str, int, int]]:
        """(path, offset, length) of the records of ``run``, in input order (paged: rows may be updated meanwhile)."""
        self.flush()
        page = LINES_PAGE
        last = -1
        while True:
            rows = self.db.execute("SELECT path, offset, length, seq FROM inputs WHERE run = ? AND seq > ? "
                                   "ORDER BY seq LIMIT ?", (run, last, page)).fetchall()
            if not rows:
                return
            for path, offset, length, seq in rows:
                yield path, offset, length
            last = rows[-1][3]

    def move(self, moves: Iterable[tuple[int, int, str]]) -> None:
        """Record where lines are now: (offset, length, path) triples."""
        self.flush()
        self.db.executemany("UPDATE inputs SET offset = ?, length = ? WHERE path = ?", moves)

    def pack_lines(self, run: int) -> None:
        """Record that the lines of ``run`` now follow each other from offset 0, in input order (as
        ``_rewrite`` copied them): each offset is the sum of the lengths before it."""
        self.flush()
        self.db.execute("UPDATE inputs SET offset = packed.offset FROM ("
                        "  SELECT path, SUM(length) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) - length AS offset"
                        "  FROM inputs WHERE run = ?) AS packed WHERE inputs.path = packed.path", (run,))

    @contextmanager
    def transaction(self):
        """Changes made inside commit together at the end, or not at all (rolled back on any exception,
        Ctrl-C included)."""
        self.flush()
        self.db.execute("COMMIT")  # what came before stands on its own
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self.db.execute("BEGIN")
            raise
        self.commit()

    def forget_other_runs(self) -> None:
        self.flush()
        self.db.execute("DELETE FROM inputs WHERE run != ?", (self.run,))

    def close(self) -> None:
        """Close without committing: what was not committed explicitly (``commit``) describes output
        that may not exist, as after an interrupted rewrite, so it is dropped."""
        self._pending.clear()
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.db.close()
        os.close(self._lock)


def _lock(path: str) -> int:
    """An exclusive lock on ``path.lock`` for the life of the run: two runs never share an output."""
    import fcntl

    fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise RunLocked(f"another run is writing this output ({path}.lock is held)") from None
    return fd


# -- the output and its state together ------------------------------------------------------------

class Output:
    """A sink plus its run state, opened consistently and tidied at the end of a complete run."""

    def __init__(self, target: str, *, force: bool = False, durable: bool = True, suffix: str = ".json"):
        from .writers.records import DirectorySink, JsonLinesSink

        self.target = target
        self.notices: list[str] = []  # things the user should hear about (a damaged state set aside)
        self.is_jsonl = target == "-" or target.endswith(".jsonl")
        if target == "-":  # stdout cannot be resumed
            self.state, self.sink = None, JsonLinesSink(target)
            return
        if not self.is_jsonl:
            os.makedirs(target, exist_ok=True)
        self.state = open_state(state_path(target))
        if self.state.notice:
            self.notices.append(self.state.notice)
        if self.is_jsonl:
            _recover_rewrite(self.state, target)
        if force or (self.is_jsonl and _size(target) < self.state.committed_size):
            self.state.reset()  # --force, or the file is not the one the state describes
        self.state.begin_run()
        if self.is_jsonl:
            self.sink = JsonLinesSink(target, start_at=self.state.committed_size)
        else:
            _remove_temp_files(target)
            self.sink = DirectorySink(target, owner_of=self.state.owner_of, durable=durable, suffix=suffix)

    def finish(self, ordered: bool = True) -> None:
        """After a complete run the output holds exactly this run's inputs: a JSON Lines file in order,
        a directory without the records of inputs that are gone."""
        if self.state is None:
            return
        self.state.flush()  # what follows reads the rows with SQL of its own
        if self.is_jsonl:
            if _needs_rewrite(self.state, self.state.committed_size, ordered):
                _rewrite(self.state, self.target)
        else:
            _remove_records_of_other_runs(self.state, self.target)
        self.state.forget_other_runs()
        self.state.commit()

    def resync(self) -> None:
        """Find every line again after another pass (``--dedupe``) rewrote a JSON Lines output of records."""
        if self.state is None or not self.is_jsonl:
            return
        import json

        position, moves = 0, []
        with self.state.transaction(), open(self.target, "rb") as fh:  # all the new offsets, or none
            for line in fh:
                moves.append((position, len(line), json.loads(line)["source"]["path"]))
                position += len(line)
                if len(moves) >= 5000:
                    self.state.move(moves)
                    moves = []
            self.state.move(moves)
            self.state.set("committed_size", position)

    def close(self) -> None:
        if self.state is not None:
            self.state.close()


def _remove_records_of_other_runs(state: RunState, directory: str) -> None:
    """Delete the record files of inputs this run did not see (deleted or no longer given). Only
    names the state says we wrote; a crash midway leaves rows whose files are gone, which is harmless."""
    from .writers.files import safe_join

    rows = state.db.execute("SELECT name FROM inputs WHERE run != ? AND name IS NOT NULL", (state.run,)).fetchall()
    for (name,) in rows:
        if state.db.execute("SELECT 1 FROM inputs WHERE name = ? AND run = ?", (name, state.run)).fetchone():
            continue  # the name now belongs to an input of this run
        try:
            os.unlink(safe_join(directory, name))
        except (OSError, ValueError):
            pass


def _remove_temp_files(directory: str) -> None:
    """Half-written records a killed run left behind (never under a record's name; we hold the lock)."""
    from .writers.files import TEMP_PREFIX

    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIX) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _needs_rewrite(state: RunState, size: int, ordered: bool) -> bool:
    """True when the file holds lines no input of this run owns, or (ordered) lines out of input order."""
    total, count = state.db.execute("SELECT COALESCE(SUM(length), 0), COUNT(*) FROM inputs WHERE run = ?",
                                    (state.run,)).fetchone()
    if total != size:
        return True
    if not ordered:
        return False
    expected = 0
    for _, offset, length in state.lines(state.run):
        if offset != expected:
            return True
        expected += length
    return False


def _rewrite(state: RunState, target: str) -> None:
    """Copy this run's lines, in input order, to a new file that replaces the old one. All or nothing.

    The state is not touched until the new file is whole and on disk. Then one transaction records
    the new offsets, the new size and a ``rewriting`` marker, and only then is the file renamed into
    place. Interrupted before that transaction (Ctrl-C, a full disk), the old file and the old state
    stand together and the next run rewrites again; after it, ``_recover_rewrite`` redoes the rename.
    """
    tmp = target + ".rewrite"
    try:
        position = 0
        with open(target, "rb") as old, open(tmp, "wb") as new:
            for path, offset, length in state.lines(state.run):
                _copy_line(old, new, offset, length)
                position += length
            new.flush()
            os.fsync(new.fileno())
        with state.transaction():
            state.pack_lines(state.run)
            state.set("rewriting", tmp)
            state.set("committed_size", position)
    except BaseException:
        _unlink(tmp)
        raise
    os.replace(tmp, target)
    _fsync_directory(target)
    state.set("rewriting", None)
    state.commit()


def _copy_line(old, new, offset: int, length: int) -> None:
    old.seek(offset)
    line = old.read(length)
    if len(line) != length:
        raise OSError(f"{old.name} is shorter than its run state says (line at {offset:,})")
    new.write(line)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _fsync_directory(path: str) -> None:
    fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _recover_rewrite(state: RunState, target: str) -> None:
    """Finish (or discard) a rewrite that a crash interrupted."""
    pending = state.get("rewriting")
    if pending and os.path.exists(pending):
        os.replace(pending, target)  # the state already describes the new file
    elif not pending and os.path.exists(target + ".rewrite"):
        os.unlink(target + ".rewrite")  # crashed before the new offsets were committed
    if pending:
        state.set("rewriting", None)
        state.commit()
