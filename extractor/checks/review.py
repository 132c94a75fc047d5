"""The review page: one self-contained HTML file to check extraction at a glance.

For each article the page shows the source on the left, with procedures, steps and boilerplate
coloured by their source lines, and the extracted procedures on the right; clicking a step
scrolls to its lines. Filters pick articles with lint findings, without procedures, or with
errors, and a search box looks in paths, titles and step text; a summary panel charts the batch
(the same ``Summary`` that ``extractor stats`` prints) and clicking a bar lists the articles it
counts. The list shows paths relative to the sources' common directory; j and k move through it.

Safety and size, since article text is untrusted and batches are large:

* data travel as JSON inside ``<script type="application/json">`` blocks with ``<``, ``>``, ``&``
  and the JavaScript line separators escaped as ``\\u003c`` etc., so no article text can close the
  block; the page script renders with ``textContent`` only and makes links clickable only for
  http(s) and mailto URLs; images are never loaded;
* a Content-Security-Policy allows the page's own inline script (by hash) and nothing else: no
  network requests, no other scripts, even if something slipped through;
* each article is its own JSON block, parsed only when the article is opened, and the article
  list renders in pages as it scrolls, so 1,000 articles open as fast as ten.

The assets (``assets/review.{html,css,js}``) are plain files so they can be edited and linted as
what they are.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable

from ..model import ErrorRecord, Step
from ..paths import fs_path
from .lint import Finding, lint_record
from .records import Loaded, parse_record
from .stats import PROCEDURES_BUCKETS, STEPS_BUCKETS, SummaryBuilder, bucket

MAX_SOURCE_BYTES = 2_000_000  # larger sources are cut (the page says so)
MAX_SEARCH_CHARS = 4_000  # step text per article the search box looks in (keeps the index small)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class ReviewOptions:
    source_root: str | None = None  # sources are read only under it (default: the current directory)
    read_sources: bool = True  # False: show the cleaned content instead of the source file
    max_source_bytes: int = MAX_SOURCE_BYTES
    title: str = "extractor review"


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


# --- one article -------------------------------------------------------------------------------------

def read_source(path: str, encoding: str | None, options: ReviewOptions,
                sha256: str | None = None) -> tuple[list[str] | None, str]:
    """The source file's lines and a note; (None, reason) when it is not shown.

    Records may come from anyone, so a source is read only when it is a regular file under the
    source root (``options.source_root``, default the current directory; symbolic links resolved
    first, so none leads out) whose bytes still hash to the record's ``sha256``. A FIFO or device is
    never waited on, and a path that is not a valid file name (a NUL in it) is just not shown.
    """
    if not options.read_sources:
        return None, "source not read (--no-source)"
    if "://" in path or path == "-":
        return None, "source is not a local file"
    if not sha256:
        return None, "source not shown: the record has no sha256 to check the file against"
    try:
        root = os.path.realpath(options.source_root or os.getcwd())
        local = fs_path(path)
        real = os.path.realpath(local if os.path.isabs(local) else os.path.join(root, local))
        if os.path.commonpath([root, real]) != root:
            return None, "source not shown: it is outside the source root (--source-root)"
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except ValueError:
        return None, "source not shown: its path is not a valid file name"
    except OSError as exc:
        return None, f"source file not found ({exc.strerror or exc})"
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, "source not shown: it is not a regular file"
        data, matches = _read_checked(fh, sha256, options.max_source_bytes)
    if not matches:
        return None, "source not shown: the file changed since extraction (its sha256 differs)"
    note = ""
    if len(data) > options.max_source_bytes:
        data, note = data[: options.max_source_bytes], f"source cut at {options.max_source_bytes:,} bytes"
    try:
        text = data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff").replace("\r\n", "\n").split("\n"), note


def _read_checked(fh, sha256: str, keep: int) -> tuple[bytes, bool]:
    """(the first ``keep`` + 1 bytes, whether the whole file hashes to ``sha256``), read in chunks."""
    digest, head = hashlib.sha256(), bytearray()
    while chunk := fh.read(1 << 20):
        digest.update(chunk)
        if len(head) <= keep:
            head += chunk[: keep + 1 - len(head)]
    return bytes(head), digest.hexdigest() == sha256.lower()


def _steps(steps: list[Step], prefix: str = "", depth: int = 0) -> list[dict]:
    out = []
    for index, step in enumerate(steps, 1):
        label = f"{prefix}{index}"
        out.append({
            "label": label, "depth": depth, "number": step.number, "text": step.text,
            "span": [step.source.line_start, step.source.line_end],
            "ui": step.ui_elements, "keys": step.shortcuts, "notes": step.notes,
            "links": [[link.text, link.url] for link in step.links],
            "images": len(step.images), "code": len(step.code),
        })
        out.extend(_steps(step.substeps, label + ".", depth + 1))
    return out


def _finding(f: Finding) -> dict:
    return {"code": f.code, "severity": f.severity, "name": f.name, "message": f.message,
            "procedure": f.procedure, "step": f.step, "line": f.line}


def article_data(index: int, loaded: Loaded, record, findings: list[Finding], options: ReviewOptions) -> dict:
    """Everything the page shows for one article (its detail view)."""
    article: dict[str, Any] = {"id": index, "path": loaded.source_path, "origin": loaded.origin,
                               "findings": [_finding(f) for f in findings]}
    if isinstance(record, str):
        article.update(status="invalid", error=record, lines=None, note="the record could not be read")
        return article
    if isinstance(record, ErrorRecord):
        lines, note = read_source(record.source.path, record.source.encoding, options, record.source.sha256)
        error = f"{record.error.stage}: {record.error.reason}" + (f" (line {record.error.line})" if record.error.line else "")
        article.update(status="error", error=error, title=None, lines=lines, note=note)
        return article
    lines, note = read_source(record.source.path, record.source.encoding, options, record.source.sha256)
    if lines is None:
        lines, note = record.content.markdown.split("\n"), f"{note}; showing the cleaned content (no line highlights)"
        article["spans"] = False
    else:
        article["spans"] = True
    article.update(
        status="ok", title=record.metadata.title, lines=lines, note=note,
        procedures=[{"title": p.title, "kind": p.kind.value, "origin": p.origin, "outcome": p.outcome,
                     "requirements": p.requirements, "section": p.section_path, "span": [p.source.line_start, p.source.line_end],
                     "steps": _steps(p.steps)} for p in record.procedures],
        boilerplate=[{"kind": b.kind.value, "rule": b.rule, "text": b.text[:300],
                      "span": [b.source.line_start, b.source.line_end]} for b in record.boilerplate],
        warnings=[{"code": w.code, "message": w.message, "line": w.line} for w in record.warnings],
    )
    return article


def index_entry(article: dict, record) -> dict:
    """The little the article list and its filters need: counts, the words the search box looks in
    (title, path, procedure titles and step text) and the facets a click on a summary chart filters by."""
    procedures = article.get("procedures", [])
    words = [article.get("title") or ""] + [text for p in procedures
                                             for text in [p["title"] or "", *(s["text"] for s in p["steps"])]]
    return {"id": article["id"], "path": article["path"], "title": article.get("title"), "status": article["status"],
            "procedures": len(procedures), "steps": sum(len(p["steps"]) for p in procedures),
            "boilerplate": len(article.get("boilerplate", [])), "findings": len(article["findings"]),
            "text": " ".join(words).lower()[:MAX_SEARCH_CHARS], "facets": sorted(_facets(article))}


def _facets(article: dict) -> set[str]:
    """``chart:label`` for every summary chart bar this article counts in (see ``SummaryBuilder``)."""
    procedures = article.get("procedures", [])
    facets = {f"lint:{f['code']}" for f in article["findings"]}
    if article["status"] != "ok":
        return facets
    facets.add(f"procs:{bucket(len(procedures), PROCEDURES_BUCKETS)}")
    facets.update(f"bp:{b['kind']}" for b in article.get("boilerplate", []))
    for p in procedures:
        facets.add(f"origin:{p['origin']}")
        facets.add(f"steps:{bucket(sum(1 for s in p['steps'] if s['depth'] == 0), STEPS_BUCKETS)}")
        for step in p["steps"]:
            facets.update(f"ui:{u}" for u in step["ui"])
            facets.update(f"key:{k}" for k in step["keys"])
    return facets


def relative_paths(index: list[dict]) -> str | None:
    """Show list paths relative to the directory all local sources share; return that directory."""
    local = [entry["path"] for entry in index if entry["path"] and "://" not in entry["path"] and entry["path"] != "-"]
    if len(local) != len(index) or not local:
        return None
    try:
        root = os.path.commonpath([os.path.dirname(path) or "." for path in local])
    except ValueError:  # absolute and relative paths mixed
        return None
    if root in ("", ".", os.sep):
        return None
    for entry in index:
        entry["full_path"], entry["path"] = entry["path"], os.path.relpath(entry["path"], root)
    return root


# --- the page ------------------------------------------------------------------------------------------

def _asset(name: str) -> str:
    return resources.files("extractor.checks").joinpath("assets", name).read_text(encoding="utf-8")


def build_review(records: Iterable[Loaded], options: ReviewOptions = ReviewOptions()) -> tuple[str, dict]:
    """The page as HTML text, and the summary it shows (as a dict)."""
    builder = SummaryBuilder()
    index, blocks = [], []
    for number, loaded in enumerate(records):
        record = parse_record(loaded)
        findings = lint_record(loaded, record=record)
        builder.add(record, findings)
        article = article_data(number, loaded, record, findings, options)
        index.append(index_entry(article, record))
        blocks.append(f'<script type="application/json" id="article-{number}">{script_json(article)}</script>')
    summary = builder.build().as_dict()
    root = relative_paths(index)
    script = _asset("review.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    replacements = {
        "@TITLE@": _html_text(options.title),
        "@SCRIPT_HASH@": f"'sha256-{digest}'",
        "/*@STYLE@*/": _asset("review.css"),
        "/*@SCRIPT@*/": script,
        "@INDEX@": script_json(index),
        "@META@": script_json({"root": root}),
        "@SUMMARY@": script_json(summary),
        "@ARTICLES@": "\n".join(blocks),
    }
    # One pass over the template: text put in is never scanned again for markers.
    markers = re.compile("|".join(re.escape(key) for key in replacements))
    return markers.sub(lambda match: replacements[match.group(0)], _asset("review.html")), summary


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
