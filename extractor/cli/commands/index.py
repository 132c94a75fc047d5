"""extractor index RECORDS... --db procedures.sqlite"""
from __future__ import annotations

import sys

NAME = "index"
ORDER = 41
HELP = "add records to an SQLite procedure store (incremental; searchable with 'extractor search')"
DESCRIPTION = (
    "Read records (.jsonl, .json, or directories of them) into an SQLite database of articles, procedures, "
    "steps, UI elements, shortcuts, boilerplate counts, near-duplicate groups and repeated-procedure groups, "
    "with an FTS5 index over titles and steps (schema in docs/corpus.md). Unchanged records are skipped, so "
    "re-indexing the same records changes nothing. Exit 1 when some inputs could not be read as records, "
    "2 when DB is not a procedure store."
)


def add_arguments(parser) -> None:
    parser.add_argument("records", nargs="+", metavar="RECORDS",
                        help=".jsonl or .json records, directories of them, or - (JSON Lines on stdin)")
    parser.add_argument("--db", required=True, metavar="DB", help="SQLite file (created when missing)")
    parser.add_argument("--prune", action="store_true",
                        help="remove articles that are not among RECORDS (default: keep them; indexing only adds)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def run(args) -> int:
    import time

    from ...corpus.records import Skipped, iter_records
    from ...corpus.store import index_records, table_counts
    from ...errors import UsageError
    from .. import UsageProblem

    problems, errors = [], 0

    def documents():
        nonlocal errors
        for item in iter_records(args.records):
            if not isinstance(item, Skipped):
                yield item
            elif item.error_record:
                errors += 1
            else:
                problems.append(item)

    started = time.perf_counter()
    try:
        report = index_records(args.db, documents(), prune=args.prune)
    except UsageError as exc:
        raise UsageProblem(exc.reason) from None
    if not args.quiet:
        counts = table_counts(args.db)
        repeated = f", {report.repeated} repeated paths skipped" if report.repeated else ""
        removed = f", {report.removed} removed" if args.prune else ""
        print(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged{removed}, "
              f"{errors} error records skipped{repeated} in {time.perf_counter() - started:.1f}s; "
              f"{args.db} holds {counts['articles']} articles, {counts['procedures']} procedures, "
              f"{counts['procedure_groups']} procedure groups, {counts['steps']} steps", file=sys.stderr)
        for problem in problems[:20]:
            print(f"  skipped: {problem.origin}: {problem.reason}", file=sys.stderr)
    return 1 if problems else 0
