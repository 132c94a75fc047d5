"""extractor dedupe RECORDS... -o groups.json"""
from __future__ import annotations

import json
import sys

NAME = "dedupe"
ORDER = 40
HELP = "group records whose cleaned content is the same or nearly the same"
DESCRIPTION = (
    "Read records (.jsonl, .json, or directories of them), group near-duplicate articles by their cleaned "
    "text (MinHash/LSH, never all pairs) and write {\"groups\": [[canonical, duplicate, ...], ...]}. "
    "The canonical record is the earliest dated, then the one with most steps, then the longest, then the "
    "smallest path. --exact groups only bodies identical as written (content.body_sha256). "
    "Exit 1 when some inputs could not be read as records."
)


def add_arguments(parser) -> None:
    parser.add_argument("records", nargs="+", metavar="RECORDS",
                        help=".jsonl or .json records, directories of them, or - (JSON Lines on stdin)")
    parser.add_argument("-o", "--output", default="-", metavar="OUT",
                        help="groups JSON file, or - for stdout (default)")
    parser.add_argument("--threshold", type=float, default=None, metavar="J",
                        help="estimated Jaccard similarity of 3-word shingles to count as duplicates (default 0.7)")
    parser.add_argument("--exact", action="store_true",
                        help="group only records whose body is identical as written, blank lines included, once "
                             "front matter, title heading and boilerplate are cut (content.body_sha256): verbatim "
                             "re-posts, never a false pair, but copies with ads in other places stay apart")
    parser.add_argument("--procedures", metavar="OUT", default=None,
                        help="also write repeated procedures (equal or near-equal steps in two or more articles) "
                             "with their support counts to OUT (JSON)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def run(args) -> int:
    from ...corpus.dedupe import (DEFAULT_SKETCH, duplicate_of, fingerprint_record, group_exact, group_sketched,
                                  groups_document, sketch_record)
    from ...corpus.procedure_groups import group_procedures, repeated_document, sketch_procedures
    from ...corpus.records import Skipped, iter_records
    from .. import UsageProblem

    options = DEFAULT_SKETCH
    if args.threshold is not None:
        if not 0.0 < args.threshold <= 1.0:
            raise UsageProblem("--threshold must be in (0, 1]")
        from dataclasses import replace
        options = replace(options, threshold=args.threshold)
    if args.exact and args.threshold is not None:
        raise UsageProblem("--threshold applies to near duplicates; --exact compares digests")
    sketch = fingerprint_record if args.exact else (lambda record: sketch_record(record, options))
    sketches, procedures, problems, errors = [], [], [], 0
    for item in iter_records(args.records):
        if isinstance(item, Skipped):
            if item.error_record:
                errors += 1
            else:
                problems.append(item)
        else:
            sketches.append(sketch(item))
            if args.procedures:
                procedures.extend(sketch_procedures(item))
    groups = group_exact(sketches) if args.exact else group_sketched(sketches, options)
    undigested = sum(1 for s in sketches if s.body is None) if args.exact else 0
    _write(args.output, groups_document(groups))
    if args.procedures:
        repeated = group_procedures([p for p, _ in procedures], duplicate_of(groups))
        _write(args.procedures, repeated_document(repeated, {p.ref: summary for p, summary in procedures}))
    if not args.quiet:
        duplicates = sum(len(g.duplicates) for g in groups)
        print(f"{len(sketches)} documents, {len(groups)} duplicate groups, {duplicates} duplicates "
              f"({errors} error records skipped)", file=sys.stderr)
        for problem in problems[:20]:
            print(f"  skipped: {problem.origin}: {problem.reason}", file=sys.stderr)
        if undigested:
            print(f"  {undigested} records have no content.body_sha256 (made before schema 1.1.0) and were "
                  f"left ungrouped: extract them again", file=sys.stderr)
    return 1 if problems or undigested else 0


def _write(target: str, document: dict) -> None:
    from pathlib import Path

    from ...writers.files import atomic_write

    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        atomic_write(Path(target), text.encode("utf-8"))
