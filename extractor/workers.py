"""A pool of worker processes that survives its documents.

``concurrent.futures.ProcessPoolExecutor`` breaks for good when one worker dies, and
``multiprocessing.Pool`` waits forever for a task whose worker died. A batch over a crawl must
outlive a document that segfaults a parser, eats all memory, or loops inside C code, so this pool
is small and explicit:

- each worker owns a pipe; the parent keeps up to two chunks of tasks queued in it and gets one
  result per task back;
- the parent knows which task each worker is on and when it started, so a worker that runs past
  the hard time limit is killed, and a worker that dies is noticed through its sentinel;
- either way the task in progress gets the result made by ``on_failure`` (an error record), the
  rest of the chunk goes back to the queue, and a fresh worker takes the dead one's place.

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
PIPE_SAFE_BYTES = 32 * 1024  # a chunk this small always fits in a socket pair's buffer


def _worker_main(conn: Connection, initializer: Callable[..., None] | None, initargs: tuple,
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
        for task in chunk:
            conn.send(work(task))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    tasks: deque = field(default_factory=deque)  # sent, no result yet; tasks[0] is in progress
    started: float = 0.0  # when tasks[0] started


class WorkerPool:
    """``jobs`` processes running ``work(task)``; ``work`` and tasks must be picklable."""

    def __init__(self, jobs: int, work: Callable[[Any], Any], *, initializer: Callable[..., None] | None = None,
                 initargs: tuple = (), hard_timeout: float | None = None, chunk_size: int = 8,
                 preload: tuple[str, ...] = ("extractor.runner",)):
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
        process = self.context.Process(target=_worker_main, args=(child, self.initializer, self.initargs, self.work),
                                       daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

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
        retry: deque = deque()
        exhausted = False
        while True:
            for worker in self.workers:
                # Up to two chunks per worker: the next one waits in its pipe, so a worker never
                # idles while a busy parent gets round to sending more.
                if len(worker.tasks) > self.chunk_size:
                    continue
                if retry:  # older tasks first, even when the caller holds back new ones
                    chunk = [retry.popleft() for _ in range(min(len(retry), self.chunk_size))]
                elif not exhausted and may_send():
                    chunk = _take(source, self.chunk_size)
                    exhausted = len(chunk) < self.chunk_size
                else:
                    continue
                if chunk and not self._send(worker, chunk):
                    retry.extendleft(reversed(chunk))
            busy = [w for w in self.workers if w.tasks]
            if not busy:
                if exhausted:
                    return
                raise RuntimeError("worker pool: nothing running and the caller accepts no more work")
            yield from self._collect(busy, on_failure, retry)

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
        if not worker.tasks:  # idle until now: its next task starts with this chunk
            worker.started = time.monotonic()
        worker.tasks.extend(chunk)
        return True

    def _collect(self, busy: list[_Worker], on_failure, retry: deque) -> Iterator[Any]:
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=self._wait_time(busy))
        now = time.monotonic()
        for worker in busy:
            if worker.conn in ready:
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    yield self._replace(worker, on_failure, retry, self._death_reason(worker))
                    continue
                worker.tasks.popleft()
                worker.started = now
                yield result
            elif worker.process.sentinel in ready:
                yield self._replace(worker, on_failure, retry, self._death_reason(worker))
            elif self.hard_timeout and now - worker.started > self.hard_timeout:
                yield self._replace(worker, on_failure, retry, f"killed after {self.hard_timeout:g} s without finishing")

    def _wait_time(self, busy: list[_Worker]) -> float | None:
        if not self.hard_timeout:
            return None
        oldest = min(w.started for w in busy)
        return max(0.0, oldest + self.hard_timeout - time.monotonic()) + 0.01

    def _death_reason(self, worker: _Worker) -> str:
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            hint = " (out of memory?)" if code == -9 else ""
            return f"worker process died from signal {-code}{hint}"
        return f"worker process exited with code {code}"

    def _replace(self, worker: _Worker, on_failure, retry: deque, why: str) -> Any:
        """Kill ``worker``, fail its current task, queue the rest of its chunk again, start a new one."""
        failed = worker.tasks.popleft()
        retry.extendleft(reversed(worker.tasks))
        self._restart(worker)
        return on_failure(failed, why)

    def _restart(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._start()


def _take(iterator: Iterator[Any], n: int) -> list:
    out = []
    for item in iterator:
        out.append(item)
        if len(out) == n:
            break
    return out
