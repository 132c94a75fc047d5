"""The one intermediate document model every stage works on.

Front ends (``readers/``) turn Markdown or HTML into a ``Document`` holding a flat list of
top-level ``Block``s (lists nest their items, items and quotes nest their blocks). Every block
knows the input lines it came from, its plain text, and the links, images and emphasised labels
inside it. Stages after the front end never look at markdown-it tokens or HTML elements.

Plain dataclasses with slots, not pydantic: a long article has thousands of blocks and these are
built and walked on every document (see benchmarks/).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Block kinds.
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST = "list"
ITEM = "item"
IMAGE = "image"  # a paragraph holding only images
CODE = "code"
TABLE = "table"
QUOTE = "quote"  # blockquote; ``info`` holds the alert type for "> [!NOTE]"
HTML = "html"
RULE = "rule"  # thematic break
DIRECTIVE = "directive"  # documentation directives: ":::image", "[!INCLUDE]", Liquid, MDX tags
# ``info`` of an HTML block that marks content tabs (MDX <Tabs>/<TabItem>, Hugo tabs shortcodes, mkdocs "=== "):
# it opens a tab, opens a tab group without a tab yet, or ends the group. Tabs hold the same thing done
# several ways (per platform, per tool): one tab's steps, not all of them in turn.
TAB_OPEN, TABS_OPEN, TABS_END = "tab", "tabs", "/tabs"
# ``info`` of a LIST the HTML reader built from explicit step markup (a recipe card's or how-to block's
# instructions): the ``structured`` stage reads it with the card's title and notes.
STEP_CARD = "html-instructions"
STEP_PARAGRAPHS = "html-step-paragraphs"  # paragraphs under a steps heading, one step each: not a card
CARD_ASIDE = "html-aside"  # a list in a step card's notes or tips: content, never a procedure
# ``info`` of a HEADING the page's own markup declares a step (a heading or a "<Step title>" inside an MDX
# "<Steps>" block); its ``number`` is the step's number in that block.
STEP_HEADING = "markup-step"


@dataclass(slots=True, eq=False)
class Block:
    kind: str
    line_start: int  # 1-based, inclusive, in the input file (front matter included)
    line_end: int
    text: str = ""  # visible plain text (markup removed, escapes resolved, images left out)
    level: int = 0  # heading level; nesting depth for items
    ordered: bool = False  # lists: ordered or bulleted
    number: int | None = None  # lists: start number; items: the number as written
    info: str = ""  # code: language; quote: alert type; html: first tag; directive: its name
    children: list[Block] = field(default_factory=list)  # list -> items; item/quote -> blocks
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    images: list[tuple[str, str]] = field(default_factory=list)  # (url, alt)
    labels: list[str] = field(default_factory=list)  # bold / code-span texts, in order
    raw: str = ""  # html: the markup; paragraph: its inline HTML fragments; code: the code
    boilerplate: tuple[str, str] | None = None  # (kind, rule) once classified
    cut: list[tuple[str, str, str, list]] = field(default_factory=list)  # inline boilerplate cut out: (kind, rule, text, links)
    # the reader found it inside one of the page's own entries (an HTML listing's repeated records): content,
    # however link-dense or repeated (an entry's line of authors, its "Subjects: ..." line said in every entry)
    entry: bool = False

    def walk(self) -> list[Block]:
        """This block and every block nested in it, in document order. (A list, built without recursion:
        stages walk every block several times, and a generator per level of nesting cost 2-3 % of the
        Markdown path.)"""
        if not self.children:
            return [self]
        found = [self]
        stack = self.children[::-1]
        while stack:
            block = stack.pop()
            found.append(block)
            if block.children:
                stack += block.children[::-1]
        return found

    def has_links(self) -> bool:
        """Does a link stand in this block or in one nested in it?"""
        return any(inner.links for inner in self.walk())

    def link_texts(self) -> list[str]:
        """The texts of the links in this block and the blocks nested in it that lead elsewhere (not to an anchor
        of this page: "#setup"), in order."""
        return [text for inner in self.walk() for text, target in inner.links if not target.startswith("#")]

    @property
    def is_boilerplate(self) -> bool:
        return self.boilerplate is not None


class _LinesOfText:
    """``Document.lines``: the lines given, else those of ``Document.text``, split when first read. The
    HTML path hardly reads them, and splitting a page into lines was about 2 % of reading it."""

    def __set_name__(self, owner, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, doc, owner=None):
        if doc is None:
            return None  # the field's default: no lines given
        lines = doc.__dict__.get(self.slot)
        if lines is None:
            text = doc.__dict__.get("text")
            lines = doc.__dict__[self.slot] = [] if text is None else text.split("\n")
        return lines

    def __set__(self, doc, lines: list[str] | None) -> None:
        doc.__dict__[self.slot] = lines


@dataclass(eq=False)
class Document:
    path: str
    # every line of the decoded input, front matter included (given, or split from ``text`` when read)
    lines: list[str] = _LinesOfText()  # type: ignore[assignment]
    body_start: int = 1  # input line where the body (after front matter) begins
    format: str = "markdown"
    encoding: str | None = None
    sha256: str | None = None
    url: str | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[tuple[str, str, int | None]] = field(default_factory=list)  # (code, message, line)
    # schema.org HowTo / Recipe steps embedded in the page (JSON-LD, microdata), as plain dicts;
    # see readers/structured_data.py for their shape and stages/structured.py for their use.
    structured: list[dict[str, Any]] = field(default_factory=list)
    # What the front end found the page to be, when it tells: "listing" (a page whose links are its
    # content: front page, search results, job board), else None.
    page_type: str | None = None
    # What the page lists as needed before the steps (a recipe card's ingredient list), item by item;
    # the ``structured`` stage gives it to the procedure it belongs to.
    requirements: list[str] = field(default_factory=list)
    # Filled by later stages.
    metadata: Any = None
    # The language the language stage read in the text (ISO 639-1), whatever the source declared;
    # None when the text does not tell (too short, too mixed, or a language without word lists).
    text_language: str | None = None
    procedures: list[Any] = field(default_factory=list)
    text: str | None = field(default=None, repr=False)  # the decoded input, when ``lines`` is not given

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.warnings.append((code, message, line))

    def source(self, line_start: int, line_end: int) -> str:
        """The input text of lines line_start..line_end (1-based, inclusive)."""
        return "\n".join(self.lines[line_start - 1 : line_end])

    def walk(self) -> list[Block]:
        """Every block, nested ones included, in document order."""
        found: list[Block] = []
        for block in self.blocks:
            if block.children:
                found += block.walk()
            else:
                found.append(block)  # most top-level blocks: no list of one to make
        return found
