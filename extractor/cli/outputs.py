"""Checks on ``-o OUT`` made before a run starts, so a mistake costs a sentence, not a run.

Each check raises ``UsageProblem`` (exit 2) with what went wrong and what to type instead.
"""
from __future__ import annotations

import json
import os

from . import UsageProblem

KINDS = {"records": "extractor records", "howto-jsonld": "HowTo JSON-LD"}


def output_kind(target: str) -> str:
    """How ``extract`` writes ``target``: ``stdout``, ``jsonl``, ``json`` (one array) or ``directory``.

    A trailing slash always means a directory, so ``-o result.json/`` is how to get a directory
    whose name ends in ``.json``.
    """
    if target == "-":
        return "stdout"
    if target.endswith(("/", os.sep)):
        return "directory"
    if target.endswith(".jsonl"):
        return "jsonl"
    if target.endswith((".json", ".jsonld")):
        return "json"
    return "directory"


def check_output_path(target: str) -> None:
    """Refuse an output whose parent path runs through a regular file (it could never be created)."""
    if target == "-":
        return
    parent = os.path.dirname(os.path.abspath(target.rstrip("/" + os.sep) or target))
    while parent and not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if parent and not os.path.isdir(parent):
        raise UsageProblem(f"cannot use {target!r} as the output: {parent} is a file, not a directory; "
                           "choose another -o")
    if output_kind(target) != "directory" and os.path.isdir(target):
        raise UsageProblem(f"{target} is a directory; write into it with -o {target.rstrip('/')}/ "
                           f"or choose a file name")
    if output_kind(target) == "directory" and os.path.isfile(target.rstrip("/" + os.sep)):
        raise UsageProblem(f"{target} is a file; a directory output needs a new or existing directory")


def check_format_matches(target: str, format: str) -> None:
    """Refuse to overwrite an existing output that holds the other format (records vs HowTo JSON-LD)."""
    if output_kind(target) not in ("jsonl", "json") or not os.path.isfile(target):
        return
    held = _format_held(target)
    if held and held != format:
        raise UsageProblem(f"{target} holds {KINDS.get(held, held)}; writing {KINDS.get(format, format)} (--format {format}) would "
                           f"replace them. Choose another -o, or delete {target} first")


def _format_held(path: str) -> str | None:
    """``records`` or ``howto-jsonld`` from the first record in the file; None when it cannot tell."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return None
    first = head.lstrip("[ \n\r\t").split("\n", 1)[0] if path.endswith(".jsonl") else head
    try:
        value = json.loads(first)
    except json.JSONDecodeError:
        return _guess_from_text(head)
    if isinstance(value, list):
        value = value[0] if value else {}
    if not isinstance(value, dict):
        return None
    if "@context" in value or "@type" in value:
        return "howto-jsonld"
    if "source" in value or "schema_version" in value:
        return "records"
    return None


def _guess_from_text(head: str) -> str | None:
    if '"@context"' in head or '"@type"' in head:
        return "howto-jsonld"
    if '"schema_version"' in head:
        return "records"
    return None
