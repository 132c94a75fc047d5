"""A pool of worker processes that survives its documents.

``concurrent.futures.ProcessPoolExecutor`` breaks for good when one worker dies, and
``multiprocessing.Pool`` waits forever for a task whose worker died. A batch over a crawl must
outlive a document that segfaults a parser, eats all memory, or loops inside C code, so this pool
is small and explicit:

- each worker owns a pipe; the parent keeps up to two chunks of tasks queued in it and gets the
  chunk's results back together, in one message (one wake-up of the parent per chunk, not per task);
- each worker also owns three numbers in shared memory, which it sets as it goes and the parent
  reads without a message: how many tasks it has started, how many it has finished, and when the
  last one started. So the parent knows which task a worker is on and for how long, and a worker
  that runs past the hard time limit is killed; a worker that dies is noticed through its sentinel;
- either way the task in progress gets the result made by ``on_failure`` (an error record), the
  rest of its chunks go back to the queue (the finished tasks whose results died with the worker
  are simply done again), and a fresh worker takes the dead one's place;
- a worker that dies between tasks (no task to blame: while sending results, say) has its tasks
  retried alone, one per idle worker, so a task that kills a worker again is then known and fails.

Workers start from a ``forkserver`` (cheap to respawn, and safe while the parent runs threads such
as a progress bar). ``map_unordered`` yields results as they arrive; callers put them in order.
"""
from __future__ import annotations

import multiprocessing
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any, Callable, Iterable, Iterator

_STOP = None
# What the forkserver imports before it forks a worker: the runner, and (extractor/worker_preload.py)
# the packaged rules compiled and a first document's imports done, which every worker then inherits.
PRELOAD = ("extractor.worker_preload",)
PIPE_SAFE_BYTES = 32 * 1024  # a chunk this small always fits in a socket pair's buffer
STARTED, FINISHED, SINCE = 0, 1, 2  # a worker's progress slots: tasks started, finished, when the last started


def _worker_main(conn: Connection, progress, initializer: Callable[..., None] | None, initargs: tuple,
                 work: Callable[[Any], Any]) -> None:
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is _STOP:
            return
        results = []
        for task in chunk:
            progress[SINCE] = time.monotonic()  # before STARTED: whoever sees the new count sees its time
            progress[STARTED] += 1
            results.append(work(task))
            progress[FINISHED] += 1
        conn.send(results)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    progress: Any  # shared doubles: STARTED, FINISHED, SINCE
    tasks: deque = field(default_factory=deque)  # sent, no result yet, in the order the worker runs them
    reported: int = 0  # results received from this worker
    alone: bool = False  # running one task sent alone (see ``map_unordered``)

    def current(self) -> int | None:
        """Where the task in progress is in ``tasks``, or None when the worker is between tasks."""
        started, finished = int(self.progress[STARTED]), int(self.progress[FINISHED])
        return started - 1 - self.reported if started > finished else None


class WorkerPool:
    """``jobs`` processes running ``work(task)``; ``work`` and tasks must be picklable."""

    def __init__(self, jobs: int, work: Callable[[Any], Any], *, initializer: Callable[..., None] | None = None,
                 initargs: tuple = (), hard_timeout: float | None = None, chunk_size: int = 8,
                 preload: tuple[str, ...] = PRELOAD):
        self.jobs = max(1, jobs)
        self.work = work
        self.initializer, self.initargs = initializer, initargs
        self.hard_timeout = hard_timeout
        self.chunk_size = max(1, chunk_size)
        try:
            self.context = multiprocessing.get_context("forkserver")
            self.context.set_forkserver_preload(list(preload))
        except ValueError:  # platforms without forkserver
            self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        self.workers = [self._start() for _ in range(self.jobs)]
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # After an error or Ctrl-C the workers' queued chunks are of no use: stop them at once.
        self.close(graceful=exc_type is None)

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe(duplex=True)
        progress = self.context.RawArray("d", 3)
        process = self.context.Process(target=_worker_main,
                                       args=(child, progress, self.initializer, self.initargs, self.work), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent, progress)

    def close(self, graceful: bool = True) -> None:
        for worker in self.workers:
            if not graceful:
                worker.process.kill()
                continue
            try:
                worker.conn.send(_STOP)
            except (OSError, ValueError):
                pass
        for worker in self.workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []

    def map_unordered(self, tasks: Iterable[Any], on_failure: Callable[[Any, str], Any],
                      may_send: Callable[[], bool] = lambda: True) -> Iterator[Any]:
        """Yield ``work(task)`` for every task, as results arrive.

        ``on_failure(task, why)`` makes the result of a task whose worker died or was killed.
        ``may_send()`` returning False holds back new chunks (the caller's reorder buffer is full).
        """
        source = iter(tasks)
        retry: deque = deque()  # tasks of a dead worker, sent again as usual
        alone: deque = deque()  # tasks of a worker that died between tasks: one at a time, each to an idle worker
        exhausted = False
        while True:
            for worker in self.workers:
                # Up to two chunks per worker: the next one waits in its pipe, so a worker never
                # idles while a busy parent gets round to sending more. Nothing joins a task sent
                # alone, and while tasks wait to go alone the busy workers get no more (they empty).
                if len(worker.tasks) > self.chunk_size or worker.alone:
                    continue
                solo = False
                if alone:
                    if worker.tasks:
                        continue
                    chunk, solo = [alone.popleft()], True
                elif retry:  # older tasks first, even when the caller holds back new ones
                    chunk = [retry.popleft() for _ in range(min(len(retry), self.chunk_size))]
                elif not exhausted and may_send():
                    chunk = _take(source, self.chunk_size)
                    exhausted = len(chunk) < self.chunk_size
                else:
                    continue
                if not chunk:
                    continue
                if self._send(worker, chunk):
                    worker.alone = solo
                elif solo:
                    alone.appendleft(chunk[0])
                else:
                    retry.extendleft(reversed(chunk))
            busy = [w for w in self.workers if w.tasks]
            if not busy:
                if retry or alone:  # a send found its worker dead: it has been replaced, send again
                    continue
                if exhausted:
                    return
                raise RuntimeError("worker pool: nothing running and the caller accepts no more work")
            yield from self._collect(busy, on_failure, retry, alone)

    def _send(self, worker: _Worker, chunk: list) -> bool:
        """Queue ``chunk`` in the worker's pipe; False when it is too big to queue behind busy work.

        A busy worker reads its pipe only between chunks, and may itself be blocked writing a large
        result to the parent: a chunk bigger than the pipe's buffer (a task carrying stdin) would
        then block both sides, so such a chunk only goes to an idle worker.
        """
        payload = ForkingPickler.dumps(chunk)
        if worker.tasks and len(payload) > PIPE_SAFE_BYTES:
            return False
        try:
            worker.conn.send_bytes(payload)
        except OSError:  # the worker has died (a broken pipe): the chunk goes back to the queue
            if not worker.tasks:  # nothing of its own for _collect to fail: replace it here
                self._restart(worker)
            return False  # else _collect sees it dead, fails its task and replaces it
        worker.tasks.extend(chunk)
        return True

    def _collect(self, busy: list[_Worker], on_failure, retry: deque, alone: deque) -> Iterator[Any]:
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=self._wait_time(busy))
        for worker in busy:
            if worker.conn in ready:
                try:
                    results = worker.conn.recv()
                except (EOFError, OSError):
                    yield from self._replace(worker, on_failure, retry, alone, self._death_reason(worker))
                    continue
                for _ in results:
                    worker.tasks.popleft()
                worker.reported += len(results)
                worker.alone = False
                yield from results
            elif worker.process.sentinel in ready:
                yield from self._replace(worker, on_failure, retry, alone, self._death_reason(worker))
            elif self.hard_timeout:
                current = worker.current()  # read once: the kill must blame the task that ran too long
                if current is not None and time.monotonic() - worker.progress[SINCE] > self.hard_timeout:
                    yield from self._replace(worker, on_failure, retry, alone,
                                             f"killed after {self.hard_timeout:g} s without finishing", current)

    def _wait_time(self, busy: list[_Worker]) -> float | None:
        if not self.hard_timeout:
            return None
        now = time.monotonic()
        # A worker between tasks is looked at again a whole limit from now.
        deadline = min(w.progress[SINCE] if w.current() is not None else now for w in busy) + self.hard_timeout
        return max(0.0, deadline - now) + 0.01

    def _death_reason(self, worker: _Worker) -> str:
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            hint = " (out of memory?)" if code == -9 else ""
            return f"worker process died from signal {-code}{hint}"
        return f"worker process exited with code {code}"

    def _replace(self, worker: _Worker, on_failure, retry: deque, alone: deque, why: str,
                 current: int | None = None) -> list:
        """Kill ``worker`` and start a new one; fail the task it was running, queue the others again.

        The failed task is the one the worker's progress says it had started and not finished.
        Without one (it died between tasks, e.g. sending results), no task can be blamed: its tasks
        are sent again one at a time, and one that was already alone fails."""
        self._stop(worker)
        if current is None:
            current = worker.current()  # final: the process is gone
        tasks = list(worker.tasks)
        failed = []
        if current is not None and 0 <= current < len(tasks):
            failed.append(tasks.pop(current))
        elif worker.alone:
            failed.append(tasks.pop(0))
        if failed:
            retry.extendleft(reversed(tasks))
        else:
            alone.extend(tasks)
        self.workers[self.workers.index(worker)] = self._start()
        return [on_failure(task, why) for task in failed]

    def _restart(self, worker: _Worker) -> None:
        self._stop(worker)
        self.workers[self.workers.index(worker)] = self._start()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()


def start_forkserver(preload: tuple[str, ...] = PRELOAD) -> None:
    """Start the forkserver now, in the background, rather than when the first pool needs it: its
    preload (imports, rules, about 1 s of CPU) then runs on another core while this process does its
    own start-up. Harmless where there is no forkserver, or when it already runs."""
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        from multiprocessing import forkserver

        forkserver.ensure_running()
    except (ValueError, OSError):
        pass


def _take(iterator: Iterator[Any], n: int) -> list:
    out = []
    for item in iterator:
        out.append(item)
        if len(out) == n:
            break
    return out
