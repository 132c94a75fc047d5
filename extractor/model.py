"""The output records: the contract other programs rely on.

These pydantic models are the source of truth for the JSON Schema in ``schemas/``
(``python -m extractor.schema`` regenerates it; a test fails when the committed file drifts).
Bump ``SCHEMA_VERSION`` when a field changes meaning or disappears (major), or is added (minor).

This module imports nothing else of ours.
"""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Lines of the input (1-based, inclusive) that a piece of output came from."""

    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)


class Link(_Model):
    text: str
    url: str


class Image(_Model):
    url: str
    alt: str = ""


class Code(_Model):
    text: str
    language: str | None = None


class Step(_Model):
    """One action the reader performs."""

    number: int | None = Field(None, description="The number written in the source, when there is one.")
    text: str = Field(description="Plain text: markup removed, escapes resolved; no images, sub-lists, code blocks or notes.")
    markdown: str = Field("", description="The step as written in the source.")
    substeps: list[Step] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    code: list[Code] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    ui_elements: list[str] = Field(default_factory=list, description="Labels the reader clicks or types, e.g. Settings.")
    shortcuts: list[str] = Field(default_factory=list, description="Normalised key combinations, e.g. Win+I.")
    source: Span


class ProcedureKind(str, Enum):
    task = "task"
    check = "check"


class Procedure(_Model):
    """An ordered sequence of at least two reader actions."""

    title: str | None = Field(description="Nearest heading or lead-in sentence.")
    section_path: list[str] = Field(default_factory=list, description="Headings from the top of the article down to the procedure.")
    kind: ProcedureKind = ProcedureKind.task
    origin: str = Field(description="How the steps were written: ordered-list, escaped-numbers, step-headings, step-labels, run-on, bulleted-list, numbered-paragraphs, step-markup (a recipe or how-to card's step markup), step-paragraphs (paragraphs under a steps heading), json-ld, microdata.")
    outcome: str | None = Field(None, description="The expected result, where the text states one.")
    promotes_product: str | None = Field(
        None, description="The third-party product the steps get the reader to download, install or buy "
                          "(e.g. a driver updater), as named in the steps; null for steps that need no product.")
    requirements: list[str] = Field(
        default_factory=list, description="What the reader needs before the first step, as the page lists it: a "
                                          "recipe's ingredients, a how-to's supplies and tools (schema.org "
                                          "recipeIngredient, supply, tool); empty when the page names none. "
                                          "Added in schema 1.3.0.")
    steps: list[Step]
    source: Span


class BoilerplateKind(str, Enum):
    ad = "ad"
    link_list = "link_list"
    promo = "promo"
    share = "share"
    disclaimer = "disclaimer"
    breadcrumb = "breadcrumb"
    table_of_contents = "table_of_contents"
    byline = "byline"
    duplicate = "duplicate"
    navigation = "navigation"
    comments = "comments"
    cookie_notice = "cookie_notice"
    empty = "empty"
    newsletter = "newsletter"  # subscribe boxes, "to your inbox" prompts
    rating = "rating"  # rating and feedback widgets: "Was this helpful?", star scores, 1..5 choices
    template = "template"  # recurs across a site's articles (learned from the batch): extractor/corpus/template.py
    widget = "widget"  # page furniture with no other kind: media-player controls, dialog-window text


class Boilerplate(_Model):
    """A block removed from the cleaned content, and why."""

    kind: BoilerplateKind
    rule: str = Field(description="Name of the rule that matched (see extractor/data/boilerplate.toml).")
    text: str = Field(description="Visible text of the block.")
    links: list[Link] = Field(default_factory=list)
    source: Span


class Metadata(_Model):
    title: str | None = None
    description: str | None = None
    date: str | None = Field(None, description="ISO 8601.")
    updated: str | None = Field(None, description="ISO 8601.")
    author: str | None = None
    language: str | None = None
    tags: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    image: str | None = None
    url: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict, description="Front-matter keys with no field of their own.")


class Content(_Model):
    markdown: str
    text: str
    body_sha256: str | None = Field(
        None, description="SHA-256 of the body as written, without front matter, title heading and boilerplate "
                          "lines (whitespace kept); equal values mark exact copies (`extractor dedupe --exact`).")


class Source(_Model):
    path: str = Field(description="The path as given (or URL).")
    format: str | None = Field(None, description="markdown, html, warc ...")
    encoding: str | None = None
    sha256: str | None = None
    url: str | None = None
    rules_digest: str | None = Field(
        None, description="SHA-256 of the rule set that made the record (`extractor rules` prints it); "
                          "absent in records made before schema 1.2.0.")


class RecordWarning(_Model):
    code: str
    message: str
    line: int | None = None


class DocumentRecord(_Model):
    model_config = ConfigDict(extra="forbid", title="DocumentRecord")

    schema_version: Literal["1.3.0", "1.2.0", "1.1.0", "1.0.0"] = SCHEMA_VERSION
    kind: Literal["document"] = "document"
    source: Source
    metadata: Metadata
    content: Content
    procedures: list[Procedure] = Field(default_factory=list)
    boilerplate: list[Boilerplate] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)
    duplicate_of: str | None = None


class ErrorDetail(_Model):
    stage: str = Field(description="Pipeline stage that failed: read, front_matter, parse, ...")
    reason: str
    type: str = Field(description="Error class name, e.g. ReadError.")
    line: int | None = None


class ErrorRecord(_Model):
    model_config = ConfigDict(extra="forbid", title="ErrorRecord")

    schema_version: Literal["1.3.0", "1.2.0", "1.1.0", "1.0.0"] = SCHEMA_VERSION
    kind: Literal["error"] = "error"
    source: Source
    error: ErrorDetail


Record = Annotated[Union[DocumentRecord, ErrorRecord], Field(discriminator="kind")]
