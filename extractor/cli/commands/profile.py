"""extractor profile PATH... -o site.toml"""
from __future__ import annotations

import sys
from pathlib import Path

NAME = "profile"
ORDER = 1
HELP = "learn each site's template (lines recurring across its articles) from a batch, as a reviewable file"
DESCRIPTION = (
    "Read the Markdown inputs (files and directories, walked recursively) and write what recurs across "
    "each site's articles -- promos, widgets, related-post links -- as a TOML file a person can review. "
    "`extractor extract --site-template FILE` applies it to any input later, a single file included. "
    "A batch run of `extract` learns the same by itself. Exit 0, or 2 on usage errors."
)


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories of one or more sites")
    parser.add_argument("-o", "--output", default="-", metavar="FILE", help="the TOML file (default: stdout)")


def run(args) -> int:
    from ...corpus.template import learn, to_toml
    from ...data import step_rules
    from ...runner import MARKDOWN_SUFFIXES, find_inputs
    from ...writers.files import atomic_write

    inputs = [path for path in find_inputs(args.paths) if path.lower().endswith(MARKDOWN_SUFFIXES)]
    learner = learn(inputs, step_label=step_rules().step_label, keep_text=True)
    templates = learner.templates()
    text = to_toml(templates, learner.text_of, inputs=len(inputs))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        atomic_write(Path(args.output), text.encode("utf-8"))
    keys = sum(len(keys) for keys in templates.by_site.values())
    print(f"profile: {len(inputs)} Markdown inputs, {len(templates.by_site)} sites, {keys} template lines",
          file=sys.stderr)
    return 0
