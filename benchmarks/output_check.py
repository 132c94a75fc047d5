"""Is the output byte-identical to an earlier run? The check every speed change must pass.

    .venv/bin/python benchmarks/output_check.py write before.jsonl [--limit 1500]
    ... change the code ...
    .venv/bin/python benchmarks/output_check.py compare before.jsonl [--limit 1500]

Writes one JSON line per input, as ``extract`` would: the first ``--limit`` corpus posts (with the
site pass learning from exactly those posts first, so both runs learn from the same inputs), then
the AEB HTML pages and the Markdown/HTML files under ``samples/``; with ``--wcxb DIR``, also
``--wcxb-limit`` WCXB pages (``DIR/html/NNNN.html.gz``) spread evenly over the set, bigger and more
varied HTML than AEB. ``compare`` redoes the same and names the first inputs whose record differs;
exit status 1 when any does. Keep the written file outside the tree.

    .venv/bin/python benchmarks/output_check.py write before.jsonl --wcxb ../shared/eval/wcxb-dev --wcxb-limit 300

A change to the rules' data changes the rules digest every record carries; ``compare --ignore-rules-digest``
says whether anything else changed (which records a new word list labels differently).
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path
from typing import Iterator

from extractor.corpus.template import SiteLearner
from extractor.options import Options
from extractor.pipeline import FORMAT_SUFFIXES, extract_bytes
from extractor.rules import default_rules
from extractor.runner import find_inputs

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "techidaily"
DEFAULT_AEB = ROOT.parent / "shared" / "eval" / "aeb"
_RULES_DIGEST = re.compile(r'"rules_digest":"[0-9a-f]*"')


def wcxb_sample(folder: Path, limit: int) -> list[Path]:
    """``limit`` WCXB pages spread evenly over the sorted set (every k-th), so every page type shows."""
    pages = sorted((folder / "html").glob("*.html.gz"))
    step = max(1, len(pages) // limit) if limit > 0 else 1
    return pages[::step][:limit]


def corpus_paths(corpus: str, limit: int) -> list[str]:
    return list(find_inputs([corpus]))[:limit] if limit > 0 else []


def inputs(corpus: str, limit: int, aeb: Path, wcxb: Path | None = None,
           wcxb_limit: int = 300) -> Iterator[tuple[str, bytes]]:
    for path in corpus_paths(corpus, limit):
        yield path, Path(path).read_bytes()
    for path in sorted((aeb / "html").glob("*.html.gz")):
        yield path.name[: -len(".gz")], gzip.decompress(path.read_bytes())
    for path in sorted((ROOT / "samples").rglob("*")):
        if path.is_file() and path.name.endswith(FORMAT_SUFFIXES):
            yield str(path.relative_to(ROOT)), path.read_bytes()
    if wcxb is not None:
        for path in wcxb_sample(wcxb, wcxb_limit):
            yield "wcxb/" + path.name[: -len(".gz")], gzip.decompress(path.read_bytes())


def records(corpus: str, limit: int, aeb: Path, wcxb: Path | None = None,
            wcxb_limit: int = 300) -> Iterator[tuple[str, str]]:
    """(input name, record JSON) for every input, the corpus posts with their learned site templates."""
    items = list(inputs(corpus, limit, aeb, wcxb, wcxb_limit))
    rules = default_rules()
    learner = SiteLearner(rules.site_template, rules.words.step_label)
    for path, data in items[:len(corpus_paths(corpus, limit))]:  # the corpus posts come first
        learner.add_text(path, data.decode("utf-8", errors="replace"))
    options = Options(site_templates=learner.templates() or None)
    for path, data in items:
        try:
            yield path, extract_bytes(data, path, options=options).model_dump_json()
        except Exception as exc:  # an error is output too: it must stay the same error
            yield path, f"ERROR {type(exc).__name__}: {exc}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("write", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB)
    parser.add_argument("--limit", type=int, default=1500, help="corpus posts (default 1,500; 0: none)")
    parser.add_argument("--wcxb", type=Path, default=None, help="also check WCXB pages from this folder")
    parser.add_argument("--wcxb-limit", type=int, default=300, help="WCXB pages, spread over the set (default 300)")
    parser.add_argument("--ignore-rules-digest", action="store_true",
                        help="compare: records that differ only by the rules digest count as the same")
    args = parser.parse_args(argv)
    lines = [f"{path}\t{record}\n"
             for path, record in records(args.corpus, args.limit, args.aeb, args.wcxb, args.wcxb_limit)]
    if args.action == "write":
        args.file.write_text("".join(lines), encoding="utf-8")
        print(f"wrote {len(lines)} records to {args.file}")
        return 0
    before = args.file.read_text(encoding="utf-8").splitlines(keepends=True)
    if len(before) != len(lines):
        print(f"{len(lines)} records now, {len(before)} before", file=sys.stderr)
    if args.ignore_rules_digest:
        lines, before = ([_RULES_DIGEST.sub("", line) for line in run] for run in (lines, before))
    differ = [line.split("\t", 1)[0] for line, old in zip(lines, before) if line != old]
    for name in differ[:10]:
        print(f"differs: {name}", file=sys.stderr)
    ok = not differ and len(before) == len(lines)
    print(f"{len(lines)} records: {'byte-identical' if ok else f'{len(differ)} differ'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
