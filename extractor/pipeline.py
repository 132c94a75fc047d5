"""The extraction pipeline, top to bottom.

    read bytes -> decode -> split front matter -> parse to blocks -> normalise metadata
      -> classify boilerplate -> find procedures -> build the record

``STAGES`` lists the stages that work on the document model, in order; each is a function
``stage(doc, options) -> None`` in a module of its own under ``stages/``. Add a stage by inserting
it in the list. Front ends (``READERS``) turn an input's text into the model.
"""
from __future__ import annotations

import hashlib
import os
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
from .stages.boilerplate import classify_boilerplate
from .stages.content import build_content, collect_boilerplate
from .stages.metadata import normalise_metadata
from .stages.procedures import find_procedures
from .stages.structured import merge_structured
from .stages.template import label_template

Stage = Callable[[Document, Options], None]

STAGES: list[tuple[str, Stage]] = [
    ("metadata", lambda doc, options: normalise_metadata(doc)),
    ("boilerplate", lambda doc, options: classify_boilerplate(doc)),
    ("template", label_template),
    ("procedures", lambda doc, options: find_procedures(doc)),
    ("structured", lambda doc, options: merge_structured(doc)),
]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx", ".txt", ".mdown", ".mkd")


def read_markdown(doc: Document, text: str) -> None:
    """Markdown front end: front matter, then blocks."""
    front_matter, body, body_line, warnings = split_front_matter(text)
    doc.front_matter = front_matter
    doc.body_start = body_line
    for code, message, line in warnings:
        doc.warn(code, message, line)
    doc.blocks = parse_markdown(body, body_line, mdx=doc.path.lower().endswith(".mdx"))


READERS: dict[str, Callable[[Document, str], None]] = {"markdown": read_markdown, "html": read_html}


def extract_text(text: str, path: str = "<text>", *, format: str = "markdown",
                 options: Options = DEFAULT_OPTIONS) -> DocumentRecord:
    """Extract one article given as text. Raises ExtractorError (with its stage) on failure."""
    doc = Document(path=path, lines=text.split("\n"), format=format)
    return _run(doc, text, options)


def extract_bytes(data: bytes, path: str, *, format: str | None = None,
                  options: Options = DEFAULT_OPTIONS, url: str | None = None,
                  content_type: str | None = None) -> DocumentRecord:
    """``url``: where the bytes came from (a fetched page, a WARC record), for source.url and relative links;
    ``content_type``: its HTTP Content-Type header, whose charset an HTML page is decoded with."""
    if len(data) > options.max_bytes:
        raise LimitExceeded(f"input is {len(data):,} bytes; the limit is {options.max_bytes:,} (--max-bytes)")
    format = format or guess_format(path, "")
    if format == "html":
        text, encoding, warning = decode_html(data, content_type, max_bytes=options.max_bytes)
    else:
        text, encoding, warning = decode(data)
    doc = Document(path=path, lines=text.split("\n"), format=format, encoding=encoding,
                   sha256=hashlib.sha256(data).hexdigest(), url=url)
    if warning:
        doc.warn("encoding", warning)
    return _run(doc, text, options)


def extract_file(path: str | os.PathLike, *, options: Options = DEFAULT_OPTIONS) -> DocumentRecord:
    """Extract one file. Raises ExtractorError on failure; see ``extract_or_error`` for batch use."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    return extract_bytes(data, str(path), options=options)


def extract_or_error(path: str, *, options: Options = DEFAULT_OPTIONS) -> DocumentRecord | ErrorRecord:
    """Never raises for a bad document: failures come back as an ErrorRecord with stage and reason."""
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
    lower = path.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    return "markdown"


def _run(doc: Document, text: str, options: Options) -> DocumentRecord:
    reader = READERS.get(doc.format)
    if reader is None:
        raise ReadError(f"no reader for format {doc.format!r}")
    reader(doc, text)
    for name, stage in STAGES:
        try:
            stage(doc, options)
        except ExtractorError:
            raise
        except RecursionError:
            raise ExtractorError("nesting too deep to extract", stage=name) from None
    return build_record(doc)


def build_record(doc: Document) -> DocumentRecord:
    return DocumentRecord(
        source=Source(path=doc.path, format=doc.format, encoding=doc.encoding, sha256=doc.sha256, url=doc.url),
        metadata=doc.metadata or Metadata(),
        content=build_content(doc) if doc.blocks else Content(markdown="", text=""),
        procedures=doc.procedures,
        boilerplate=collect_boilerplate(doc),
        warnings=[RecordWarning(code=c, message=m, line=line) for c, m, line in doc.warnings],
    )
