"""HTML elements -> the block model (headings, paragraphs, lists with items, code, tables, quotes, images).

``BlockBuilder.convert(element)`` turns one element of the main content into top-level blocks.
Text that sits directly in a container between block elements becomes a paragraph of its own.
Elements labelled as boilerplate (see ``html_main``) become one boilerplate block each. Every
block's span is the input lines from its element's start tag to its last descendant.

Recipe-plugin markup (a container whose class/id says instructions, directions, method or steps,
holding two or more step elements) is mapped to an ordered list, so it reads as a procedure
whatever tags the plugin used (see ``instructions_list``).
"""
from __future__ import annotations

import re

from .. import document as d
from . import html_steps
from .html_main import links_name, text_of

INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
                         "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
                         "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "picture", "source",
                         "output", "meter", "progress", "acronym", "nobr"})
LABEL_TAGS = frozenset({"b", "strong", "code", "kbd", "samp"})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# What a figure (or an element classed as a caption) holding it wraps is prose, not an image's caption:
# a pull quote, a code listing, a product card's "caption" with the product's name as a heading.
FIGURE_PROSE = frozenset({"p", "blockquote", "pre", "ul", "ol", "table", *HEADINGS})
# Class names of image captions and photo credits: text that belongs to an image, not to the article.
CAPTION = re.compile(r"(?:^|[\s_-])(?:caption|captions|credit|credits|photo-?credit|image-?credit|wp-caption-text|figcaption)(?:[\s_-]|$)",
                     re.IGNORECASE)


def squash(text: str) -> str:
    r"""Runs of white space as one space, none at the ends: ``re.sub(r"\s+", " ", text).strip()``, and
    several times faster (``str.split``, ``\s`` and ``str.strip`` agree on what white space is)."""
    return " ".join(text.split())


def last_line(el) -> int:
    """The input line of an element's last descendant (lines only grow in document order)."""
    last = _last_descendant(el)
    line = last.sourceline if last is not el else None
    return max(line or 0, el.sourceline or 1)


def _last_descendant(el):
    """The last element in document order under ``el`` (``descendant::*[last()]``), or ``el`` itself
    when it holds none: the last element child, its last element child, and so on down."""
    node = el
    while len(node):
        child = node[-1]
        if not isinstance(child.tag, str):  # a comment or processing instruction last: look further back
            child = next((c for c in reversed(node) if isinstance(c.tag, str)), None)
            if child is None:
                break
        node = child
    return node


# Lazy-loading scripts keep the real address in one of these while src holds a placeholder.
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url")


def image_source(img) -> str:
    """The image's real address: src, unless it is missing or an inline placeholder (data: URI)."""
    src = (img.get("src") or "").strip()
    if src and not src.startswith("data:"):
        return src
    for name in _LAZY_SOURCES:
        lazy = (img.get(name) or "").strip()
        if lazy and not lazy.startswith("data:"):
            return lazy
    return ""


class Inline:
    """Visible text, links, images and labels of a run of inline content."""

    __slots__ = ("parts", "links", "images", "labels")

    def __init__(self):
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.images: list[tuple[str, str]] = []
        self.labels: list[str] = []

    def text(self) -> str:
        return squash("".join(self.parts))

    def add_text(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def add_element(self, el, marks: dict) -> None:
        tag = el.tag
        if not isinstance(tag, str) or el in marks:
            self.add_text(el.tail if isinstance(tag, str) else getattr(el, "tail", None))
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            src = image_source(el)
            if src:
                self.images.append((src, squash(el.get("alt") or "")))
        else:
            start = len(self.parts)
            self.add_text(el.text)
            for child in el:
                self.add_element(child, marks)
            if tag == "a" and el.get("href"):
                self.links.append((squash("".join(self.parts[start:])), el.get("href")))
            elif tag in LABEL_TAGS:
                label = squash("".join(self.parts[start:]))
                if label:
                    self.labels.append(label)
        self.add_text(el.tail)


class BlockBuilder:
    def __init__(self, marks: dict, kept: list | None = None, named: list | None = None, entries=frozenset(),
                 entry_link_words: float = 0.0, said=frozenset()):
        """``named``: the elements whose class/id/itemprop label names instructions (``html_main.survey``),
        when the caller has them: only they can be steps containers (``html_steps.steps_containers`` takes
        its candidates from the same list), and the others are not asked. ``entries``: the page's own
        entries (``html_main.page_entries``): the blocks made of them whose links average ``entry_link_words``
        words or more (names, titles; not one-word tags) are marked ``entry``. ``said``: parts of labelled regions
        that are content (``Layout.said``, in ``kept`` too): all their blocks are marked ``entry``."""
        self.marks = marks
        self.said = said
        self.in_entry = False  # converting one of ``entries``
        # said parts and what holds them: a run of inline content that holds one makes a block the reader says
        self.said_within = frozenset(said).union(*(el.iterancestors() for el in said)) if said else frozenset()
        self.entries = entries
        self.entry_link_words = entry_link_words
        self.named = None if named is None else set(named)
        self._blocky: dict = {}
        # Labelled regions that hold a step container are split: the container is content.
        self.kept = set(kept or ())
        self.kept_holders = {a for el in self.kept for a in el.iterancestors()}

    # -- classification -------------------------------------------------------------------------
    def is_inline(self, el) -> bool:
        """Inline tags that hold no block element (an <a> wrapping a <div> card is a block)."""
        if not isinstance(el.tag, str):
            return True
        if el.tag not in INLINE_TAGS:
            return False
        cached = self._blocky.get(el)
        if cached is None:
            cached = all(self.is_inline(child) for child in el)
            self._blocky[el] = cached
        return cached

    # -- entry points ---------------------------------------------------------------------------
    def convert(self, el, out: list[d.Block], depth: int = 0) -> None:
        if self.said and el in self.said:
            start, said = len(out), self.said
            self.said = frozenset()  # (nothing inside is asked again)
            try:
                self.convert(el, out, depth)
            finally:
                self.said = said
            for block in out[start:]:
                for inner in block.walk():
                    inner.entry = True
            return
        if self.entries and el in self.entries:
            start, entries = len(out), self.entries
            self.entries = frozenset()  # (nothing inside an entry is asked again)
            self.in_entry = True
            try:
                self.convert(el, out, depth)
            finally:
                self.entries = entries
                self.in_entry = False
            _mark_entry(out[start:], self.entry_link_words)
            return
        if not isinstance(el.tag, str):
            return
        verdict = self.marks.get(el)
        if verdict is not None and el in self.kept_holders:
            self.split_region(el, verdict, out, depth)
            return
        if verdict is not None:
            block = self.region(el, verdict)
            if block is not None:
                out.append(block)
            return
        tag = el.tag
        if tag in HEADINGS:
            out.append(self.inline_block(d.HEADING, el, level=HEADINGS[tag]))
        elif tag == "p":
            self.paragraph(el, out)
        elif tag in ("ul", "ol"):
            steps = instructions_list(el, self)
            if steps is not None:
                out.extend(steps)
            else:
                out.append(self.list(el, depth, ordered=tag == "ol"))
        elif tag == "pre":
            code = text_of(el).strip("\n")
            lang = re.search(r"(?:language|lang)-([\w+#-]+)", class_names(el) + " " + " ".join(class_names(c) for c in el))
            out.append(d.Block(d.CODE, el.sourceline or 1, last_line(el), text=code, raw=code, info=lang.group(1) if lang else ""))
        elif tag == "table" and not self.has_blocks(el):
            out.append(self.table(el))
        elif tag == "blockquote":
            children: list[d.Block] = []
            self.container(el, children, depth + 1)
            text = " ".join(c.text for c in children if c.text)
            out.append(d.Block(d.QUOTE, el.sourceline or 1, last_line(el), text=text, children=children))
        elif tag == "img":
            block = self.inline_block(d.IMAGE, el)
            if block.images:
                out.append(block)
        elif tag == "figure" or (tag in ("div", "p", "span", "figcaption") and CAPTION.search(class_names(el))):
            self.figure(el, out, depth)
        elif tag == "hr":
            out.append(d.Block(d.RULE, el.sourceline or 1, el.sourceline or 1))
        elif self.is_inline(el):
            self.paragraph(el, out)
        else:
            steps = instructions_list(el, self)
            if steps is not None:
                out.extend(steps)
            else:
                self.container(el, out, depth)

    def region(self, el, verdict) -> d.Block | None:
        inline = Inline()
        inline.add_text(el.text)
        for child in el:
            inline.add_element(child, {})
        text = inline.text()
        if not text and not inline.links:
            return None
        block = d.Block(d.HTML, el.sourceline or 1, last_line(el), text=text, links=inline.links, info=el.tag)
        block.boilerplate = verdict
        return block

    def figure(self, el, out: list[d.Block], depth: int) -> None:
        """A figure is an image block whose text is its caption and credit (not article text);
        a <figure> used as a wrapper around prose (a pull quote, a code listing) stays a container, and so does
        one inside a page's entry used as the entry's card (a link with words of its own outside any caption: a
        shop card's linked name, price and colours; an article's embedded link card is no entry)."""
        card = self.in_entry
        if any((inner.tag in FIGURE_PROSE or (card and inner.tag == "a" and text_of(inner).strip()))
               and not _in_caption(inner, el) for inner in el.iterdescendants() if isinstance(inner.tag, str)):
            self.container(el, out, depth)
            return
        block = self.inline_block(d.IMAGE, el)
        block.text = squash(" ".join(el.itertext()))
        block.info = "figure"
        if block.images or block.text:
            out.append(block)

    def split_region(self, el, verdict, out: list[d.Block], depth: int) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child in self.kept:
                self.convert(child, out, depth)
            elif child in self.kept_holders:
                self.split_region(child, self.marks.get(child, verdict), out, depth)
            else:
                block = self.region(child, self.marks.get(child, verdict))
                if block is not None:
                    out.append(block)

    # -- blocks ---------------------------------------------------------------------------------
    def inline_block(self, kind: str, el, level: int = 0) -> d.Block:
        inline = Inline()
        inline.add_text(el.text)
        for child in el:
            inline.add_element(child, self.marks)
        return d.Block(kind, el.sourceline or 1, last_line(el), text=inline.text(), level=level, links=inline.links,
                       images=inline.images, labels=inline.labels)

    def paragraph(self, el, out: list[d.Block]) -> None:
        if not all(self.is_inline(child) for child in el):  # a <p> holding a <div> (invalid, but common)
            self.container(el, out, 0)
            return
        block = self.inline_block(d.PARAGRAPH, el)
        if not block.text:
            if not block.images:
                return
            block.kind = d.IMAGE
        out.append(block)

    def container(self, el, out: list[d.Block], depth: int) -> None:
        """Blocks of a container; loose inline content between its blocks becomes paragraphs."""
        run = Inline()
        run_start = [el.sourceline or 1]
        run_end = [el.sourceline or 1]
        said = [False]  # the run holds a part the reader says is content (Layout.said)

        def flush() -> None:
            text = run.text()
            if text or run.images:
                out.append(d.Block(d.PARAGRAPH if text else d.IMAGE, run_start[0], max(run_start[0], run_end[0]),
                                   text=text, links=list(run.links), images=list(run.images), labels=list(run.labels),
                                   entry=said[0]))
            run.parts.clear(), run.links.clear(), run.images.clear(), run.labels.clear()
            said[0] = False

        run.add_text(el.text)
        for child in el:
            if not isinstance(child.tag, str) or self.is_inline(child):
                if not run.parts and isinstance(child.tag, str):
                    run_start[0] = child.sourceline or run_start[0]
                if self.said_within and child in self.said_within:
                    said[0] = True
                run.add_element(child, self.marks)
                if isinstance(child.tag, str):
                    run_end[0] = last_line(child)
                continue
            flush()
            self.convert(child, out, depth)
            run_start[0] = run_end[0] = last_line(child)
            run.add_text(child.tail)
        flush()

    def list(self, el, depth: int, ordered: bool) -> d.Block:
        start = el.get("start")
        number = int(start) if ordered and start and start.isdigit() else (1 if ordered else None)
        block = d.Block(d.LIST, el.sourceline or 1, last_line(el), ordered=ordered, number=number, level=depth,
                        info="html")
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child in self.marks:
                region = self.region(child, self.marks[child])
                if region is not None:
                    block.children.append(region)
                continue
            if child.tag != "li":  # stray content between items
                children: list[d.Block] = []
                self.convert(child, children, depth + 1)
                if not children:
                    continue
            else:
                children = []
                entry = self.in_entry
                self.in_entry = entry or bool(self.entries and child in self.entries)
                try:
                    self.container(child, children, depth + 1)
                finally:
                    self.in_entry = entry
            block.children.append(self.item(child, children, depth, ordered, number, len(block.children)))
            if self.entries and child in self.entries:
                _mark_entry(block.children[-1:], self.entry_link_words)
        if block.children and all(item.entry for item in block.children):
            block.entry = True
        return block

    def item(self, el, children: list[d.Block], depth: int, ordered: bool, first: int | None, index: int) -> d.Block:
        text = " ".join(c.text for c in children if c.kind == d.PARAGRAPH and c.text)
        value = el.get("value")
        number = int(value) if value and value.isdigit() else (first + index if ordered and first is not None else None)
        return d.Block(d.ITEM, el.sourceline or 1, last_line(el), text=text, level=depth, number=number,
                       ordered=ordered, children=children)

    def table(self, el) -> d.Block:
        rows: list[str] = []
        links: list[tuple[str, str]] = []
        labels: list[str] = []
        for row in el.iter("tr"):
            cells = []
            for cell in row:
                if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                    inline = Inline()
                    inline.add_text(cell.text)
                    for child in cell:
                        inline.add_element(child, self.marks)
                    cells.append(inline.text())
                    links.extend(inline.links)
                    labels.extend(inline.labels)
            if any(cells):
                rows.append(" | ".join(cells))
        return d.Block(d.TABLE, el.sourceline or 1, last_line(el), text="\n".join(rows), links=links, labels=labels)

    def has_blocks(self, table) -> bool:
        """Layout tables hold paragraphs, lists or other tables; data tables hold cells of text."""
        for inner in table.iterdescendants("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "pre", "blockquote"):
            return True
        return False


def _mark_entry(blocks: list[d.Block], link_words: float) -> None:
    """An entry's blocks are content whatever their links, unless their links are one-word tags (``links_name``)."""
    for block in blocks:
        for inner in block.walk():
            inner.entry = not inner.links or links_name((text for text, _ in inner.links), link_words)


def _in_caption(inner, figure) -> bool:
    for ancestor in inner.iterancestors():
        if ancestor is figure:
            return False
        if ancestor.tag == "figcaption" or CAPTION.search(class_names(ancestor)):
            return True
    return False


def class_names(el) -> str:
    return el.get("class") or ""


def instructions_list(el, builder: BlockBuilder) -> list[d.Block] | None:
    """Blocks for an explicit steps container (its headings, then one ordered LIST block of its
    steps), or None if ``el`` is not one (see ``html_steps``)."""
    if (builder.named is not None and el not in builder.named) or not html_steps.is_steps_container(el):
        return None
    steps = html_steps.step_elements(el)
    block = d.Block(d.LIST, el.sourceline or 1, last_line(el), ordered=True, number=1, info=d.STEP_CARD)
    if not steps:  # one block of <br>-separated lines
        for number, text in enumerate(html_steps.line_steps(el), 1):
            line = el.sourceline or 1
            paragraph = d.Block(d.PARAGRAPH, line, last_line(el), text=text)
            block.children.append(d.Block(d.ITEM, line, last_line(el), text=text, number=number, ordered=True,
                                          children=[paragraph]))
        return [block] if len(block.children) >= 2 else None
    groups = html_steps.step_groups(el, steps)
    for label, members in groups:
        items = _step_items(members, builder, 0 if label is None else 1)
        if label is None:
            block.children.extend(items)
        elif items:
            block.children.append(_group_item(label, items, builder, len(block.children) + 1))
    count = sum(len(item.children[-1].children) if item.info == "html-step-group" else 1 for item in block.children)
    if count < 2 and not (count == 1 and _numbered_step(steps, block.children[0])):
        return None
    labels = {label for label, _ in groups}
    inside = set(steps)
    after = _after_steps(el, steps, labels)
    later = set(after)
    headings = [builder.inline_block(d.HEADING, h, level=HEADINGS[h.tag]) for h in el.iterdescendants(*HEADINGS)
                if h not in labels and h not in later
                and not any(a in inside or a in labels or a in later for a in h.iterancestors())]
    trailing: list[d.Block] = []
    for child in after:  # the card's notes and tips: content, never steps
        builder.convert(child, trailing, 0)
    for top in trailing:
        for inner in top.walk():
            if inner.kind == d.LIST:
                inner.info = d.CARD_ASIDE
    block.line_start = min((s.sourceline or block.line_start) for s in steps)
    block.line_end = max(block.line_start, max(last_line(s) for s in steps))
    return [h for h in headings if h.text and not html_steps.is_step_label(h.text)] + [block] + trailing


def _after_steps(el, steps: list, labels: set) -> list:
    """The outermost parts of container ``el`` that hold no step and no group label and come after
    its last step (a recipe card's "Notes" and tips), in document order."""
    order = {node: index for index, node in enumerate(el.iter())}
    end = max(order[node] for node in steps[-1].iter())
    members = set(steps) | {label for label in labels if label is not None}
    holders = {a for member in members for a in member.iterancestors()}
    after: list = []

    def visit(parent) -> None:
        for child in parent:
            if not isinstance(child.tag, str) or child in members:
                continue
            if child in holders:
                visit(child)
            elif order[child] > end:
                after.append(child)

    try:
        visit(el)
    finally:  # visit refers to itself: without this the cycle keeps the page's tree until the GC runs
        del visit
    return after


def _numbered_step(steps: list, item: d.Block) -> bool:
    """A container of one step beside its number ("2", "Step 2"): one of a run of such containers, one
    per step (merged into one list by ``readers/html.py``); the item takes the number."""
    labels = [html_steps.is_step_label(text) for text in (" ".join("".join(s.itertext()).split()) for s in steps)]
    numbers = [int(n) for s, is_label in zip(steps, labels) if is_label
               for n in re.findall(r"\d+", "".join(s.itertext()))[:1]]
    if not numbers or item.info == "html-step-group":
        return False
    item.number = numbers[0]
    return True


def _step_items(steps: list, builder: BlockBuilder, depth: int) -> list[d.Block]:
    """One item per step. The step's own label ("Step 1/4") is left out; a list of what the step uses
    (its ingredients) is marked ``html-aside``: content, not substeps."""
    items: list[d.Block] = []
    for step in steps:
        children: list[d.Block] = []
        builder.container(step, children, depth + 1)
        children = [c for c in children if not (c.kind in (d.HEADING, d.PARAGRAPH) and html_steps.is_step_label(c.text))]
        for child in children:
            if child.kind == d.LIST and html_steps.looks_like_ingredients([i.text for i in child.children]):
                child.info = d.CARD_ASIDE
        if any(c.text for c in children):
            items.append(builder.item(step, children, depth, True, 1, len(items)))
    return items


def _group_item(label, items: list[d.Block], builder: BlockBuilder, number: int) -> d.Block:
    """One group of directions ("For the sauce"): an item whose text is the label and whose steps
    are its sub-list, as a step heading with its steps under it."""
    heading = builder.inline_block(d.PARAGRAPH, label)
    start, end = label.sourceline or 1, max(item.line_end for item in items)
    steps = d.Block(d.LIST, items[0].line_start, end, ordered=True, number=1, level=1, children=items)
    return d.Block(d.ITEM, start, end, text=heading.text, number=number, ordered=True, children=[heading, steps],
                   info="html-step-group")
