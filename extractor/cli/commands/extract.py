"""extractor extract PATH... -o OUT"""
from __future__ import annotations

import errno
import os
import sys

from ...writers.formats import DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMATS

NAME = "extract"
ORDER = 0
HELP = "extract procedures from Markdown or HTML files, directories, URLs or WARC files into JSON records"
DESCRIPTION = (
    "Extract every input (files, directories walked recursively for .md .markdown .mdx .txt .html .htm "
    ".warc .warc.gz, http(s) URLs fetched politely, every HTML record of a WARC, or - for stdin) "
    "into one JSON record each. OUT ending in .jsonl (or -) gets JSON Lines; OUT ending in .json (or "
    ".jsonld) gets one JSON document, an array of records; any other OUT (or one ending in /) is a directory "
    "with one .json per input. -j defaults to the number of CPUs this process may use. A run state kept with the output (OUT/.extractor-state.sqlite, or "
    "OUT.jsonl.state.sqlite) makes runs resumable: running the same command again skips inputs that are "
    "unchanged and finishes a run that was killed. Exit 0 when all inputs succeeded, 1 when some failed "
    "(their error records are in the output), 2 on usage errors (an output path that cannot be created "
    "included), 3 when the output could not be written (disk full, I/O error: the output and its run state "
    "stay as last committed; run the same command again to resume)."
)


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, URL, WARC file, or - for stdin")
    parser.add_argument("-o", "--output", default="-", metavar="OUT", help="OUT.jsonl, a directory, or - (stdout; default)")
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help=f"worker processes (default: the CPUs this process may use, here {usable_cpus()}; "
                             "-j 1 runs in this process)")
    parser.add_argument("--unordered", action="store_true", help="write records as they finish, not in input order")
    parser.add_argument("--force", action="store_true", help="redo every input, even those unchanged since the last run")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="time limit per document (default 60; 0 = none); over it, an error record")
    parser.add_argument("--max-memory", default=None, metavar="SIZE",
                        help="memory limit per worker process, e.g. 2G (default none); runs documents in workers")
    parser.add_argument("--max-bytes", type=int, default=None, help="inputs larger than this become error records")
    parser.add_argument("--dask", action="store_true", help="run on a Dask cluster started for this run (-j workers)")
    parser.add_argument("--scheduler", metavar="tcp://HOST:8786", help="run on an existing Dask scheduler")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (the summary is still printed)")
    parser.add_argument("--rules", metavar="FILE",
                        help="a TOML rule file merged over the packaged rules (see `extractor rules`)")
    parser.add_argument("--input-format", choices=("markdown", "html"), default=None,
                        help="read every input as this format (default: by suffix, then by content)")
    parser.add_argument("--format", choices=tuple(OUTPUT_FORMATS), default=DEFAULT_OUTPUT_FORMAT,
                        help="; ".join(f"{f.name}: {f.help}" for f in OUTPUT_FORMATS.values()))
    parser.add_argument("--no-site-template", action="store_true",  # extractor/corpus/template.py
                        help="do not learn each site's template (lines recurring across its articles) from the batch")
    dedupe = parser.add_mutually_exclusive_group()  # corpus dedupe (extractor/corpus/mark.py)
    dedupe.add_argument("--dedupe", action="store_const", const="near",
                        help="after extracting, set duplicate_of on near-duplicate records (needs -o OUT.jsonl or a directory)")
    dedupe.add_argument("--dedupe-exact", dest="dedupe", action="store_const", const="exact",
                        help="the same, but only on exact copies (as dedupe --exact)")


def run(args) -> int:
    from ...errors import UsageError
    from ...runner import INPUT_SUFFIXES, find_inputs
    from ...runner import run as run_batch
    from ...runstate import Output
    from .. import EXIT_INTERRUPTED, UsageProblem
    from ..outputs import check_format_matches, check_output_path, output_kind
    from ..progress import progress_bar, progress_wanted

    kind = output_kind(args.output)
    if args.dedupe and (kind in ("stdout", "json") or args.format != "records"):
        raise UsageProblem("--dedupe needs records written to a JSON Lines file or a directory (-o OUT.jsonl or -o DIR)")
    check_output_path(args.output)
    check_format_matches(args.output, args.format)
    if args.jobs is None:
        args.jobs = usable_cpus()
    if (args.jobs > 1 or args.max_memory) and not (args.dask or args.scheduler):
        from ...workers import start_forkserver

        start_forkserver()  # worker processes will be needed: their server warms up meanwhile
    options, limits = _options(args, UsageProblem)
    executor = _executor(args, UsageProblem)
    if not args.quiet:
        for path in _empty_directories(args.paths):
            print(f"extractor extract: warning: no inputs in {path} (known suffixes: {', '.join(INPUT_SUFFIXES)})",
                  file=sys.stderr)
    try:
        output = _open_output(args, kind, Output)
    except UsageError as exc:
        raise UsageProblem(exc.reason) from None
    except OSError as exc:  # -o under a file, in a folder we may not write, ...
        raise UsageProblem(f"cannot use {args.output!r} as the output: {exc.strerror or exc}") from None
    for notice in output.notices:
        print(f"extractor extract: {notice}", file=sys.stderr)
    counter = _Counter(progress_wanted(args.quiet, args.no_progress))
    inputs = find_inputs(args.paths)
    if counter.show or not args.no_site_template:
        inputs = list(inputs)  # walked once: counted for the bar, read by the site pass, then extracted
    try:
        with progress_bar("extracting", enabled=counter.show, total=len(inputs) if counter.show else None) as tick:
            counter.tick = tick
            report = run_batch(inputs, output.sink, expanded=True, jobs=args.jobs, options=options, limits=limits,
                               ordered=not args.unordered, state=output.state, force=args.force,
                               executor=executor, progress=counter, format=args.format,
                               learn_templates=not args.no_site_template,
                               keep_templates=_kept_templates(args.output, kind))
        output.finish(ordered=not args.unordered)
        if args.dedupe:  # corpus dedupe: a post-pass that rewrites the finished output atomically
            from ...corpus.mark import mark_output
            marked = mark_output(args.output, exact=args.dedupe == "exact")
            output.resync()
            if not args.quiet:
                print(f"dedupe: {len(marked.groups)} duplicate groups, {marked.changed} records marked duplicate_of",
                      file=sys.stderr)
    except KeyboardInterrupt:
        print(interrupted_message(counter.written, args.output, kind), file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        return write_failed(exc)
    finally:
        output.close()
    if not args.quiet:
        print(summary(report), file=sys.stderr)
        for line in report.error_paths:
            print(f"  error: {line}", file=sys.stderr)
    return report.exit_code


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class _Counter:
    """The runner's progress callback: counts records written (for Ctrl-C) and moves the bar."""

    def __init__(self, show: bool):
        self.show, self.written, self.tick = show, 0, None

    def __call__(self, result) -> None:
        if getattr(result, "kind", None) != "skipped":
            self.written += 1
        if self.tick:
            self.tick(result)


def interrupted_message(written: int, target: str, kind: str) -> str:
    records = f"{written} record{'s' if written != 1 else ''}"
    if kind == "stdout":
        return f"extractor extract: interrupted after {records} written to stdout"
    if kind == "json":
        return (f"extractor extract: interrupted: {records} written to {target}; a .json output starts over "
                f"when run again (write .jsonl to resume)")
    return (f"extractor extract: interrupted: {records} written to {target}; run the same command again "
            f"to resume where it stopped")


def _empty_directories(paths) -> list[str]:
    """Directories given as inputs that hold no file extract would read."""
    from ...runner import find_inputs

    return [p for p in paths if os.path.isdir(p) and next(iter(find_inputs([p])), None) is None]


def _open_output(args, kind: str, Output):
    suffix = OUTPUT_FORMATS[args.format].suffix
    if kind != "json":
        return Output(args.output, force=args.force, suffix=suffix)
    from types import SimpleNamespace

    from ...writers.records import JsonArraySink

    return SimpleNamespace(sink=JsonArraySink(args.output), state=None, notices=[], finish=lambda **_: None,
                           resync=lambda: None, close=lambda: None)


WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS})
EXIT_WRITE_FAILED = 3


def write_failed(exc: OSError) -> int:
    """Exit 3 for an output that could not be written (not 1: that says some inputs failed)."""
    if exc.errno not in WRITE_FAILURES:
        raise exc
    print(f"extractor extract: cannot write the output: {exc.strerror or exc}; what was committed is kept, "
          "run the same command again to resume", file=sys.stderr)
    return EXIT_WRITE_FAILED


def _options(args, UsageProblem):
    from dataclasses import replace

    from ...limits import Limits, parse_size
    from ...options import Options

    if args.jobs < 1:
        raise UsageProblem("--jobs must be at least 1")
    if args.timeout is not None and args.timeout < 0:
        raise UsageProblem("--timeout must not be negative")
    try:
        max_memory = parse_size(args.max_memory) if args.max_memory else 0
    except ValueError:
        raise UsageProblem(f"--max-memory: not a size: {args.max_memory!r} (try 512M or 2G)") from None
    options = Options(rules=_rules(args, UsageProblem), input_format=args.input_format)
    if args.max_bytes is not None:
        options = replace(options, max_bytes=args.max_bytes)
    timeout = options.timeout if args.timeout is None else args.timeout
    return options, Limits(timeout=timeout, max_memory=max_memory)


def _rules(args, UsageProblem):
    """The rule set, loaded and checked before any input is read or any output opened (exit 2 if bad)."""
    from ...errors import RulesError
    from ...rules import Rules, default_rules

    try:
        return Rules.load(args.rules) if args.rules else default_rules()
    except RulesError as exc:
        raise UsageProblem(f"invalid rules: {exc.reason}") from None


def _kept_templates(output: str, kind: str) -> str | None:
    """Where the learned site templates are kept: beside the run state (none for stdout or a .json array)."""
    from ...runstate import state_path

    return None if kind in ("stdout", "json") else state_path(output) + ".site-template.json"


def _executor(args, UsageProblem):
    if not (args.dask or args.scheduler):
        return None
    from ...distributed import DaskUnavailable, dask_executor

    try:
        return dask_executor(scheduler=args.scheduler, workers=args.jobs)
    except DaskUnavailable as exc:
        raise UsageProblem(str(exc)) from None


def summary(report) -> str:
    rate = report.documents / report.seconds if report.seconds else 0.0
    skipped = f", {report.skipped} unchanged (skipped)" if report.skipped else ""
    return (f"{report.documents} documents, {report.procedures} procedures, {report.steps} steps, "
            f"{report.boilerplate} boilerplate blocks, {report.errors} errors{skipped} in {report.seconds:.1f}s "
            f"({rate:.0f} docs/s)")
