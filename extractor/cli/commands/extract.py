"""extractor extract PATH... -o OUT"""
from __future__ import annotations

import sys

NAME = "extract"
ORDER = 0
HELP = "extract procedures from Markdown files or directories into JSON records"
DESCRIPTION = (
    "Extract every input (files, directories walked recursively for .md .markdown .mdx .txt, or - for stdin) "
    "into one JSON record each. OUT ending in .jsonl (or -) gets JSON Lines; any other OUT is a directory "
    "with one .json per input. Exit 0 when all inputs succeeded, 1 when some failed (their error records "
    "are in the output), 2 on usage errors."
)


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    parser.add_argument("-o", "--output", default="-", metavar="OUT", help="OUT.jsonl, a directory, or - (stdout; default)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--max-bytes", type=int, default=None, help="inputs larger than this become error records")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    parser.add_argument("--format", choices=("records", "howto-jsonld"), default="records",
                        help="records (default): extractor's JSON records; howto-jsonld: schema.org HowTo JSON-LD")
    parser.add_argument("--dedupe", action="store_true",  # corpus dedupe (extractor/corpus/mark.py)
                        help="after extracting, set duplicate_of on near-duplicate records (needs -o OUT.jsonl or a directory)")


def run(args) -> int:
    from ...options import Options
    from ...runner import run as run_batch
    from ...writers.records import open_sink
    from .. import UsageProblem
    from ..progress import progress_bar

    if args.jobs < 1:
        raise UsageProblem("--jobs must be at least 1")
    if args.dedupe and (args.output == "-" or args.format != "records"):
        raise UsageProblem("--dedupe needs records written to a file or directory (-o OUT.jsonl or -o DIR)")
    options = Options() if args.max_bytes is None else Options(max_bytes=args.max_bytes)
    if args.format == "howto-jsonld":
        from ...writers.howto import HowToSink
        sink = HowToSink(args.output)
    else:
        sink = open_sink(args.output)
    with progress_bar("extracting") as tick:
        report = run_batch(args.paths, sink, jobs=args.jobs, options=options, progress=tick)
    if args.dedupe:  # corpus dedupe: a post-pass that rewrites the finished output atomically
        from ...corpus.mark import mark_output
        marked = mark_output(args.output)
        if not args.quiet:
            print(f"dedupe: {len(marked.groups)} duplicate groups, {marked.changed} records marked duplicate_of", file=sys.stderr)
    if not args.quiet:
        print(summary(report), file=sys.stderr)
        for line in report.error_paths:
            print(f"  error: {line}", file=sys.stderr)
    return report.exit_code


def summary(report) -> str:
    rate = report.documents / report.seconds if report.seconds else 0.0
    return (f"{report.documents} documents, {report.procedures} procedures, {report.steps} steps, "
            f"{report.boilerplate} boilerplate blocks, {report.errors} errors in {report.seconds:.1f}s ({rate:.0f} docs/s)")
