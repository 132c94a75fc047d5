"""Count steps whose text an app would show untidy: a space before . , : or a stray * or _.

    .venv/bin/extractor extract /work/shared/corpus/techidaily -o /tmp/ux-corpus.jsonl -j 2
    .venv/bin/python benchmarks/step_text_check.py /tmp/ux-corpus.jsonl [--show 20]

Also counts steps whose text ends with words their Markdown does not have (the text took a
paragraph the Markdown left out). Substeps count as steps.
"""
from __future__ import annotations

import argparse
import json
import re
import sys

SPACE_BEFORE = re.compile(r"\s[.,:](?!\w)")  # "Open Device Manager ." but not "type .exe" or "ipconfig /all :x"
STRAY = re.compile(r"(?<![\w/\\.-])[*_]|[*_](?![\w/\\.-])")  # emphasis markers left over; not snake_case


def steps_of(steps):
    for step in steps:
        yield step
        yield from steps_of(step.get("substeps", []))


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _ends_inside(text: str, markdown: str) -> bool:
    """The last four words of ``text`` appear in ``markdown`` (link targets and markup ignored)."""
    tail = _squash(" ".join(text.split()[-4:]))
    return not tail or tail in _squash(re.sub(r"\]\([^)]*\)", "]", markdown))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records")
    parser.add_argument("--show", type=int, default=0, help="print this many examples of each problem")
    args = parser.parse_args(argv)
    total = 0
    found = {"space before . , :": [], "stray * or _": [], "text ends with words not in markdown": []}
    with open(args.records, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            for procedure in record.get("procedures", []):
                for step in steps_of(procedure["steps"]):
                    total += 1
                    text = step["text"]
                    if SPACE_BEFORE.search(text):
                        found["space before . , :"].append(text)
                    if STRAY.search(text):
                        found["stray * or _"].append(text)
                    if step.get("markdown") and not _ends_inside(text, step["markdown"]):
                        found["text ends with words not in markdown"].append(text)
    untidy = {id(t) for key in ("space before . , :", "stray * or _") for t in found[key]}
    print(f"{total} steps; untidy (space before punctuation or stray * _): {len(untidy)} "
          f"({100 * len(untidy) / max(total, 1):.2f} %)")
    for name, texts in found.items():
        print(f"  {name}: {len(texts)} ({100 * len(texts) / max(total, 1):.2f} %)")
        for text in texts[: args.show]:
            print(f"      {text[:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
