"""The post's edges: what stands before its first paragraph of prose and after its last one.

A site's template puts its own lines at both ends of a post, whatever the post is about and in whatever
language: a series' navigation above the title ("Back to contents", "Previous: [Part 1](part-1.md)"), the
next/previous lines and the link list of the series below the article, the credit of the post it was
reprinted from. Their phrases change from site to site; their shape does not. Two structural rules
(``furniture.toml``, ``how = "edge-nav"`` and ``how = "source-credit"``; thresholds ``edge_*`` in its
``[settings]``), for a post's own file (Markdown) only:

- edge-nav: outside the article's body (before its first block of prose, list, code or table, or after its
  last), a short line made mostly of links to the site's own pages (a relative address, or the host the post's
  front matter names), or a list every item of which is such a line; a short "Navigation:" label right above
  such a block goes with it;
- source-credit: outside the body, a short line that links to an address the post's front matter names (its
  ``source``, ``canonical`` or ``original`` URL): "Originally published at [...]", "原文：[...]".

The body is found before these rules look: a line of links is never the body (a list of such lines neither), so
a series' list at the end does not count as the article's last list. Content is guarded: never a sentence with
a link in it (the article's own pointer to the next part, "Read [the guide](guide.md) first."), never a
paragraph numbered as a step, never a long block, never inside the body.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from .. import document as d
from ..data.furniture import ANYWHERE_HOWS, WORDED_EDGE_HOWS, FurnitureRule, FurnitureRules
from ..document import Block
from ..words import word_count, word_runs
from .item_calls import set_apart

_LETTERS = re.compile(r"\w", re.UNICODE)
_NOT_A_PAGE = ("#", "mailto:", "tel:", "javascript:", "data:")
_SENTENCE_END = (".", "!", "?", ";", "。", "！", "？", "；")
# HTML that gives the article's matter its shape (a table, code, a list, a definition list, a folded answer, a
# heading: a step box "<span>Step 1</span><h3>Empty the shelf</h3>")
_STRUCTURE = re.compile(r"<(?:table|pre|code|ul|ol|dl|details|kbd|h[1-6])\b", re.IGNORECASE)
_SYNTAX = re.compile(r"[\[\]{}<>\"`=]")  # a command's synopsis ("node [options] [script.js | -e]") is no meta line
_SEPARATORS = re.compile(r"\s[·•|｜/]\s|\s?[·•｜]\s?")  # between the parts of a meta line ("Ana / Editor / Acme")
_MARKUP = re.compile(r"\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt|ipynb)$")  # a page's source file
# a header box's line: "Author: Ana", "**Twitter:** [@ana](...)", "#Data de criação: 09/10/2021" (a label and a value)
_LABEL_LINE = re.compile(r"^[#*_>\s-]*[^\W\d_][^:：]{0,40}?[:：]\s*\S", re.UNICODE)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"(?:https?:)?//[^\s)<>\]]+")
# a tracking pixel: an image one pixel (or none) wide and high, in the attributes or the style
_PIXEL = re.compile(r"<img\b(?=[^>]*\bwidth\s*[=:]\s*[\"']?[01](?:px)?[\"';\s/>])(?=[^>]*\bheight\s*[=:]\s*[\"']?[01](?:px)?[\"';\s/>])[^>]*>",
                    re.IGNORECASE)
# a button's markup: a <button>, a link styled as one (class or id words, role), or a centred line
_BUTTON = re.compile(r"<button\b|\brole\s*=\s*[\"']?button|\b(?:class|id)\s*=\s*[\"'][^\"']*\b(?:btn|button|cta)",
                     re.IGNORECASE)
_CENTRED = re.compile(r"\balign\s*=\s*[\"']?center|text-align\s*:\s*center|<center\b", re.IGNORECASE)
_FILE = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|avif|ico|pdf|mp4|mp3|zip)(?:[?#].*)?$", re.IGNORECASE)  # an image's address


def _per_block(test: Callable[[Block], bool]) -> Callable[[Block], bool]:
    """``test``, remembered per block for one document."""
    answers: dict[int, bool] = {}

    def ask(b: Block) -> bool:
        found = answers.get(id(b))
        if found is None:
            found = answers[id(b)] = test(b)
        return found
    return ask


def _never(b: Block) -> bool:
    return False


def label_edges(doc: d.Document, rules: list[FurnitureRule], furniture: FurnitureRules,
                may_label, article_body, numbered_as_step, languages: frozenset[str] = frozenset({"en"})) -> None:
    """Label the edge rules' blocks in ``doc`` (a Markdown post). ``may_label``, ``article_body`` and
    ``numbered_as_step`` are the furniture stage's own guards (a top-level block of a furniture kind, not numbered
    as a step; a block of the article's prose; a step's number or label), passed in so both stages read a block
    the same way; ``languages``: whose words the rules with phrases use (an author's label, a button's verb)."""
    settings = furniture.settings
    shown = [b for b in doc.blocks if not (b.boilerplate and b.boilerplate[0] == "empty")
             and (b.text.strip() or b.images or b.kind in (d.LIST, d.CODE, d.TABLE))]
    own = _own_addresses(doc)
    hosts = {address.split("/", 1)[0] for address in own}
    words = {rule.name: _words(rule, languages) for rule in rules if rule.how in WORDED_EDGE_HOWS}
    header_rule = next((rule for rule in rules if rule.how == "edge-header"), None)
    header_words = words.get(header_rule.name) if header_rule is not None else None
    series_rule = next((rule for rule in rules if rule.how == "edge-series"), None)
    series_words = words.get(series_rule.name) if series_rule is not None else None
    social = re.compile(settings.closing_tail_social_links)
    # asked only of the blocks near the body's ends, not of every block; remembered, as both ends ask again
    is_aside = _per_block(lambda b: _aside(doc, b, hosts))
    is_header = _per_block(lambda b: _header_box(doc, b, settings, header_words, social)) \
        if header_words is not None else _never
    is_series = _per_block(lambda b: _series_note(doc, b, settings, series_words)) \
        if series_words is not None else _never

    # only the body's first and last blocks matter: read from each end, not every block of a long post
    def in_body(at: int) -> bool:
        b = shown[at]
        if b.is_boilerplate or is_aside(b) or is_header(b) or is_series(b):
            return False
        # a short quote right under the byline at the top is the author's motto, not the article's first words
        if b.kind == d.QUOTE and at > 0 and len(" ".join(b.text.split())) <= settings.edge_motto_max_chars \
                and (_is_byline(shown[at - 1]) or is_header(shown[at - 1])):
            return False
        return _body(b, settings, hosts, article_body)
    _label_top_cta_boxes(shown, in_body, rules, words, settings, numbered_as_step)  # before the body is found
    first = next((i for i in range(len(shown)) if in_body(i)), None)
    if first is None:
        _label_html_cta(doc, shown, rules, words, settings, may_label, numbered_as_step)
        _label_body_cta(shown, rules, words, settings, hosts, social, may_label, numbered_as_step)
        _label_affiliate_banners(shown, rules, settings)
        return
    last = next(i for i in range(len(shown) - 1, first - 1, -1) if in_body(i))
    # past the body, the edges stop at the article's next heading (a last section of short lines is the article's:
    # an API page's "Extends: [EventTarget](...)"), and a block under a step's heading is the step's own
    heading_of, heading = {}, None
    for i, b in enumerate(shown):
        heading = b if b.kind == d.HEADING else heading
        heading_of[i] = heading
    stop = next((i for i in range(last + 1, len(shown))
                 if shown[i].kind == d.HEADING and not shown[i].is_boilerplate), len(shown))
    edges = list(range(0, first)) + [i for i in range(last + 1, stop)
                                      if heading_of[i] is None or not numbered_as_step(heading_of[i].text)]
    # ... except the post's very last lines: a run of lines of links to the site's pages, or of the template's
    # notes, that ends the file ("### [Next: Getting started](setup.md)" after the last section) is its
    # navigation, past any heading
    end = len(shown)
    while end - 1 > max(last, stop - 1) and (shown[end - 1].is_boilerplate or is_aside(shown[end - 1]) or (
            shown[end - 1].kind != d.LIST and _nav_line(shown[end - 1], settings, hosts))):
        end -= 1
    taken = set(edges)
    edges += [i for i in range(max(end, stop), len(shown)) if i not in taken]
    # a line of links under every section is how the page is made, not the site's furniture around it (counted
    # when a candidate first asks: most posts have none)
    made_of_links: list[bool] = []

    def page_made_of_links() -> bool:
        if not made_of_links:
            link_lines = sum(1 for b in shown if b.kind == d.PARAGRAPH and _link_line(b, settings, None))
            made_of_links.append(link_lines > settings.closing_tail_max_link_blocks)
        return made_of_links[0]
    name = doc.path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    # only the edge-nav rule reads a block already labelled (the label over a list an earlier stage took), and the
    # rules below only add labels: the others walk the edges that were unlabelled when they started
    unlabelled = [at for at in edges if not shown[at].is_boilerplate]
    # a credit first: its link also points to the site's host, and a credit is the more telling name
    for rule in sorted(rules, key=lambda r: r.how != "source-credit"):
        if rule.how in ANYWHERE_HOWS:  # wherever the author put it (below)
            continue
        if rule.how == "image-credit":  # a caption stands under its picture, wherever that is
            for at, block in enumerate(shown):
                if not block.is_boilerplate and block.kind in rule.blocks and _image_credit(shown, at, settings, hosts) \
                        and may_label(block):  # (the picture above is the rarer condition: asked first)
                    block.boilerplate = (rule.kind, rule.name)
            continue
        for at in edges if rule.how == "edge-nav" else unlabelled:
            block = shown[at]
            if rule.how == "edge-nav" and block.is_boilerplate and block.boilerplate[0] in ("navigation", "link_list") \
                    and block.kind in (d.LIST, d.PARAGRAPH):
                # a list of links an earlier stage took keeps no title of its own: "**Lamp series**" over it goes too
                label = _label_above(shown, at, first, last, settings)
                if label is not None and label.kind in rule.blocks and may_label(label):
                    label.boilerplate = (rule.kind, rule.name)
                continue
            if block.is_boilerplate or block.kind not in rule.blocks or not may_label(block):
                continue
            if rule.how == "edge-html" and at > last and _html_line(block, settings) \
                    and not numbered_as_step(" ".join(block.text.split())):
                block.boilerplate = (rule.kind, rule.name)
            elif rule.how == "source-link" and _links_own_file(block, settings, name):
                block.boilerplate = (rule.kind, rule.name)
            elif rule.how == "edge-meta" and _meta_line(block, settings):
                block.boilerplate = (rule.kind, rule.name)
            elif rule.how == "edge-aside" and at > last and is_aside(block) \
                    and len(" ".join(block.text.split())) <= settings.edge_aside_max_chars:
                block.boilerplate = (rule.kind, rule.name)
            elif rule.how == "edge-links" and at > last and block.kind != d.LIST \
                    and _link_line(block, settings, None) and not page_made_of_links():
                block.boilerplate = (rule.kind, rule.name)
            elif rule.how == "edge-nav" and _nav_block(block, settings, hosts) \
                    and (block.kind != d.HEADING or _share(block) >= settings.link_only_share):
                block.boilerplate = (rule.kind, rule.name)
                label = _label_above(shown, at, first, last, settings)
                if label is not None and label.kind in rule.blocks and may_label(label):
                    label.boilerplate = (rule.kind, rule.name)
            elif rule.how == "source-credit" and own and _credits(block, settings, own):
                block.boilerplate = (rule.kind, rule.name)
            elif rule.how == "edge-header" and is_header(block):
                block.boilerplate = (rule.kind, rule.name)
            elif rule.how == "edge-motto" and at < first and block.kind == d.QUOTE \
                    and len(" ".join(block.text.split())) <= settings.edge_motto_max_chars \
                    and sum(1 for inner in block.walk() for _ in inner.links) <= 1 \
                    and ((at > 0 and _is_byline(shown[at - 1])) or (at + 1 < len(shown) and _is_byline(shown[at + 1]))):
                block.boilerplate = (rule.kind, rule.name)
    _label_html_cta(doc, shown, rules, words, settings, may_label, numbered_as_step)
    _label_body_cta(shown, rules, words, settings, hosts, social, may_label, numbered_as_step)
    _label_affiliate_banners(shown, rules, settings)
    # a series note set apart from the prose is the template's wherever it stands (a message box between the
    # summary and the closing words)
    for rule in rules:
        if rule.how == "edge-series":
            for block in shown:
                if not block.is_boilerplate and block.kind in rule.blocks and is_series(block) and may_label(block):
                    block.boilerplate = (rule.kind, rule.name)


def _body(block: Block, settings, hosts: set[str], article_body) -> bool:
    """The article's own matter: prose of some length, a code block, a table, a list that is not a list of links
    to the site's pages."""
    if block.kind == d.LIST:
        return not _nav_block(block, settings, hosts)
    if block.kind in (d.CODE, d.TABLE):
        return True
    text = " ".join(block.text.split())
    # raw HTML counts when it holds prose: a post written in HTML paragraphs ends where its prose does
    if block.kind not in (d.PARAGRAPH, d.QUOTE, d.HTML) or not text:
        return False
    return word_count(text, settings.cjk_chars_per_word) >= settings.after_article_body_words \
        and article_body(block, 0, settings)


def _nav_block(block: Block, settings, hosts: set[str]) -> bool:
    """A short line made mostly of links, one at least to the site's own pages; a list of such lines."""
    if block.kind == d.LIST:
        items = block.children
        if not items or len(items) > settings.edge_list_max_items:
            return False
        # a series' list names the post itself too, unlinked ("2. ➡︎ This part"): one short item without a link
        # among two link lines at least
        linked = [item for item in items if _nav_line(item, settings, hosts)]
        rest = [item for item in items if item not in linked]
        if len(rest) > 1 or (rest and (len(linked) < settings.edge_series_min_links or rest[0].has_links()
                                       or len(" ".join(rest[0].text.split())) > settings.edge_max_chars)):
            return False
        # a numbered list of steps that link to the site's pages ("1. Open [Settings](settings.md)") is the
        # article's: a numbered list is navigation only when its items are links and nothing else (a series'
        # parts). (No such test tells a bulleted "Back to [contents](...)" from "Go to [Settings](...)": both
        # read as instructions; a bulleted list of one-link lines past the article is taken.)
        return not block.ordered or all(_share(item) >= settings.link_only_share for item in linked)
    return _nav_line(block, settings, hosts)


def _share(block: Block) -> float:
    """The share of the block's letters that are link text (words, not an address written out)."""
    letters = len(_LETTERS.findall(block.text))
    linked = sum(len(_LETTERS.findall(t)) for inner in block.walk() for t, u in inner.links if _worded(t, u))
    return linked / letters if letters else 0.0


def _worded(text: str, url: str) -> bool:
    """A link with words of its own: not empty, and not its address written out ("<https://...>")."""
    text = text.strip()
    return bool(text) and text != url.strip() and not text.lower().startswith(("http://", "https://", "www."))


def _nav_line(block: Block, settings, hosts: set[str]) -> bool:
    return _link_line(block, settings, hosts)


def _link_line(block: Block, settings, hosts: set[str] | None) -> bool:
    """A short line made mostly of links (with ``hosts``: one at least to the site's own pages)."""
    text = " ".join(block.text.split())
    if not text or len(text) > settings.edge_max_chars:
        return False
    links = [(t, u) for inner in block.walk() for t, u in inner.links if _worded(t, u)]
    if not links or any(u.strip().lower().startswith(_NOT_A_PAGE) for _, u in links):
        return False
    if hosts is not None and not any(_internal(u, hosts) for _, u in links):
        return False
    letters = len(_LETTERS.findall(text))
    linked = sum(len(_LETTERS.findall(t)) for t, _ in links)
    if not letters or linked < settings.edge_link_share * letters:
        return False
    # a sentence around a link is the article's own pointer ("Read [the guide](guide.md) first.")
    return not text.endswith(_SENTENCE_END) or linked >= settings.link_only_share * letters


def _meta_line(block: Block, settings) -> bool:
    """A post's meta line: short parts side by side between dots or bars ("Posted 2026-09 · Tips · 5 min read",
    "作者：Ana · [GitHub](...)"), no sentence, a link, a number or three parts at least among them."""
    text = " ".join(block.text.split())
    if not text or len(text) > settings.edge_meta_max_chars or text.endswith(_SENTENCE_END) \
            or _SYNTAX.search(text):
        return False
    parts = [p.strip() for p in _SEPARATORS.split(text)]
    if len(parts) < settings.edge_meta_min_parts or not all(parts) \
            or any(len(p) > settings.edge_meta_part_chars for p in parts):
        return False
    return block.has_links() or any(c.isdigit() for c in text) or len(parts) > settings.edge_meta_min_parts


def _aside(doc: d.Document, block: Block, hosts: set[str]) -> bool:
    """A paragraph written wholly in emphasis ("*This is part 2 of the series. [Part 1](/part-1) covered ...*")
    that links to the site's own pages: a note of the site's template about the post, not the post's prose."""
    if block.kind != d.PARAGRAPH or not any(_internal(u, hosts) for _, u in block.links):
        return False
    source = "\n".join(doc.lines[block.line_start - 1:block.line_end]).strip()
    return bool(source[1:-1].strip()) and source[0] in "*_" and source[-1] == source[0]


def _html_line(block: Block, settings) -> bool:
    """Raw HTML past the article's end that holds no prose (a footer's "source:" line, a tag box, a reprint
    notice): the site's. (Prose in HTML is the body, see ``_body``.)"""
    text = " ".join(block.text.split())
    return bool(text) and len(text) <= settings.edge_html_max_chars and not _STRUCTURE.search(block.raw)


def _links_own_file(block: Block, settings, name: str) -> bool:
    """A short line at the edges that links to this very file on a code host ("Edit this page", "View the
    source"): an absolute address whose path ends with the post's own file name, or a code host's editor of a
    page's markup file (".../edit/<branch>/.../page.md")."""
    text = " ".join(block.text.split())
    if not name or not text or len(text) > settings.edge_max_chars:
        return False
    for inner in block.walk():
        for _, url in inner.links:
            path = urlsplit(url).path.rstrip("/").lower() if "://" in url else ""
            if path and (path.endswith("/" + name) or ("/edit/" in path and _MARKUP.search(path))):
                return True
    return False


def _label_top_cta_boxes(shown: list[Block], in_body, rules: list[FurnitureRule], words: dict, settings,
                         numbered_as_step) -> None:
    """Above the article's first block of prose (``in_body``: the edge pass's own test), a box set apart (a quote, an admonition, a component's box) of at
    most ``top_cta_max_chars`` that says which product the page is about and asks the reader to download or get it
    through a link ("> This page is about LampApp for desktop. [Download the app](...)", "> [!TIP] 本文适用于 LampApp
    桌面版。[立即下载](...)"): the site's call to action, not the article. The rule's words tell both in order."""
    for rule in rules:
        pattern = words.get(rule.name) if rule.how == "top-cta-box" else None
        if pattern is None:
            continue
        for at, block in enumerate(shown):  # from the top down to the article's first words
            if block.is_boilerplate:
                continue
            boxed = set_apart(block)  # a quote or admonition (":::tip" reads as one), or a component's box
            text = " ".join(block.text.split())
            if boxed and block.kind in rule.blocks and block.has_links() and text \
                    and len(text) <= settings.top_cta_max_chars and not numbered_as_step(text) \
                    and pattern.search(text.lower()):
                block.boilerplate = (rule.kind, rule.name)
                continue
            if in_body(at):  # (a box that says something else, set apart at the top, is the article's note)
                break


def _label_affiliate_banners(shown: list[Block], rules: list[FurnitureRule], settings) -> None:
    """A picture that links only to a seller, through a referral or affiliate mark (``item_cta_referral_links``), is
    the seller's banner wherever it stands (it has no words of the article); the short line right under it that links
    nowhere and is no sentence (``banner_caption_max_chars``: "Lamp Hosting", "Shop domains") is the banner's caption.
    A picture linked to a plain shop page, and a caption that says something, stay."""
    rule = next((r for r in rules if r.how == "affiliate-banner"), None)
    if rule is None:
        return
    referral = re.compile(settings.item_cta_referral_links, re.IGNORECASE)
    for at, block in enumerate(shown):
        # (a picture has no words to guard: it is never a step)
        if block.is_boilerplate or block.kind not in (d.IMAGE, d.PARAGRAPH) or not block.images \
                or block.text.strip() or not block.links:
            continue
        if not all(referral.search(url) for _, url in block.links):
            continue
        block.boilerplate = (rule.kind, rule.name)
        below = shown[at + 1] if at + 1 < len(shown) else None
        if below is None or below.is_boilerplate or below.kind != d.PARAGRAPH or below.links or below.images:
            continue
        text = " ".join(below.text.split())
        if text and len(text) <= settings.banner_caption_max_chars and not text.endswith(_SENTENCE_END):
            below.boilerplate = (rule.kind, rule.name)


def _image_credit(shown: list[Block], at: int, settings, hosts: set[str]) -> bool:
    """A picture's credit: a short caption right under a picture (in its paragraph, or the next one) made mostly
    of links to another site ("Photo by [Ana](...) on [Unsplash](...)", "Source: [Wikimedia](...)")."""
    block = shown[at]
    if block.kind != d.PARAGRAPH:
        return False
    if not block.images and not (at > 0 and shown[at - 1].images and not shown[at - 1].text.strip()):
        return False
    text = " ".join(block.text.split())
    if not text or len(text) > settings.image_credit_max_chars:
        return False
    links = [(t, u) for t, u in block.links if _worded(t, u)]
    if not links or any(_internal(u, hosts) for _, u in links):
        return False
    return _share(block) >= settings.image_credit_link_share and not text.endswith(_SENTENCE_END)


def _internal(url: str, hosts: set[str]) -> bool:
    """A link to another page of the same site: a relative or root-relative address, a site generator's own
    reference ("{{< relref ... >}}", "{{ site.baseurl }}/..."), or an address on a host the post names."""
    url = url.strip()
    if not url or url.lower().startswith(_NOT_A_PAGE):
        return False
    if url.startswith(("{{", "{%")):
        return True
    if "://" not in url and not url.startswith("//"):
        return True
    host = (urlsplit(url if "://" in url else "http:" + url).hostname or "").removeprefix("www.")
    return bool(host) and host in hosts


def _label_above(shown: list[Block], at: int, first: int, last: int, settings) -> Block | None:
    """The short label line right above an edge block ("**Navigation :**", "Series:"), outside the body."""
    above = at - 1
    if above < 0 or first <= above <= last:
        return None
    block = shown[above]
    text = " ".join(block.text.split())
    # ("Series:", or a title set in bold: "**Lamp series**")
    bold = bool(block.labels) and " ".join(" ".join(block.labels).split()) == text
    if block.is_boilerplate or block.kind != d.PARAGRAPH or block.links or not (text.endswith((":", "：")) or bold) \
            or word_runs(text, settings.cjk_chars_per_word) > settings.edge_label_max_words:
        return None
    return block


def _credits(block: Block, settings, own: set[str]) -> bool:
    """A short line that links to one of the post's own addresses (where it was first published)."""
    text = " ".join(block.text.split())
    if not text or len(text) > settings.source_credit_max_chars:
        return False
    return any(_address(u) in own for inner in block.walk() for _, u in inner.links)


def _own_addresses(doc: d.Document) -> set[str]:
    """The addresses the post's front matter names (its permalink, canonical or source URL: any absolute
    http(s) address among its values, at the top level or one level down), and the page's own URL, without
    scheme, "www." and trailing slash. (Only two levels are read: a front matter of YAML aliases nests the same
    list a billion times over.)"""
    found: set[str] = set()
    top = list(doc.front_matter.values()) if isinstance(doc.front_matter, dict) else []
    values = [doc.url] if doc.url else []
    for value in top:
        if isinstance(value, dict):
            values.extend(value.values())
        elif isinstance(value, (list, tuple)):
            values.extend(value)
        else:
            values.append(value)
    for value in values:
        if isinstance(value, str) and value.startswith(("http://", "https://")) and not _FILE.search(value):
            address = _address(value)
            if address:
                found.add(address)
    return found


def _address(url: str) -> str:
    """``url`` without scheme, "www.", query, fragment and trailing slash, its host lower case."""
    url = url.strip()
    if "://" not in url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/") if host else ""


_WORDS_OF: dict[tuple[int, frozenset[str]], tuple[FurnitureRule, object]] = {}


def _words(rule: FurnitureRule, languages: frozenset[str]):
    """The rule's words for these languages, compiled once per rule and set of languages (not per post)."""
    found = _WORDS_OF.get((id(rule), languages))
    if found is None or found[0] is not rule:
        found = _WORDS_OF[(id(rule), languages)] = (rule, rule.pattern_for(languages))
    return found[1]


def _is_byline(block: Block) -> bool:
    return block.boilerplate is not None and block.boilerplate[0] == "byline"


def _header_box(doc: d.Document, block: Block, settings, words, social: re.Pattern) -> bool:
    """A header box of the site's template: a paragraph of short lines, none a sentence, half of them at least
    "Label: value" lines or links, one naming the author ("Autor: Ana", "作者：李明") or an address of the author's
    on a social site ("Twitter: https://twitter.com/ana"): the byline block a site puts over (or under) each post."""
    if block.kind not in (d.PARAGRAPH, d.QUOTE, d.HTML) or not block.text.strip():
        return False
    lines = []
    for line in doc.lines[block.line_start - 1:block.line_end]:
        line = _TAG.sub(" ", line.strip().lstrip(">").strip()).strip()
        if line:
            lines.append(line)
    if len(lines) < settings.edge_header_min_lines:
        return False
    shown_lines = [" ".join(_MARKDOWN_LINK.sub(r"\1", line).split()) for line in lines]
    if any(len(line) > settings.edge_header_line_chars or line.endswith(_SENTENCE_END) for line in shown_lines):
        return False
    labelled = sum(1 for line, shown in zip(lines, shown_lines)
                   if _LABEL_LINE.match(shown) or (_MARKDOWN_LINK.search(line) and not _LETTERS.search(_MARKDOWN_LINK.sub("", line))))
    if labelled < settings.edge_header_label_share * len(lines):
        return False
    named = any(words.search(line.lstrip("#*_>- ").lower()) for line in shown_lines)
    return named or any(social.search(url) for line in lines for url in _URL.findall(line))


_HTML_LINK = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)
_HTML_FILLER = re.compile(r"<(?:br|img|span|/span|p|/p|div|/div|center|/center)\b[^>]*>|!\[[^\]]*\]\([^)]*\)", re.IGNORECASE)


def _html_links_only(doc: d.Document, block: Block) -> bool:
    """The block is written as links in HTML and nothing else (a shop's card: "<a href=...><img></a><a
    style=...>Lamp Shop | free shipping</a>")."""
    source = "\n".join(doc.lines[block.line_start - 1:block.line_end])
    if not _HTML_LINK.search(source):
        return False
    return not _HTML_FILLER.sub("", _HTML_LINK.sub("", source)).strip()


def _series_note(doc: d.Document, block: Block, settings, words) -> bool:
    """A note of the site's about the post set apart from the prose (a quote, a block of HTML, a paragraph wholly
    in emphasis) that tells the series the post belongs to ("This post is part of the Lamp Week", "本文是……系列的
    第二篇"): the template's, at the post's edges."""
    if block.kind not in (d.QUOTE, d.HTML, d.PARAGRAPH):
        return False
    if block.kind == d.PARAGRAPH:  # (asked of every paragraph: the emphasis first, from its first and last line)
        opening = doc.lines[block.line_start - 1].lstrip()[:1]
        if opening not in ("*", "_") or doc.lines[block.line_end - 1].rstrip()[-1:] != opening:
            return False
        source = "\n".join(doc.lines[block.line_start - 1:block.line_end]).strip()
        if not source[1:-1].strip():
            return False
    text = " ".join(block.text.split())
    if not text or len(text) > settings.edge_aside_max_chars or _STRUCTURE.search(block.raw or ""):
        return False
    return words.search(text.lower()) is not None


def _label_html_cta(doc: d.Document, shown: list[Block], rules: list[FurnitureRule], words: dict, settings,
                    may_label, numbered_as_step) -> None:
    """A button written in raw HTML wherever it stands: a short block whose markup makes a button (a <button>, a
    link with a button's class, a centred line, or links in HTML and nothing else: a shop's card) and whose words
    are a call to action or an offer (download, buy, try, subscribe, free, discount, in the rule's languages); or a
    short block that holds a tracking pixel (an image 1x1) beside its link: an affiliate's promo, a heading too."""
    for rule in rules:
        if rule.how != "html-cta":
            continue
        pattern = words.get(rule.name)
        for block in shown:
            if block.is_boilerplate or block.kind not in rule.blocks or not block.raw or not may_label(block):
                continue
            text = " ".join(block.text.split())
            if not text or len(text) > settings.html_cta_max_chars or _STRUCTURE.search(block.raw) \
                    or numbered_as_step(text):
                continue
            if _PIXEL.search(block.raw) and ("<a " in block.raw.lower() or block.has_links()):
                block.boilerplate = (rule.kind, rule.name)
            elif block.kind != d.HEADING and pattern is not None \
                    and (_BUTTON.search(block.raw) or _CENTRED.search(block.raw) or _html_links_only(doc, block)) \
                    and ("<a " in block.raw.lower() or "<button" in block.raw.lower() or block.has_links()) \
                    and pattern.search(text.lower()):
                block.boilerplate = (rule.kind, rule.name)


def _with_bullets(shown: list[Block]):
    """The blocks, and after each bulleted list its items of one paragraph: a pitch is often written as one more
    bullet of the post's list ("- Confira o vídeo deste tutorial no [meu canal](...)"). A numbered list's items are
    steps, never read."""
    for block in shown:
        yield block
        if block.kind == d.LIST and not block.ordered and not block.is_boilerplate:
            for item in block.children:
                if item.kind == d.ITEM and not any(child.kind in (d.LIST, d.CODE, d.TABLE) for child in item.children):
                    yield item


def _label_body_cta(shown: list[Block], rules: list[FurnitureRule], words: dict, settings, hosts: set[str],
                    social: re.Pattern, may_label, numbered_as_step) -> None:
    """A pitch in the middle of a post: a short paragraph of its own (or a bullet), one link in it, that sends the reader to the
    author's other pages, videos, course or channel ("Check out my [video on this](https://youtu.be/...)!", "Leia
    também: ...", "[Click here](...) to read more") in the rule's words: the site's promotion, not the article.
    The one link goes to the site's own pages, a video or social site, or says only "here"."""
    videos = re.compile(settings.body_cta_video_links)
    bare = re.compile(settings.body_cta_bare_link_words)
    for rule in rules:
        if rule.how != "body-cta":
            continue
        pattern = words.get(rule.name)
        if pattern is None:
            continue
        for block in _with_bullets(shown) if d.ITEM in rule.blocks else shown:  # (the cheap tests first: this reads
            if block.is_boilerplate or block.kind not in rule.blocks:              # every paragraph of the post)
                continue
            links = block.links if block.kind == d.PARAGRAPH else [link for inner in block.walk() for link in inner.links]
            if len(links) != 1 or (block.kind != d.ITEM and not may_label(block)):
                continue
            text = " ".join(block.text.split())
            if not text or len(text) > settings.body_cta_max_chars or numbered_as_step(text):
                continue
            label, url = links[0]
            url = url.strip()
            if not (_internal(url, hosts) or videos.search(url) or social.search(url)
                    or bare.fullmatch(" ".join(label.lower().split()).strip(" .:!")) or not _worded(label, url)):
                continue
            if pattern.search(text.lower()):
                block.boilerplate = (rule.kind, rule.name)
