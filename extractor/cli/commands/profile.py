"""extractor profile PATH... -o site.toml"""
from __future__ import annotations

import sys
from pathlib import Path

NAME = "profile"
ORDER = 1
HELP = "learn each site's template (lines recurring across its articles) from a batch, as a reviewable file"
DESCRIPTION = (
    "Read the Markdown inputs (files and directories, walked recursively) and write what recurs across "
    "each site's articles -- promos, widgets, related-post links -- as a rules file a person can review. "
    "`extractor extract --rules FILE` applies it to any input later, a single file included. "
    "A batch run of `extract` learns the same by itself. Exit 0, or 2 on usage errors."
)


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories of one or more sites")
    parser.add_argument("-o", "--output", default="-", metavar="FILE", help="the TOML file (default: stdout)")


def run(args) -> int:
    from ...corpus.template import learn, to_toml
    from ...rules import default_rules
    from ...runner import find_inputs, markdown_inputs
    from ...writers.files import atomic_write

    inputs = markdown_inputs(find_inputs(args.paths))
    learner = learn(inputs, default_rules(), keep_text=True)
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
