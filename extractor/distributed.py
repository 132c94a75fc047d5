"""Run extraction on a Dask distributed cluster (``extract --dask`` / ``--scheduler tcp://host:8786``).

Workers read their inputs and return records already serialised; the output and the run state
stay with the client, which writes them exactly as a local run does (same order, same resume).
So a cluster run and a local run give the same bytes.

- ``--dask`` starts a ``LocalCluster`` for the run (``-j`` worker processes, one thread each, bound
  to 127.0.0.1); ``--scheduler`` connects to an existing scheduler instead.
- Inputs are sent as absolute paths, so every worker must see the same files at the same paths
  (a shared file system). Stdin is read by the client and sent with its task.
- Memory: Dask's nanny restarts a worker over its ``--memory-limit``; a chunk whose worker died is
  retried one input at a time, and an input that kills a worker again becomes an error record with
  stage ``limits``. Time: tasks run in worker threads, where SIGALRM cannot reach, so the
  per-document time limit is not enforced on a cluster.

Needs the optional extra: ``pip install -e '.[dask]'`` in the source checkout.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import replace
from typing import Callable, Iterator

from .install import install_hint
from .runner import Executor, Job, Result, Task, extract_chunk, failed_result


class DaskUnavailable(Exception):
    """dask[distributed] is not installed."""


def dask_executor(scheduler: str | None = None, workers: int = 1, chunk_size: int = 16) -> Executor:
    """An executor for ``runner.run`` that sends chunks of inputs to a Dask cluster."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskUnavailable(f"--dask needs dask[distributed]: {install_hint('dask')}") from None

    def execute(tasks: Iterator[Task], job: Job, may_send: Callable[[], bool]) -> Iterator[Result]:
        with _client(scheduler, workers) as client:
            yield from _run_on(client, tasks, job, may_send, chunk_size, in_flight=max(2, workers) * 4)

    return execute


@contextmanager
def _client(scheduler: str | None, workers: int):
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # No dashboard; the scheduler's small HTTP endpoint (health, metrics) still starts, and would take port 8787,
    # warning on stderr when a second run or the user's own cluster holds it. A free loopback port never clashes.
    with _quiet_cluster_logs(), LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None,
                                             scheduler_kwargs={"dashboard_address": _ANY_FREE_LOOPBACK_PORT}) as cluster, \
            Client(cluster) as client:
        yield client


@contextmanager
def _quiet_cluster_logs():
    """The cluster ``--dask`` starts is ours, and so is its reporting: a chunk that fails is retried and becomes
    error records. Dask's own logs would print its shutdown races to the user's terminal as tracebacks (a
    worker's last heartbeat to a scheduler that has just closed: "Failed to communicate with scheduler during
    heartbeat"), though the run succeeded. Its loggers say only what is critical while the cluster runs: in this
    process (the scheduler's) and in the worker processes, which read the setting from the environment they
    start with."""
    import logging

    logger = logging.getLogger("distributed")
    level, before = logger.level, os.environ.get(_LOG_SETTING)
    os.environ[_LOG_SETTING] = "critical"
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
        if before is None:
            os.environ.pop(_LOG_SETTING, None)
        else:
            os.environ[_LOG_SETTING] = before


_ANY_FREE_LOOPBACK_PORT = "127.0.0.1:0"
_LOG_SETTING = "DASK_LOGGING__DISTRIBUTED"  # dask's config key logging.distributed, read at import


def _run_on(client, tasks: Iterator[Task], job: Job, may_send, chunk_size: int, in_flight: int) -> Iterator[Result]:
    from distributed import as_completed

    source = (replace(t, location=os.path.abspath(t.path)) if t.data is None else t for t in tasks)
    chunks: dict = {}  # future -> (chunk, sent alone after a failure)
    running = as_completed()
    exhausted = False

    def submit(chunk: list[Task], alone: bool = False) -> None:
        future = client.submit(extract_chunk, chunk, job, pure=False)
        chunks[future] = (chunk, alone)
        running.add(future)

    def fill() -> bool:
        while len(chunks) < in_flight and may_send():
            chunk = [task for _, task in zip(range(chunk_size), source)]
            if chunk:
                submit(chunk)
            if len(chunk) < chunk_size:
                return True
        return False

    exhausted = fill()
    for future in running:
        chunk, alone = chunks.pop(future)
        try:
            yield from future.result()
        except Exception as exc:  # the worker died (KilledWorker) or the task could not run
            if alone:
                yield failed_result(chunk[0], f"Dask worker failed on this input: {type(exc).__name__}", job)
            else:
                for task in chunk:
                    submit([task], alone=True)
        future.release()
        if not exhausted:
            exhausted = fill()
