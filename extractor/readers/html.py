"""HTML front end: a web page -> metadata, embedded steps, and top-level blocks with input line spans.

    parse (lxml) -> metadata from <head> -> JSON-LD / microdata HowTo and Recipe
      -> drop invisible elements -> label page chrome, find the main content -> blocks

The main content becomes ordinary blocks; every region outside it (navigation, sidebars, footers,
comment sections, cookie banners ...) becomes one boilerplate block, so it lands in the record's
``boilerplate`` list. Stages after this one see the same block model as for Markdown.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .. import document as d
from ..document import Document
from ..rules import active_rules
from . import html_main
from .html_blocks import BlockBuilder, last_line, squash
from .html_decode import utf8_of
from .html_meta import page_metadata
from .html_page_type import page_kind
from .html_steps import (STEP_HEADING, ingredient_containers, ingredient_items, is_step_label, looks_like_ingredients,
                         names_requirements, steps_containers)
from .structured_data import read_json_ld, read_microdata

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Characters lxml refuses in text ("All strings must be XML compatible"); newlines are kept, so
# line numbers do not move.
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same characters one by one: ``in`` on a page (a memchr-like scan) is several times faster than
# the character class, and almost no page holds any of them.
_NOT_XML_CHARS = "".join(map(chr, [*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0xfffe, 0xffff]))
# The control characters among them as UTF-8 bytes (one byte each, and no other character's UTF-8 holds
# such a byte): each asked of the page's bytes with ``in`` (memchr: 29 scans of the bytes cost less than one
# ``translate`` pass, which copies them); a text with characters past U+00FF costs each ``in`` scan of a str
# a loop over two or four bytes a character.
_NOT_XML_CONTROLS = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20)])
_NOT_XML_BYTES = tuple(bytes([code]) for code in _NOT_XML_CONTROLS)
# Nesting kept when a page is too deep for libxml2 (256): later stages walk the tree recursively.
MAX_DEPTH = 200
# Comments and raw-text elements are skipped whole; anything else that looks like a tag is a tag.
_TOKEN = re.compile(r"<!--.*?(?:-->|$)|<(?:script|style)\b.*?(?:</(?:script|style)\s*>|$)"
                    r"|<(?P<close>/?)(?P<name>[a-zA-Z][^\s/>]*)[^>]*>", re.DOTALL | re.IGNORECASE)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
_FORMATTING = frozenset("abbr b bdi bdo big blink cite del dfn em font i ins kbd mark nobr q s samp small span strike "
                        "strong sub sup tt u var".split())  # dropped first: they carry no structure
MAX_FORMATTING = 32
_CLOSE_WINDOW = 64  # how far up the open tags an end tag looks for its start tag


def parse(text: str, warn=None):
    """The page's root element; an empty or unparseable page gives an empty <html><body>.

    libxml2 stops at 256 levels of nesting (2048 with ``huge_tree``) and at 10 MB text nodes, and
    silently drops everything past them. A page that hits a limit is parsed again: limits lifted
    (the per-document --max-bytes, --timeout and --max-memory still bound it) and, when too deep,
    flattened past ``MAX_DEPTH`` (deeper tags dropped, their text kept: ``flatten``), and
    ``warn(code, message)`` is told.
    """
    text = _XML_DECLARATION.sub("", text, count=1)
    data = _utf8(text)
    if _holds_not_xml(text, data):
        text = _NOT_XML_TEXT.sub("", text)
        data = _utf8(text)
    root, limits = _parse(text, huge=False, data=data)
    if "depth" in limits:
        text, dropped = flatten(text, MAX_DEPTH)
        root, limits = _parse(text, huge=True)
        if warn:
            warn("html-depth", f"the page nests deeper than {MAX_DEPTH} levels: {dropped:,} tags past that "
                               "depth were dropped and their text kept")
    elif limits:
        root, limits = _parse(text, huge=True)
    if root is None:
        root = etree.fromstring("<html><body></body></html>", etree.HTMLParser())
    if root.find("body") is None:
        root.append(etree.Element("body"))
    return root


def _utf8(text: str) -> bytes | None:
    """The text as UTF-8 (the page's own bytes when it came as UTF-8), or None when it holds a lone surrogate."""
    try:
        return utf8_of(text)
    except UnicodeEncodeError:
        return None


def _holds_not_xml(text: str, data: bytes | None) -> bool:
    """Does ``text`` hold one of ``_NOT_XML_CHARS``? ``data``: ``_utf8(text)``."""
    if data is None:
        return any(map(text.__contains__, _NOT_XML_CHARS))
    return any(map(data.__contains__, _NOT_XML_BYTES)) or "\ufffe" in text or "\uffff" in text


_UNREAD = object()


def _parse(text: str, huge: bool, data=_UNREAD):
    """(root or None, the libxml2 resource limits hit: a set of "depth" and/or "size"). ``data``:
    ``_utf8(text)``, when the caller has it."""
    if data is _UNREAD:
        data = _utf8(text)
    # libxml2 reads UTF-8 bytes faster than the str it would convert itself; same tree. A lone
    # surrogate (no UTF-8): lxml takes the str as it is
    data, encoding = (text, None) if data is None else (data, "utf-8")
    # collect_ids: libxml2's table of id attributes serves only id() lookups, which the reader never makes
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True, huge_tree=huge, encoding=encoding,
                              collect_ids=False)
    root = etree.fromstring(data, parser) if text and not text.isspace() else None  # text.strip(), without copying the page
    limits = {"depth" if "depth" in error.message else "size"
              for error in parser.error_log if error.type_name == "ERR_RESOURCE_LIMIT"}
    return root, limits


def flatten(text: str, max_depth: int, max_formatting: int = MAX_FORMATTING) -> tuple[str, int]:
    """``text`` with the start tags that nest too deep removed, and their end tags: formatting tags
    (<font>, <b>, <span> ...) past ``max_formatting`` open at once, any tag past ``max_depth``. All
    text is kept, and each removed tag leaves its newlines so lines do not move. Returns (text, tags
    dropped). Depth is counted generously (implied end tags count as open), so the parser sees at
    most ``max_depth`` levels plus the implied <html> and <body>; headings and lists under a pile of
    unclosed <font> tags keep their structure."""
    out, stack, dropped, last = [], [], 0, 0
    kept = formatting = 0  # open tags kept, and how many of them are formatting tags
    for match in _TOKEN.finditer(text):
        closing, name = match.group("close"), (match.group("name") or "").lower()
        if not name:
            continue  # a comment, or a script or style element: copied whole
        drop = False
        if closing:
            for index in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_WINDOW), -1):
                if stack[index][0] == name:
                    drop = not stack[index][1]
                    closed = [entry for entry in stack[index:] if entry[1]]
                    kept -= len(closed)
                    formatting -= sum(1 for entry in closed if entry[0] in _FORMATTING)
                    del stack[index:]
                    break
        elif name not in _VOID and not match.group(0).endswith("/>"):
            is_formatting = name in _FORMATTING
            drop = kept >= max_depth or (is_formatting and formatting >= max_formatting)
            stack.append((name, not drop))
            kept += not drop
            formatting += is_formatting and not drop
        if drop:
            out.append(text[last:match.start()])
            out.append("\n" * match.group(0).count("\n"))
            last = match.end()
            dropped += 1
    out.append(text[last:])
    return "".join(out), dropped


def read_html(doc: Document, text: str) -> None:
    """Fill ``doc`` from the page ``text``: front-matter-like metadata, structured steps, blocks."""
    root = parse(text, doc.warn)
    found = html_main.survey(root, html_main.html_rules())  # reads attributes only: first, to serve the rest
    doc.front_matter = page_metadata(root, found.tagged)
    structured, problems = read_json_ld(root, found.tagged("script"))
    structured.extend(read_microdata(root, found.scopes, props=found.props))
    doc.structured = structured
    for problem in problems:
        doc.warn("json-ld", problem)
    kind = page_kind(root, doc.url, found.typed, found.tagged)
    body = root.find("body")
    containers = steps_containers(body, [el for el in found.named if _attached(el, body)])
    ingredients = ingredient_containers(body, containers)
    doc.requirements = ingredient_items(ingredients)
    containers += ingredients  # content wherever they sit, like the steps
    html_main.clean(body, html_main.html_rules(), containers, found)
    with html_main.fixed_tree():  # cleaned: from here on the tree is only read
        layout = html_main.layout(body, [c for c in containers if _attached(c, body)], kind, found)
        doc.blocks = page_blocks(body, layout, found.named)
    doc.page_type = "listing" if layout.listing else None
    join_step_lists(doc.blocks)
    mark_step_lists(doc.blocks)
    doc.requirements = doc.requirements or heading_requirements(doc.blocks)
    _prefer_headline(doc)
    base = _base_url(root, doc.url, found.tagged("base", root))
    if base:
        resolve_urls(doc.blocks, base)


def _prefer_headline(doc: Document) -> None:
    """"How to descale a kettle | Site name" in <title>, "How to descale a kettle" in the <h1>: the
    headline is the title."""
    title = doc.front_matter.get("title")
    headline = next((b.text for b in doc.blocks if b.kind == d.HEADING and b.level == 1 and not b.is_boilerplate), None)
    if title and headline and headline != title and len(headline) >= 8 and headline in title:
        doc.front_matter["title"] = headline


def mark_step_lists(blocks: list[d.Block]) -> None:
    """Steps right under a heading that names them ("Directions", "Method", "Zubereitung"; a short
    paragraph saying only that counts as the heading) are marked like plugin step markup
    (``html-instructions``): a list, bulleted or not (a one-item list that only wraps another list
    gives that list), or else the paragraphs up to the next heading, one step each (a card that
    sets its steps as paragraphs), stopping at a note ("Tip: "): a list marked ``html-step-paragraphs``,
    a procedure but not a step card (a post's "Step by step instructions" walkthrough is prose too)."""
    heading = None
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.is_boilerplate or (block.kind in (d.IMAGE, d.RULE) and heading is not None):
            index += 1
            continue
        if block.kind == d.HEADING or (block.kind == d.PARAGRAPH and STEP_HEADING.match(block.text)):
            heading = block if STEP_HEADING.match(block.text) else None
            index += 1
            continue
        if heading is not None and block.kind == d.LIST:
            blocks[index] = block = _unwrapped(block)
            if len(block.children) >= 2 and block.info != d.STEP_CARD \
                    and not looks_like_ingredients([item.text for item in block.children]):
                _mark_steps(block)
        elif heading is not None and block.kind == d.PARAGRAPH:
            end = _paragraph_steps_end(blocks, index)
            run = [b for b in blocks[index:end] if b.kind == d.PARAGRAPH and not is_step_label(b.text)]
            if len(run) >= 2 and not looks_like_ingredients([b.text for b in run]) \
                    and not _steps_in_subheadings(blocks, end, heading):
                blocks[index:end] = [_paragraph_list(blocks[index:end])]
        heading = None
        index += 1


def _steps_in_subheadings(blocks: list[d.Block], start: int, heading: d.Block) -> bool:
    """Do two or more numbered or "Step N" headings below ``heading`` follow from ``start`` (before a heading
    of its rank)? Then the section's steps are those headings ("Directions", a line of intro, a photo's
    caption, "1. Test the paint", "2. Strip it" ...), and the paragraphs above them only lead in."""
    if heading.kind != d.HEADING:
        return False
    rules = active_rules()
    numbered, label = rules.steps.numbered_heading.pattern, rules.words.step_label
    found = 0
    for block in blocks[start:]:
        if block.is_boilerplate or block.kind != d.HEADING:
            continue
        if block.level <= heading.level:
            break
        if numbered.match(block.text) or label.match(block.text):
            found += 1
            if found >= 2:
                return True
    return False


def heading_requirements(blocks: list[d.Block]) -> list[str]:
    """The items of the lists under headings that name what the reader needs ("Ingredients",
    "What you'll need"), up to the next heading; a group label inside such a list is not an item."""
    out: list[str] = []
    under = None
    for block in blocks:
        if block.is_boilerplate:
            continue
        if block.kind == d.HEADING:
            if names_requirements(block.text):
                under = block.level
            elif under is not None and block.level <= under:  # a subheading ("For the sauce") stays under it
                under = None
            continue
        if under is not None and block.kind == d.LIST:
            for item in block.children:
                nested = [c for c in item.children if c.kind == d.LIST]
                texts = [i.text for c in nested for i in c.children] if nested else [item.text]
                out.extend(t for t in texts if t and t not in out)
    return out


def join_step_lists(blocks: list[d.Block]) -> None:
    """Step markup lists one after the other (images between them aside), one of them a single step
    (a page that sets each step in its own container beside its number), are one list."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == d.LIST and block.info == d.STEP_CARD and not block.is_boilerplate:
            nxt = index + 1
            while nxt < len(blocks) and blocks[nxt].kind == d.IMAGE and not blocks[nxt].is_boilerplate:
                nxt += 1
            following = blocks[nxt] if nxt < len(blocks) else None
            if following is not None and following.kind == d.LIST and following.info == d.STEP_CARD \
                    and not following.is_boilerplate and min(len(block.children), len(following.children)) == 1:
                block.children[-1].children.extend(blocks[index + 1:nxt])  # the photos of the step before
                block.children.extend(following.children)
                block.line_end = max(block.line_end, following.line_end)
                del blocks[index + 1:nxt + 1]
                continue
        index += 1


def _mark_steps(block: d.Block) -> None:
    block.info, block.ordered = d.STEP_CARD, True
    block.number = block.number or 1
    for index, item in enumerate(block.children):
        item.ordered = True
        item.number = item.number if item.number is not None else index + 1


def _unwrapped(block: d.Block) -> d.Block:
    """A list of one item that holds nothing but one list is that inner list."""
    while len(block.children) == 1 and len(block.children[0].children) == 1 \
            and block.children[0].children[0].kind == d.LIST:
        block = block.children[0].children[0]
    return block


def _paragraph_steps_end(blocks: list[d.Block], start: int) -> int:
    """Where a run of paragraph steps from ``start`` ends: at the first block that is not a paragraph or
    an image, or at a note."""
    note = active_rules().words.note_prefix
    end = start
    while end < len(blocks) and not blocks[end].is_boilerplate and (
            blocks[end].kind == d.IMAGE or (blocks[end].kind == d.PARAGRAPH and not note.match(blocks[end].text))):
        end += 1
    while end > start and blocks[end - 1].kind == d.IMAGE:
        end -= 1
    return end


def _paragraph_list(run: list[d.Block]) -> d.Block:
    """Paragraphs as the items of one step list; an image goes with the step before it."""
    items: list[d.Block] = []
    for block in run:
        if block.kind == d.IMAGE and items:
            items[-1].children.append(block)
            items[-1].line_end = max(items[-1].line_end, block.line_end)
        elif block.kind == d.PARAGRAPH and not is_step_label(block.text):  # "2" beside a step numbers it
            items.append(d.Block(d.ITEM, block.line_start, block.line_end, text=block.text, level=0,
                                 number=len(items) + 1, ordered=True, children=[block]))
    return d.Block(d.LIST, run[0].line_start, max(b.line_end for b in run), ordered=True, number=1,
                   info=d.STEP_PARAGRAPHS, children=items)


def _base_url(root, url: str | None, bases: list | None = None) -> str | None:
    """Where relative links point from: ``<base href>`` (itself relative to the page), else the page URL.
    ``bases``: ``list(root.iter("base"))``, when the caller has it."""
    base = next((b.get("href") for b in (root.iter("base") if bases is None else bases) if b.get("href")), None)
    if base and url:
        return urljoin(url, base)
    return base if base and urlsplit(base).scheme else url


def resolve_urls(blocks: list[d.Block], base: str) -> None:
    """Make link and image URLs absolute; in-page anchors (``#...``) stay as written."""
    def absolute(url: str) -> str:
        return url if url.startswith("#") else urljoin(base, url)

    for top in blocks:
        for block in top.walk():
            block.links = [(text, absolute(url)) for text, url in block.links]
            block.images = [(absolute(url), alt) for url, alt in block.images]


def _attached(el, body) -> bool:
    """Still in the page after cleaning (not inside a removed script or form)."""
    return any(a is body for a in el.iterancestors())


def page_blocks(body, layout: html_main.Layout, named: list | None = None) -> list[d.Block]:
    """Content blocks from the main-content roots; one boilerplate block per region around them. ``named``:
    ``Survey.named``, when the caller has it (``BlockBuilder``)."""
    builder = BlockBuilder(layout.marks, layout.kept, named, layout.entries,
                           html_main.html_rules().entries.min_link_words if layout.entries else 0.0, layout.said)
    roots = set(layout.roots)
    holders = {ancestor for root in layout.roots for ancestor in root.iterancestors()}
    out: list[d.Block] = []
    if body in roots:
        builder.convert(body, out)
        return out
    outside: list = []

    def flush() -> None:
        for group in _groups(outside, layout.marks):
            block = _region_block(group)
            if block is not None:
                out.append(block)
        outside.clear()

    def visit(el) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child in roots:
                flush()
                builder.convert(child, out)
            elif child in holders:
                flush()
                visit(child)
            else:
                outside.append(child)
        flush()

    try:
        visit(body)
    finally:  # visit refers to itself: without this the cycle keeps the page's whole tree until the GC runs
        del visit
    return out


def _verdict(el, marks: dict) -> tuple[str, str]:
    verdict = marks.get(el)
    if verdict is not None:
        return verdict
    # (``link_density`` answers 0 for an element with no link below it without measuring its text: most of them)
    if html_main.link_density(el) > 0.5:
        return "link_list", "outside-main-content"
    return "navigation", "outside-main-content"


def _groups(elements: list, marks: dict) -> list[tuple[tuple[str, str], list]]:
    """Consecutive regions with the same verdict form one group."""
    groups: list[tuple[tuple[str, str], list]] = []
    for el in elements:
        verdict = _verdict(el, marks)
        if groups and groups[-1][0] == verdict:
            groups[-1][1].append(el)
        else:
            groups.append((verdict, [el]))
    return groups


# ``el.itertext()`` as a list, in C: libxml2 keeps each run of text in one node, the pieces lxml's
# .text and .tail give.
_TEXTS = etree.XPath("descendant::text()", smart_strings=False, regexp=False)


def _link_text(a) -> str:
    """``squash(" ".join(a.itertext()))``; most links hold only text, read without a query."""
    return squash(a.text or "") if len(a) == 0 else squash(" ".join(_TEXTS(a)))


def _region_block(group: tuple[tuple[str, str], list]) -> d.Block | None:
    verdict, elements = group
    texts, links = [], []
    for el in elements:
        texts.append(squash(" ".join(_TEXTS(el))))
        for a in el.iter("a"):
            href = a.get("href")
            if href:
                links.append((_link_text(a), href))
    text = " ".join(t for t in texts if t)
    if not text:
        return None
    block = d.Block(d.HTML, elements[0].sourceline or 1, max(last_line(el) for el in elements), text=text,
                    links=links, info=elements[0].tag)
    block.boilerplate = verdict
    return block
