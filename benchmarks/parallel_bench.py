"""Parallel runs on the corpus: documents/s at -j 1 and -j 2, the speed-up, and peak RSS as the corpus grows.

    .venv/bin/python benchmarks/parallel_bench.py [--corpus ../shared/corpus/techidaily] [--small 1000]
                                                  [--repeat 1] [--overhead] [--json]

Every figure comes from a real ``extractor extract DIR -o OUT.jsonl --force`` subprocess, as a user
would run it:

- documents/s = documents / wall-clock seconds of the whole command (start-up included);
- peak RSS = the largest sum of resident memory over the command and all its descendants (worker
  processes, the forkserver), sampled every 20 ms with psutil;
- the RSS comparison runs -j 2 over the first ``--small`` posts (in sorted order) and over all of them;
- CPU seconds of the parent and of its descendants (sampled the same way) give the speed-up two
  idle cores would show (``projected_speedup``), a check on the wall-clock figure on a busy machine;
  ``projected_speedup_serial`` also counts the parent: its CPU until the first record reaches the
  output (start-up, rules, its part of the site pass) as serial, the rest as sharing the cores;
- ``--overhead`` also measures what the limits cost on the small set: -j 1 with no time limit,
  -j 1 with the SIGALRM time limit (the default), and -j 1 in one worker process (``--max-memory``).

The machine is shared, so each figure is the best of ``--repeat`` runs; the load average at the start
is printed beside the results. On Linux with ``sched_autogroup_enabled`` (as here) the scheduler
shares the CPUs between *sessions*, not processes: while other sessions are busy, a -j 2 run gets no
more CPU than a -j 1 run, and only the projected figure says what the second core buys.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "techidaily"


def measure(inputs: Path, out: Path, *flags: str) -> dict:
    command = [sys.executable, "-m", "extractor", "extract", str(inputs), "-o", str(out), "--force", "-q", *flags]
    out.unlink(missing_ok=True)  # so that its first bytes are this run's first record
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, cpu = 0, {}
    serial = None  # the parent's CPU seconds when the first record reaches the output
    while process.poll() is None:
        peak = max(peak, tree_rss(process, cpu))
        if serial is None and out.exists() and out.stat().st_size > 0:
            serial = cpu.get(process.pid, 0.0)
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode(errors='replace')}")
    documents = sum(1 for _ in open(out, "rb"))
    parent_cpu = cpu.pop(process.pid, 0.0)
    workers_cpu = sum(cpu.values())
    return {"flags": " ".join(flags), "documents": documents, "seconds": round(seconds, 2),
            "docs_per_s": round(documents / seconds, 1), "peak_rss_mb": round(peak / 2**20, 1),
            "cpu_parent_s": round(parent_cpu, 2), "cpu_workers_s": round(workers_cpu, 2),
            "cpu_parent_before_output_s": round(parent_cpu if serial is None else serial, 2)}


def tree_rss(process: psutil.Process, cpu: dict[int, float]) -> int:
    """RSS of the process and its descendants; records each one's CPU seconds so far in ``cpu``."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            with member.oneshot():
                total += member.memory_info().rss
                times = member.cpu_times()
                cpu[member.pid] = max(cpu.get(member.pid, 0.0), times.user + times.system)
        except psutil.Error:
            pass
    return total


def projected_speedup(j1: dict, j2: dict, jobs: int = 2) -> float:
    """The -j 2 speed-up on an idle machine with ``jobs`` free cores, from CPU seconds alone.

    -j 1 needs ``cpu(j1)``; -j 2 needs its workers' CPU spread over ``jobs`` cores, but no less
    than the parent's serial share. This is what a quiet machine would show, and a check on the
    wall-clock figure when others share the CPUs.
    """
    one = j1["cpu_parent_s"] + j1["cpu_workers_s"]
    two = max(j2["cpu_workers_s"] / jobs, j2["cpu_parent_s"])
    return round(one / two, 2) if two else 0.0


def projected_speedup_serial(j1: dict, j2: dict, jobs: int = 2) -> float:
    """The same projection, counting the parent's CPU too: what it does before the first record is
    written (start-up, rules, its share of the site pass) is serial, and the rest shares the ``jobs``
    cores with the workers. Closer to a quiet machine's wall clock than ``projected_speedup``, which
    leaves the parent out whenever the workers need more."""
    one = j1["cpu_parent_s"] + j1["cpu_workers_s"]
    serial = j2["cpu_parent_before_output_s"]
    two = serial + (j2["cpu_workers_s"] + j2["cpu_parent_s"] - serial) / jobs
    return round(one / two, 2) if two else 0.0


def best(runs: list[dict]) -> dict:
    return min(runs, key=lambda r: r["seconds"])


def first_posts(corpus: Path, n: int, into: Path) -> Path:
    """A folder of symlinks to the first ``n`` posts, in the order the runner walks them."""
    from extractor.runner import find_inputs

    into.mkdir()
    for i, path in enumerate(find_inputs([str(corpus)])):
        if i == n:
            break
        os.symlink(os.path.abspath(path), into / f"{i:05d}-{os.path.basename(path)}")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--overhead", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small = first_posts(args.corpus, args.small, tmp / "small")
        out = tmp / "out.jsonl"
        results = {
            "load_average": [round(x, 2) for x in load],
            "cpus": os.cpu_count(),
            "j1": best([measure(args.corpus, out, "-j", "1") for _ in range(args.repeat)]),
            "j2": best([measure(args.corpus, out, "-j", "2") for _ in range(args.repeat)]),
            "j2_small": best([measure(small, out, "-j", "2") for _ in range(args.repeat)]),
        }
        if args.overhead:
            results["overhead"] = [best([measure(small, out, *flags) for _ in range(args.repeat)])
                                   for flags in (("--timeout", "0"), ("--timeout", "60"), ("--max-memory", "4G"))]
    results["speedup"] = round(results["j2"]["docs_per_s"] / results["j1"]["docs_per_s"], 2)
    results["projected_speedup"] = projected_speedup(results["j1"], results["j2"])
    results["projected_speedup_serial"] = projected_speedup_serial(results["j1"], results["j2"])
    results["rss_growth"] = round(results["j2"]["peak_rss_mb"] / results["j2_small"]["peak_rss_mb"] - 1, 3)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"load average at start {results['load_average']}, {results['cpus']} CPUs")
    for key in ("j1", "j2", "j2_small"):
        r = results[key]
        print(f"{key:9} {r['documents']:6} docs {r['seconds']:8.2f} s {r['docs_per_s']:8.1f} docs/s "
              f"peak RSS {r['peak_rss_mb']:7.1f} MB  CPU parent {r['cpu_parent_s']:6.1f} s "
              f"(before the first record {r['cpu_parent_before_output_s']:5.1f} s) "
              f"workers {r['cpu_workers_s']:6.1f} s  ({r['flags']})")
    print(f"speed-up -j 2 / -j 1: {results['speedup']:.2f}x wall clock; "
          f"{results['projected_speedup']:.2f}x projected for 2 idle cores from CPU seconds, "
          f"{results['projected_speedup_serial']:.2f}x counting the parent (serial until its first record)")
    print(f"peak RSS, all posts vs first {args.small}: {results['rss_growth']:+.1%}")
    for r in results.get("overhead", []):
        print(f"overhead  {r['documents']:6} docs {r['seconds']:8.2f} s {r['docs_per_s']:8.1f} docs/s  ({r['flags']})")


if __name__ == "__main__":
    main()
