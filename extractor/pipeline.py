"""The extraction pipeline, top to bottom.

    read bytes -> decode -> split front matter -> parse to blocks -> normalise metadata
      -> classify boilerplate -> detect the language -> label the web's furniture
      -> label the site's template -> find procedures -> build the record

``STAGES`` lists the stages that work on the document model, in order; each is a function
``stage(doc, options) -> None`` in a module of its own under ``stages/``. Add a stage by inserting
it in the list. Front ends (``INPUT_FORMATS``) turn an input's text into the model; the rule set
every stage applies is ``options.rules`` (``extractor/rules/``).
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from .document import Document
from .errors import ExtractorError, LimitExceeded, ReadError
from .model import Content, DocumentRecord, ErrorDetail, ErrorRecord, Metadata, RecordWarning, Source
from .options import DEFAULT_OPTIONS, Options
from .readers.decode import decode
from .readers.front_matter import split_front_matter
from .readers.html import HTML_SUFFIXES, read_html
from .readers.html_decode import decode_html
from .readers.markdown import parse_markdown
from .rules import Rules, using
from .stages.boilerplate import classify_boilerplate
from .stages.content import build_content, collect_boilerplate
from .stages.furniture import label_furniture
from .stages.language import detect_language_stage
from .stages.metadata import normalise_metadata
from .stages.procedures import find_procedures
from .stages.structured import merge_structured
from .stages.template import label_template

Stage = Callable[[Document, Options], None]

# Every stage gets ``options`` with ``options.rules`` filled in (see ``_run``): the rules travel with
# the options, so a library user's or a ``--rules`` rule set reaches each stage.
STAGES: list[tuple[str, Stage]] = [
    ("metadata", lambda doc, options: normalise_metadata(doc, options.rules)),
    ("boilerplate", lambda doc, options: classify_boilerplate(doc, options.rules)),
    ("language", lambda doc, options: detect_language_stage(doc, options.rules)),
    ("furniture", lambda doc, options: label_furniture(doc, rules=options.rules.furniture_rules)),
    ("template", label_template),
    ("procedures", lambda doc, options: find_procedures(doc, options.rules)),
    ("structured", lambda doc, options: merge_structured(doc)),
]


def read_markdown(doc: Document, text: str) -> None:
    """Markdown front end: front matter, then blocks."""
    front_matter, body, body_line, warnings = split_front_matter(text)
    doc.front_matter = front_matter
    doc.body_start = body_line
    for code, message, line in warnings:
        doc.warn(code, message, line)
    doc.blocks = parse_markdown(body, body_line, mdx=doc.path.lower().endswith(".mdx"))


def _decode_markdown(data: bytes, content_type: str | None, max_bytes: int):
    return decode(data)


def _decode_html(data: bytes, content_type: str | None, max_bytes: int):
    return decode_html(data, content_type, max_bytes=max_bytes)


# An HTML document, not Markdown that holds some HTML: it opens with a doctype or a document-level
# element (after an optional XML declaration, comments and a byte-order mark).
_HTML_START = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
SNIFF_CHARS = 4096  # how much of an input the content test reads


@dataclass(frozen=True)
class InputFormat:
    """One input format: the suffixes that name it, how its bytes are decoded and how it is read."""

    name: str
    suffixes: tuple[str, ...]
    decode: Callable[[bytes, str | None, int], tuple[str, str | None, str | None]]
    read: Callable[[Document, str], None]
    sniff: Callable[[str], bool] = lambda text: False


# The one place input formats live: runner and inputs find files by these suffixes, ``guess_format``
# picks by suffix and then by content, ``--input-format`` chooses a name from here.
INPUT_FORMATS: dict[str, InputFormat] = {
    "markdown": InputFormat("markdown", (".md", ".markdown", ".mdx", ".txt", ".mdown", ".mkd"),
                            _decode_markdown, read_markdown),
    "html": InputFormat("html", HTML_SUFFIXES, _decode_html, read_html,
                        sniff=lambda text: bool(_HTML_START.match(text[:SNIFF_CHARS]))),
}
DEFAULT_FORMAT = "markdown"
MARKDOWN_SUFFIXES = INPUT_FORMATS["markdown"].suffixes
FORMAT_SUFFIXES = tuple(suffix for f in INPUT_FORMATS.values() for suffix in f.suffixes)
READERS: dict[str, Callable[[Document, str], None]] = {name: f.read for name, f in INPUT_FORMATS.items()}


def extract_text(text: str, path: str = "<text>", *, format: str | None = None, url: str | None = None,
                 options: Options = DEFAULT_OPTIONS, rules: Rules | None = None) -> DocumentRecord:
    """Extract one article given as text. Raises ExtractorError (with its stage) on failure.

    ``format``: "markdown" or "html"; by default the path's suffix, then the text itself, decides
    (an HTML document is read as HTML). ``url``: where the page lives, for relative links and
    ``source.url``. ``rules``: a rule set (``Rules.load(path)``) instead of ``options.rules``."""
    options = _with_rules(options, rules)
    format = format or options.input_format or guess_format(path, text)
    doc = Document(path=path, lines=text.split("\n"), format=format, url=url)
    return _run(doc, text, options)


def extract_bytes(data: bytes, path: str, *, format: str | None = None,
                  options: Options = DEFAULT_OPTIONS, url: str | None = None,
                  content_type: str | None = None, rules: Rules | None = None) -> DocumentRecord:
    """``url``: where the bytes came from (a fetched page, a WARC record), for source.url and relative links;
    ``content_type``: its HTTP Content-Type header, whose charset an HTML page is decoded with."""
    options = _with_rules(options, rules)
    doc, text = decode_document(data, path, format=format, options=options, url=url, content_type=content_type)
    return _run(doc, text, options)


def decode_document(data: bytes, path: str, *, format: str | None, options: Options, url: str | None = None,
                    content_type: str | None = None) -> tuple[Document, str]:
    """The empty document for an input's bytes, and its text (decoded as its format says)."""
    if len(data) > options.max_bytes:
        raise LimitExceeded(f"input is {len(data):,} bytes; the limit is {options.max_bytes:,} (--max-bytes)")
    format = format or options.input_format or guess_format(path, data[:SNIFF_CHARS].decode("utf-8", "replace"))
    text, encoding, warning = _input_format(format).decode(data, content_type, options.max_bytes)
    doc = Document(path=path, text=text, format=format, encoding=encoding,
                   sha256=hashlib.sha256(data).hexdigest(), url=url)
    if warning:
        doc.warn("encoding", warning)
    return doc, text


def extract_file(path: str | os.PathLike, *, options: Options = DEFAULT_OPTIONS,
                 rules: Rules | None = None) -> DocumentRecord:
    """Extract one file. Raises ExtractorError on failure; see ``extract_or_error`` for batch use."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    return extract_bytes(data, str(path), options=options, rules=rules)


def extract_or_error(path: str, *, options: Options = DEFAULT_OPTIONS,
                     rules: Rules | None = None) -> DocumentRecord | ErrorRecord:
    """Never raises for a bad document: failures come back as an ErrorRecord with stage and reason.
    (An invalid rule set is not a bad document: RulesError is raised before anything is read.)"""
    options = _with_rules(options, rules)
    try:
        return extract_file(path, options=options)
    except ExtractorError as exc:
        return error_record(path, exc)
    except RecursionError:
        return error_record(path, ExtractorError("nesting too deep to extract", stage="parse"))
    except Exception as exc:  # a bug in a stage must not stop a batch; the record says where
        return error_record(path, ExtractorError(f"internal error: {type(exc).__name__}: {exc}", stage="extract"))


def error_record(path: str, exc: ExtractorError) -> ErrorRecord:
    return ErrorRecord(source=Source(path=str(path)),
                       error=ErrorDetail(stage=exc.stage, reason=exc.reason, type=type(exc).__name__, line=exc.line))


def guess_format(path: str, text: str) -> str:
    """The input format a path's suffix names; for any other path (stdin, "<text>", no suffix) the one
    whose content test the text passes; else Markdown."""
    lower = path.lower()
    for name, input_format in INPUT_FORMATS.items():
        if lower.endswith(input_format.suffixes):
            return name
    for name, input_format in INPUT_FORMATS.items():
        if input_format.sniff(text):
            return name
    return DEFAULT_FORMAT


def _input_format(name: str) -> InputFormat:
    try:
        return INPUT_FORMATS[name]
    except KeyError:
        raise ReadError(f"no reader for format {name!r} (known: {', '.join(INPUT_FORMATS)})") from None


def _with_rules(options: Options, rules: Rules | None) -> Options:
    """Options with their rule set filled in: ``rules`` when given, else ``options.rules``, else the
    packaged rules. Raises RulesError when the packaged rules are invalid."""
    if rules is not None:
        return replace(options, rules=rules)
    return options.resolved()


def _run(doc: Document, text: str, options: Options) -> DocumentRecord:
    return build_record(run_stages(doc, text, options), options)


def run_stages(doc: Document, text: str, options: Options) -> Document:
    """Read ``text`` into ``doc`` and run every stage on it; the filled-in document (``rules --explain``
    reads which rule labelled each block from it)."""
    options = options.resolved()
    reader = _input_format(doc.format).read
    with using(options.rules):  # readers that do not take the rules yet find them here
        reader(doc, text)
        for name, stage in STAGES:
            try:
                stage(doc, options)
            except ExtractorError:
                raise
            except RecursionError:
                raise ExtractorError("nesting too deep to extract", stage=name) from None
    return doc


def build_record(doc: Document, options: Options = DEFAULT_OPTIONS) -> DocumentRecord:
    rules = options.resolved().rules
    return DocumentRecord(
        source=Source(path=doc.path, format=doc.format, encoding=doc.encoding, sha256=doc.sha256, url=doc.url,
                      rules_digest=rules.digest),
        metadata=doc.metadata or Metadata(),
        content=build_content(doc) if doc.blocks else Content(markdown="", text=""),
        procedures=doc.procedures,
        boilerplate=collect_boilerplate(doc, rules.boilerplate.limits.merge_gap_lines),
        warnings=[RecordWarning(code=c, message=m, line=line) for c, m, line in doc.warnings],
    )
