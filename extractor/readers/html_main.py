"""Main content of a web page, and which regions around and inside it are boilerplate.

Three passes over the lxml tree, each driven by ``data/html_boilerplate.toml``:

1. ``clean``: elements that are never visible text (scripts, styles, forms, hidden elements) go.
2. ``mark_regions``: page chrome found by tag, ARIA role or class/id words (navigation, sidebars,
   comments, share bars, cookie banners, ads, related-post widgets) is labelled with a boilerplate
   kind and not looked into again.
3. ``find_main``: every paragraph-like element gives points to its parent and grandparent (after
   Readability: length and commas, weighted by class/id words and lowered by link density); the best
   container, moved up when the article is split over several parts, plus its strong siblings and its
   same-class twins elsewhere in the page, is the main content. Explicit step containers (a recipe
   card after the comments) join it wherever they are. Inside it, link-dense containers are
   labelled link lists.

If the labelled regions leave almost no text (a site that puts its article in a "sidebar"), the
search runs again with tag and role rules only, then with none.
"""
from __future__ import annotations

import contextvars
import re
from itertools import islice
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ..memo import Memo
from ..rules import active_rules
from ..rules.folded import lowered_label
from ..rules.sections import HtmlSection
from . import html_choice, html_steps

Verdict = tuple[str, str]  # (boilerplate kind, rule name)

# Tags that hold blocks of text; class/id rules are checked on these only (a <span class="share-count">
# inside a sentence is not a region).
REGION_TAGS = frozenset({"div", "section", "aside", "nav", "header", "footer", "ul", "ol", "dl", "form", "table",
                         "p", "li", "figure", "article", "details", "center", "menu", "span"})
SKIP_CLASS_RULES = frozenset({"html", "body", "main"})
MIN_MAIN_CHARS = 200
# Tags and ARIA roles that name a region of chrome by themselves: a page builder's blocks (``_components``)
# are never these nor inside them.
_PLACE_TAGS = frozenset({"nav", "aside", "header", "footer"})
_PLACE_ROLES = frozenset({"complementary", "navigation", "banner", "contentinfo", "dialog", "alertdialog", "menu"})
# Regions whose step lists are never article steps (a commenter's recipe, an ad's "3 easy steps").
RESCUE_NEVER = frozenset({"comments", "ad", "cookie_notice"})
# Region kinds that are content on a forum thread: the replies.
FORUM_CONTENT = frozenset({"comments"})


def html_rules() -> HtmlSection:
    """The main-content rules in force: the rules' ``html`` section."""
    return active_rules().html


@dataclass
class Layout:
    """Where the article is: main-content roots in document order, and labelled regions."""

    roots: list = field(default_factory=list)
    listing: bool = False  # the main content is mostly links: they are its content (see is_listing)
    marks: dict = field(default_factory=dict)  # element -> Verdict
    kept: list = field(default_factory=list)  # step containers inside labelled regions of the main content
    entries: frozenset = frozenset()  # the page's own entries (page_entries): content for the block stage
    # parts of labelled regions the reader knows are content (a post's poster and date, mark_posters): in ``kept``
    # too, and their blocks carry ``Block.entry``, which the block and furniture stages do not judge again
    said: frozenset = frozenset()


# ``"".join(el.itertext())``, computed in C (several times faster); plain strings, not lxml's "smart"
# ones that each keep a reference to their parent element.
_STRING = etree.XPath("string()", smart_strings=False, regexp=False)


def text_of(el) -> str:
    return (el.text or "") if len(el) == 0 else _STRING(el)  # no children: its text is all there is


def class_id(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def remove(el) -> None:
    """Remove an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def unwrap(el) -> None:
    """Replace an element by its content (text, children, tail) in place."""
    parent = el.getparent()
    index = parent.index(el)
    previous = el.getprevious()
    if el.text:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.text
        else:
            parent.text = (parent.text or "") + el.text
    children = list(el)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else el.getprevious()
    if el.tail:
        if last is not None and last is not el:
            last.tail = (last.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# (``_hidden`` tests for "none" and "hidden" before running it: keep the two in step.)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")


def clean(root, rules: HtmlSection, containers: list | None = None, found: Survey | None = None) -> None:
    """Drop what a reader never sees: scripts, styles, form controls, comments, hidden elements.

    A recipe card hidden until printed or clicked still holds the page's steps, so a hidden
    element that holds one of ``containers`` (see ``html_steps.steps_containers``) stays.
    A script-rendered page whose only readable copy sits in ``<noscript>``, or in an element hidden
    until a script shows it, keeps that copy. ``found``: ``survey`` of the page before cleaning,
    when the caller has it."""
    _unwrap_page_copies(root, rules, None if found is None else found.copies)
    dropped = None if found is None else found.dropped(root, rules)
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *rules.drop.tags)) if dropped is None else dropped:
        remove(el)
    hidden = _hidden(root, rules) if found is None else found.hidden()
    if not hidden:
        return
    # Only a hidden element of ``page_copy.min_chars`` or more may be a page copy, and removing elements never
    # lengthens another's text: those shorter now stay shorter while the loop below removes. What is left to read
    # (now that scripts and controls are gone) is measured, before anything hidden goes, only when one is that
    # long: most pages hide nothing that long, and the whole page's text was a tenth of the HTML path's measures.
    long = {el for el in hidden if el.tag not in ("html", "body") and not _shorter(el, rules.page_copy.min_chars)}
    total = text_length(root) if long else 0
    if containers is None:
        containers = html_steps.steps_containers(root)
    holders = {a for container in containers for a in container.iterancestors()}
    controlled = _controlled(root) if found is None else found.controlled
    for el in hidden:
        if el.tag not in ("html", "body") and el not in holders and el.getparent() is not None \
                and not (el in long and _is_page_copy(el, total, rules)) and not _collapsed_panel(el, controlled, rules):
            remove(el)


_PANEL_CHROME_ROLES = frozenset({"dialog", "alertdialog", "menu", "navigation"})


def _collapsed_panel(el, controlled: set, rules: HtmlSection) -> bool:
    """Whether a hidden element is a panel the reader opens (an accordion's answer, a tab's pane): content,
    though hidden. ``controlled``: the ids that elements of the page name in ``aria-controls``
    (``[drop] panel_pattern``)."""
    drop = rules.drop
    if drop.panel_pattern is None:
        return False
    if not (el.get("aria-labelledby") or el.get("role") == "tabpanel" or (el.get("id") or "") in controlled
            or drop.panel_pattern.search(f"{el.get('class') or ''} {el.get('id') or ''}")):
        return False
    for box in (el, *el.iterancestors()):
        if box.tag in ("body", "html"):
            break
        if box.tag in ("nav", "header", "footer") or (box.get("role") or "") in _PANEL_CHROME_ROLES \
                or box.get("aria-modal") == "true":
            return False
        names = box.get("class"), box.get("id")
        if (names[0] or names[1]) and drop.not_panel_pattern is not None \
                and drop.not_panel_pattern.search(f"{names[0] or ''} {names[1] or ''}"):
            return False
    return True


def _controlled(root) -> set:
    """The ids named in ``aria-controls`` anywhere in ``root``'s document (``Survey.controlled``)."""
    ids: set = set()
    for el in _document_elements(root):
        value = el.get("aria-controls")
        if value:
            ids.update(value.split())
    return ids


def _hidden(root, rules: HtmlSection) -> list:
    """Elements of the whole document hidden by attribute or inline style, in document order, then
    those hidden by class, in document order (one walk: faster than an XPath query for each)."""
    styled, classed = [], []
    hidden_classes = rules.drop.hidden_class_set
    for el in _document_elements(root):
        if el.get("hidden") is not None:
            styled.append(el)
        else:
            style = el.get("style")
            # the pattern needs "none" or "hidden": most inline styles hold neither
            if style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
                styled.append(el)
        names = el.get("class")
        if names and not hidden_classes.isdisjoint(names.split()):
            classed.append(el)
    return styled + classed


@dataclass
class Survey:
    """What the reader looks for by attribute, found in one walk over the parsed page (the walk
    costs more than the tests): the elements with an ``itemscope``, an ``itemtype`` and an ``itemprop``
    under the root (microdata, the page kind), those under the root whose class/id/itemprop names
    instructions (the candidates of ``html_steps.steps_containers``), and the elements of the whole
    document hidden by attribute or inline style, and by class (``clean``)."""

    scopes: list = field(default_factory=list)
    props: list = field(default_factory=list)  # under the root, a non-empty itemprop (microdata outside any item)
    typed: list = field(default_factory=list)
    styled: list = field(default_factory=list)
    classed: list = field(default_factory=list)
    tops: list = field(default_factory=list)  # the document's top-level elements
    named: list = field(default_factory=list)  # under the root, labels that name instructions (html_steps)
    mains: list = field(default_factory=list)  # under the root, role="main" (the chooser's "main" candidate)
    copies: list = field(default_factory=list)  # under the root, the tags that may hold a page copy (``clean``)
    controlled: set = field(default_factory=set)  # ids named in aria-controls: the panels they open (``clean``)
    # under the root, (position in ``alive``, element) of each element whose tag ``clean`` drops, and of the
    # <body>, in document order; ``ends``: the position where the root's elements end (``dropped``)
    drops: list = field(default_factory=list)
    ends: int = 0
    # under the root, the elements of each of ``INDEXED_TAGS``, in document order: what the reader's other
    # parts look up by tag (each ``root.iter(tag)`` walks the whole tree again, about 1 % of reading a page)
    by_tag: dict = field(default_factory=dict)
    # every element of the document, held while the page is read: lxml makes an element's Python object
    # when a walk meets it and frees it when nothing holds it, so each later walk (cleaning, regions,
    # paragraphs, blocks) would make them all again
    alive: list = field(default_factory=list)

    def tagged(self, tag: str, under=None) -> list:
        """The elements of ``tag`` (one of ``INDEXED_TAGS``) under the root, as ``root.iter(tag)`` gives
        them before cleaning; ``under``: only those still under that element now, as ``under.iter(tag)``
        gives them (cleaning removes and unwraps elements, keeping the order of what stays)."""
        elements = self.by_tag.get(tag, [])
        return elements if under is None else [el for el in elements if el is under or _contains(under, el)]

    def role_main(self, body):
        """The first element of ``body`` (itself included) with role="main" now, or None: cleaning
        removes elements and unwraps some, keeping the order of what stays; it changes no attribute."""
        return next((el for el in self.mains if el is body or _contains(body, el)), None)

    def dropped(self, body, rules: HtmlSection) -> list | None:
        """``list(body.iter(etree.Comment, etree.ProcessingInstruction, *rules.drop.tags))`` once the page copies
        are unwrapped, without walking the tree again (a walk in C of a whole body costs a fifth of a millisecond);
        None when it cannot tell (then the caller walks). The parser keeps no comments and no processing
        instructions (``remove_comments``, ``remove_pis``). The <body> is the root's last element, so the
        elements under it are those the survey met after it and before the root's end; of those, unwrapping
        a page copy took only the copy itself out of the tree (its content stays, in its order)."""
        if "body" in rules.drop.tags or body.getnext() is not None:
            return None
        drops = self.drops
        start = next((position for position, el in drops if el is body), None)
        if start is None:
            return None
        ends = self.ends
        return [el for position, el in drops if start < position <= ends and el.getparent() is not None]

    def itemtypes(self, under) -> list[str]:
        """The non-empty ``itemtype`` values of ``under`` and the elements below it now, in document order
        (``under.xpath("descendant-or-self::*/@itemtype")``, empty ones left out): cleaning changes no
        attribute, and it keeps the order of what stays."""
        return [el.get("itemtype") for el in self.typed if el is under or _contains(under, el)]

    def hidden(self) -> list:
        """``_hidden`` of the document now: cleaning changes no attribute, it only unwraps page
        copies and drops scripts, controls and the like, and what it dropped is no longer in the
        document. Same elements, same order."""
        return [el for el in self.styled + self.classed if _top(el) in self.tops]


# The tags ``Survey.by_tag`` keeps: page metadata, JSON-LD, the page kind, the base URL, the chooser's candidates.
INDEXED_TAGS = frozenset({"meta", "link", "script", "title", "time", "base", "main", "article"})


# The attributes the survey reads besides the class and the id: an element that carries none of them (most
# do not) takes the short way (one set test instead of one list search for each)
_RARER_NAMES = frozenset({"itemscope", "itemprop", "itemtype", "role", "aria-controls", "hidden", "style"})


def survey(root, rules: HtmlSection) -> Survey:
    found = Survey()
    found.by_tag = {tag: [] for tag in INDEXED_TAGS}
    by_tag = found.by_tag
    copy_tags = frozenset(rules.page_copy.tags)
    top = root.getroottree().getroot()
    found.tops = [*reversed(list(top.itersiblings(preceding=True))), top, *top.itersiblings()]
    found.tops = [first for first in found.tops if isinstance(first.tag, str)]
    hidden_classes = rules.drop.hidden_class_set
    labels, search = html_steps.label_hits()
    # whether a class, id or itemprop string may be part of a label that names instructions: a label none of
    # whose parts may is not looked up (ids make most labels distinct, the parts' answers recur)
    part_may, id_may = html_steps.label_part_checks()
    never = html_steps.NEVER_CONTAINERS
    hides: dict = {}  # class string -> names a hiding class: a page repeats its class strings
    scopes, typed, named, styled, classed, props = (found.scopes, found.typed, found.named, found.styled, found.classed,
                                                    found.props)
    alive = found.alive
    keep = alive.append
    # tag -> (its by_tag list or None, may hold a page copy, dropped by clean (or the <body>)): one look-up for
    # the few tags watched, and one for every other element (most are of none of them)
    drop_tags = frozenset({*rules.drop.tags, "body"})
    watched = {tag: (by_tag.get(tag), tag in copy_tags, tag in drop_tags) for tag in (*by_tag, *copy_tags, *drop_tags)}
    drops = found.drops
    for first in found.tops:
        under_root = first is top
        for el in first.iter(etree.Element):
            keep(el)
            tag = el.tag
            if under_root:
                slot = watched.get(tag)
                if slot is not None:
                    listed, copy, drop = slot
                    if listed is not None:
                        listed.append(el)
                    if copy:
                        found.copies.append(el)
                    if drop:
                        drops.append((len(alive), el))
            # the attribute names in one call, then only the values there are: cheaper than asking
            # for each attribute (most elements carry one or two, a sixth carry none)
            keys = el.keys()
            if not keys:
                continue
            names = el.get("class") if "class" in keys else None
            if _RARER_NAMES.isdisjoint(keys):  # as below, where the class and the id are all there is to read
                if under_root and tag not in never:
                    ident = el.get("id") if "id" in keys else None
                    if (names and (part_may is None or part_may(names))) or (ident and (id_may is None or id_may(ident))):
                        label = f"{names or ''} {ident or ''} "  # html_steps.names(el)
                        hit = labels.get(label)
                        if hit or (hit is None and html_steps.names_instructions(label, labels, search)):
                            named.append(el)
                if names:
                    hidden = hides.get(names)
                    if hidden is None:
                        hidden = hides[names] = not hidden_classes.isdisjoint(names.split())
                    if hidden:
                        classed.append(el)
                continue
            if under_root:
                if "itemscope" in keys:
                    scopes.append(el)
                prop = el.get("itemprop") if "itemprop" in keys else None
                if prop:
                    props.append(el)
                if "itemtype" in keys and el.get("itemtype"):
                    typed.append(el)
                if "role" in keys and el.get("role") == "main":
                    found.mains.append(el)
                if tag not in never:
                    ident = el.get("id") if "id" in keys else None
                    if (names and (part_may is None or part_may(names))) or (ident and (id_may is None or id_may(ident))) \
                            or (prop and (part_may is None or part_may(prop))):
                        label = f"{names or ''} {ident or ''} {prop or ''}"  # html_steps.names(el)
                        hit = labels.get(label)
                        if hit or (hit is None and html_steps.names_instructions(label, labels, search)):
                            named.append(el)
            if "aria-controls" in keys:
                value = el.get("aria-controls")
                if value:
                    found.controlled.update(value.split())
            if "hidden" in keys:
                styled.append(el)
            elif "style" in keys:
                style = el.get("style")
                if style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
                    styled.append(el)
            if names:
                hidden = hides.get(names)
                if hidden is None:
                    hidden = hides[names] = not hidden_classes.isdisjoint(names.split())
                if hidden:
                    classed.append(el)
        if under_root:
            found.ends = len(alive)
    return found


def _top(el):
    """The topmost ancestor of ``el``: a top-level element of its document, or the root of a
    subtree removed from it."""
    while True:
        parent = el.getparent()
        if parent is None:
            return el
        el = parent


def _document_elements(el):
    """Every element of ``el``'s document, in document order, as ``//*`` selects them (a badly broken
    page can leave more than one top-level element)."""
    top = el.getroottree().getroot()
    for first in [*reversed(list(top.itersiblings(preceding=True))), top, *top.itersiblings()]:
        if isinstance(first.tag, str):
            yield from first.iter(etree.Element)


def _unwrap_page_copies(root, rules: HtmlSection, copies: list | None = None) -> None:
    """Script-rendered pages (forum software, single-page apps) serve crawlers the whole page inside
    ``<noscript>`` and an empty shell outside it; a stray unclosed ``<button>`` swallows the rest of
    a page. When such an element holds most of the page's text, it is the page: its tag goes, its
    content stays. ``copies``: the elements of those tags (``Survey.copies``), when the caller has them."""
    copies = list(root.iter(*rules.page_copy.tags)) if copies is None else copies
    total = None  # measured when first needed: unwrapping keeps every character in place
    for el in copies:
        if el.getparent() is None or _shorter(el, rules.page_copy.min_chars):
            continue
        if total is None:
            total = text_length(root) - sum(text_length(raw) for raw in root.iter("script", "style", "template"))
        if _is_page_copy(el, total, rules):
            unwrap(el)


def _shorter(el, chars: int) -> bool:
    """``text_length(el) < chars``; without a query for an element of text alone (no child) whose text is shorter
    (collapsing white space only shortens it): most ``<noscript>``, ``<button>`` and hidden elements."""
    if not len(el):
        text = el.text
        if text is None or len(text) < chars:
            return True
    return text_length(el) < chars


def _is_page_copy(el, total: int, rules: HtmlSection) -> bool:
    length = text_length(el)
    return length >= rules.page_copy.min_chars and length >= rules.page_copy.min_share * total


# (tag, role, class/id words) -> verdict: a page repeats the same few class names on many elements.
_verdicts = Memo(maxsize=16384)
_CLASS_RULE_TAGS = REGION_TAGS - SKIP_CLASS_RULES
_UNKNOWN = object()


def region_verdict(el, rules: HtmlSection, use_classes: bool = True) -> Verdict | None:
    return _verdict_of(el, el.tag, rules, _verdicts.for_owner(rules), use_classes)


def _verdict_of(el, tag: str, rules: HtmlSection, verdicts: Memo, use_classes: bool) -> Verdict | None:
    """``region_verdict`` with the element's tag and the rules' memo at hand (it runs on every element)."""
    role = el.get("role")
    role = role.lower() if role else ""
    names = ""
    if use_classes and tag in _CLASS_RULE_TAGS:
        cls, ident = el.get("class"), el.get("id")
        if cls or ident:
            names = f"{cls or ''} {ident or ''}".strip()  # class_id(el)
    key = (tag, role, names)
    verdict = verdicts.get(key, _UNKNOWN)
    if verdict is _UNKNOWN:
        verdict = verdicts.get_or(key, lambda: _region_verdict(tag, role, names, rules, verdicts))
    return verdict


def _region_verdict(tag: str, role: str, names: str, rules: HtmlSection, verdicts: Memo) -> Verdict | None:
    any_region, protect, patterns = rules.region_folded  # the rules' patterns, matched lower-cased
    lowered = lowered_label(names) if names else None
    if names and not any_region.holds(names, lowered):
        # no rule's pattern reads these names: the verdict of the tag and role alone (most misses of
        # the memo: ids make most class/id strings distinct, their tag and role recur)
        return _verdict_of_place(tag, role, rules, verdicts)
    if not names:
        return _place_verdict(tag, role, rules)
    protected = protect.holds(names, lowered)
    for rule, pattern in zip(rules.region, patterns):
        if tag in rule.tags or (role and role in rule.roles):
            return rule.kind, rule.name
        if not protected and pattern is not None and pattern.holds(names, lowered):
            return rule.kind, rule.name
    return None


def _verdict_of_place(tag: str, role: str, rules: HtmlSection, verdicts: Memo) -> Verdict | None:
    """``_region_verdict`` of an element without class/id names (remembered as such)."""
    key = (tag, role, "")
    verdict = verdicts.get(key, _UNKNOWN)
    if verdict is _UNKNOWN:
        verdict = verdicts.get_or(key, lambda: _place_verdict(tag, role, rules))
    return verdict


def _place_verdict(tag: str, role: str, rules: HtmlSection) -> Verdict | None:
    """The first region rule that takes the tag or the role: without names, no other rule can."""
    for rule in rules.region:
        if tag in rule.tags or (role and role in rule.roles):
            return rule.kind, rule.name
    return None


def mark_regions(body, rules: HtmlSection, use_classes: bool = True, skip: frozenset = frozenset()) -> dict:
    """Label page chrome, top-down; a labelled element is not looked into again.

    A region that holds much of the page's prose (a theme calling its article wrapper "sidebar" or
    "ad-margins") is not labelled: its parts are looked at one by one instead. Comment sections
    are long prose by nature and are labelled whatever their size.
    """
    marks: dict = {}
    page_chars = max(1, text_length(body))
    verdicts = _verdicts.for_owner(rules)
    stack = body[::-1]  # (a slice is built in C: cheaper than reversed())
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        verdict = _verdict_of(el, tag, rules, verdicts, use_classes)
        if verdict and verdict[0] in skip:
            verdict = None
        if verdict and (verdict[1] in rules.protect.any_size or not _holds_prose(el, page_chars, rules)):
            marks[el] = verdict
            continue
        stack.extend(el[::-1])
    return marks


def _holds_prose(el, page_chars: int, rules: HtmlSection) -> bool:
    length = text_length(el)
    return length >= rules.protect.max_prose_share * page_chars and link_density(el, length) < 0.5


# (``regexp=False``: the EXSLT regular-expression functions, which no query here calls, are not registered
# again at every call: a fifth to a third of a small element's query)
_TEXT_LENGTH = etree.XPath("string-length(normalize-space())", regexp=False)
_LINK_TEXT = etree.XPath(".//a//text()", smart_strings=False, regexp=False)


# While a page's cleaned tree is read (main content, regions, blocks: nothing changes it then), each element's
# measures are taken once (``fixed_tree``): text length -> element -> characters, and link characters.
_measures: contextvars.ContextVar[tuple[dict, dict] | None] = contextvars.ContextVar("html_measures", default=None)


class fixed_tree:  # noqa: N801 (a context manager, used as ``with fixed_tree():``; a class costs less than @contextmanager)
    """Remember ``text_length`` and ``link_density``'s link characters per element until the block ends; the
    caller changes no element's text or children inside it (a tenth of the measures over the AEB pages
    are of an element measured before: the roots, regions measured again when their blocks are made)."""

    __slots__ = ("token",)

    def __enter__(self) -> None:
        self.token = _measures.set(({}, {}))

    def __exit__(self, *exc) -> None:
        _measures.reset(self.token)


def text_length(el) -> int:
    """Visible characters, runs of white space counted as one."""
    measures = _measures.get()
    if measures is None:
        return int(_TEXT_LENGTH(el))
    length = measures[0].get(el)
    if length is None:
        length = measures[0][el] = int(_TEXT_LENGTH(el))
    return length


def link_density(el, length: int | None = None) -> float:
    """Link characters over ``text_length(el)`` (given as ``length`` when the caller has it), at most 1."""
    measures = _measures.get()
    linked = None if measures is None else measures[1].get(el)
    if linked is None and next(el.iterdescendants("a"), None) is None:
        linked = 0  # no link below it (a walk in C that stops at the first): neither its text nor its links are read
        if measures is not None:
            measures[1][el] = linked
    if linked == 0:
        return 0.0  # whatever its length
    length = text_length(el) if length is None else length
    if not length:
        return 0.0
    if linked is None:
        linked = len(" ".join(" ".join(_LINK_TEXT(el)).split()))
        if measures is not None:
            measures[1][el] = linked
    return min(1.0, linked / length)


def _class_factor(el, rules: HtmlSection) -> float:
    names = class_id(el)
    if not names:
        return 1.0
    factor = 1.0
    negative, positive = rules.score.folded
    lowered = lowered_label(names)
    if negative.holds(names, lowered):
        factor *= 0.5
    if positive.holds(names, lowered):
        factor *= 1.5
    return factor


_TAG_WEIGHT = {"div": 5, "article": 8, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
               "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3, "address": -3,
               "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5}
_BLOCK_CHILDREN = frozenset({"p", "div", "section", "article", "ul", "ol", "table", "pre", "blockquote", "h1", "h2",
                             "h3", "h4", "h5", "h6", "figure", "dl", "header", "footer", "aside", "nav", "form", "main"})


def _direct_text(el) -> str:
    """Text sitting directly in a container between its child elements (a page that writes its
    paragraphs as text and <br>s inside a <div>)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _INLINE_TEXT:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return " ".join(" ".join(parts).split())


_INLINE_TEXT = frozenset({"a", "b", "strong", "em", "i", "span", "u", "font", "small", "sup", "sub", "code", "mark"})


def _paragraphs(body, marks: dict, rules: HtmlSection, seen: dict | None = None) -> list[tuple]:
    """(element that receives the points first, text) for each paragraph outside labelled regions:
    paragraph-like elements give their parent the points; loose text gives its own container.
    ``seen``: what each paragraph-tag element gave, kept between calls over the same unchanged tree
    (the search runs with up to three sets of ``marks``, and measures the roots it finds)."""
    if seen is None:
        seen = {}
    found = []
    paragraph_tags = rules.score.paragraph_tag_set
    stack = body[::-1]  # (a slice is built in C: cheaper than reversed())
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag.__class__ is not str or el in marks:  # a comment or processing instruction: its tag is a function
            continue
        if tag in paragraph_tags:
            outcome = seen.get(el)
            if outcome is None:
                outcome = seen[el] = _paragraph_of(el, rules)
            paragraph, descend = outcome
            if paragraph is not None:
                found.append(paragraph)
            if not descend:
                continue
        stack.extend(el[::-1])
    return found


def _paragraph_of(el, rules: HtmlSection) -> tuple[tuple | None, bool]:
    """(the paragraph a paragraph-tag element gives or None, whether its children are looked into)."""
    if el.tag in ("p", "pre", "td") or not _holds_block(el):
        text = " ".join(text_of(el).split())
        return ((el.getparent(), text) if len(text) >= rules.score.min_paragraph_chars else None), False
    loose = _direct_text(el)
    return ((el, loose) if len(loose) >= rules.score.min_paragraph_chars else None), True


def _holds_block(el) -> bool:
    """Has ``el`` a child element of one of ``_BLOCK_CHILDREN`` (a comment's tag is a function, in no set)?"""
    for child in el:
        if child.tag in _BLOCK_CHILDREN:
            return True
    return False


def score_candidates(body, marks: dict, rules: HtmlSection, paragraphs: list | None = None) -> dict:
    """Container -> score. Paragraph points flow to the parent (full), grandparent (half) and
    great-grandparent (a sixth); class/id words scale the total, links lower it. ``paragraphs``:
    ``_paragraphs(body, marks, rules)`` when the caller has it."""
    scores = Scores(_points(body, marks, rules, paragraphs), rules)
    return {el: scores[el] for el in scores.bases}


def _points(body, marks: dict, rules: HtmlSection, paragraphs: list | None = None) -> dict:
    """Container -> its paragraph points (``score_candidates``), in the order the paragraphs reach them."""
    points_of: dict = {}
    for first, text in _paragraphs(body, marks, rules) if paragraphs is None else paragraphs:
        points = 1 + text.count(",") + text.count("，") + min(len(text) // 100, 3)
        ancestor = first
        for level in range(3):
            if ancestor is None or ancestor.tag == "html":
                break
            points_of[ancestor] = points_of.get(ancestor, 0.0) + points / (1, 2, 6)[level]
            ancestor = ancestor.getparent()
    return points_of


class Scores:
    """``score_candidates``' scores, each container's link density measured only when its score is read:
    the link density (two XPath walks of its subtree) is most of a score's cost, and the search reads few
    scores besides the best ones. A score is ``base * (1 - link density)`` with ``base`` = (points + tag
    weight) * class factor, so it is at most ``max(base, 0)``: the best score and the scores above a share
    of it are found by measuring in order of that bound, and stop where the bound falls below what is
    sought. Reads give the very floats ``score_candidates`` gives."""

    __slots__ = ("bases", "known")

    def __init__(self, points_of: dict, rules: HtmlSection):
        # container -> base, in score_candidates' order (which breaks ties between equal scores)
        self.bases = {el: (points + _TAG_WEIGHT.get(el.tag, 0)) * _class_factor(el, rules)
                      for el, points in points_of.items()}
        self.known: dict = {}

    def __len__(self) -> int:
        return len(self.bases)

    def __contains__(self, el) -> bool:
        return el in self.bases

    def __getitem__(self, el) -> float:
        score = self.known.get(el)
        if score is None:
            score = self.known[el] = self.bases[el] * (1 - link_density(el))
        return score

    def get(self, el, default=None):
        return self[el] if el in self.bases else default

    def _measure_down_to(self, floor) -> None:
        """Measure every container whose bound is at least ``floor`` (a function of the best score so far,
        or a number)."""
        best = None
        for el, base in sorted(self.bases.items(), key=lambda kv: -kv[1]):
            if base <= 0:
                base = 0.0
            if best is not None and base < (floor(best) if callable(floor) else floor):
                break
            score = self[el]
            best = score if best is None or score > best else best

    def best(self):
        """``max(scores, key=scores.get)``: the first container (in score_candidates' order) of the best score."""
        self._measure_down_to(lambda best: best)
        known = self.known
        return max((el for el in self.bases if el in known), key=known.get)

    def ranked(self, at_least: float) -> list:
        """(container, score) of the scores of at least ``at_least``, best first (ties in score_candidates'
        order): ``sorted(scores.items(), key=lambda kv: -kv[1])`` down to there."""
        self._measure_down_to(at_least)
        known = self.known
        return sorted(((el, known[el]) for el in self.bases if el in known and known[el] >= at_least),
                      key=lambda kv: -kv[1])


def _siblings(top, top_score: float, scores: dict, marks: dict, rules: HtmlSection) -> list:
    parent = top.getparent()
    if parent is None or top.tag == "body":
        return [top]
    threshold = max(rules.score.sibling_min_score, top_score * rules.score.sibling_share)
    top_class = top.get("class")
    kept = []
    for sibling in parent:
        if sibling is top:
            kept.append(sibling)
            continue
        if not isinstance(sibling.tag, str) or sibling in marks:
            continue
        bonus = top_score * 0.2 if top_class and sibling.get("class") == top_class else 0
        if scores.get(sibling, -1e9) + bonus >= threshold:
            kept.append(sibling)
        elif sibling.tag == "p":
            length = text_length(sibling)
            density = link_density(sibling, length)
            text = text_of(sibling)
            if (length > 80 and density < 0.25) or (0 < length <= 80 and density == 0 and re.search(r"\.( |$)", text)):
                kept.append(sibling)
        elif sibling.tag in rules.score.sibling_text_tags:  # a list or code sample between the kept paragraphs
            length = text_length(sibling)
            if length > 80 and link_density(sibling, length) < 0.25:
                kept.append(sibling)
    return _sections_of(top, parent, kept, marks, rules)


def _sections_of(top, parent, kept: list, marks: dict, rules: HtmlSection) -> list:
    """A document cut into sibling sections of one kind (same tag and class as the best one): when two or
    more of them are kept already, the short ones between (a table, a code sample, a closing note) are
    parts of the same document too, unless they are mostly links."""
    twin = lambda el: el.tag == top.tag and el.get("class") == top.get("class")  # noqa: E731
    if sum(1 for el in kept if twin(el)) < rules.score.section_min_kept:
        return kept
    chosen = set(kept)
    out = []
    for sibling in parent:
        if sibling in chosen:
            out.append(sibling)
        elif isinstance(sibling.tag, str) and sibling not in marks and twin(sibling):
            length = text_length(sibling)
            if length and link_density(sibling, length) < rules.score.widen_max_link_density:
                out.append(sibling)
    return out


def mark_link_lists(roots: list, marks: dict, rules: HtmlSection, posts: frozenset = frozenset(),
                    entries: bool = True) -> None:
    """Inside the main content, containers that are mostly links (related posts, tag lists) are link lists.
    ``posts``: a thread's posts (``forum_posts``), which are content whatever their links (a one-line reply
    under a linked date and author's name). ``entries``: the page may be a list of entries (not a thread or
    a product page), so link-dense containers that repeat with headlines are left alone (``_entries``)."""
    found = []
    for root in roots:
        stack = list(root)
        while stack:
            el = stack.pop()
            if not isinstance(el.tag, str) or el in marks or el in posts:
                continue
            if el.tag in ("div", "section", "ul", "ol", "table", "nav", "p", "dl"):
                # counted up to the bar only: the containers of a long article hold its links again and again
                links = sum(1 for _ in islice(el.iter("a"), rules.link_density.min_links))
                if links >= rules.link_density.min_links:
                    length = text_length(el)
                    if length and link_density(el, length) > rules.link_density.max_share:
                        found.append(el)
                        continue
            stack.extend(el[:])  # (a slice is built in C: cheaper than iterating)
    kept = _entries(roots, found, rules) if entries else set()
    for el in found:
        if el not in kept:
            marks[el] = LINK_DENSE


LINK_DENSE = ("link_list", "link-dense")


def _entries(roots: list, dense: list, rules: HtmlSection) -> set:
    """Among the link-dense containers ``dense``, a listing's entries: at least ``entry_min_repeats`` of one
    tag and first class whose links read as headlines (``_links_read_as_headlines``) and lead to at most
    ``entry_max_targets`` addresses, together at least ``entry_min_share`` of the main content's text. A
    news section's story cards (a linked headline, a date, a standfirst) are link-dense one by one, and the
    page is made of them; a menu's columns are short links, a shop's carousels of "customers also bought"
    link to many products each, and a "similar threads" box under a page of prose holds little of it."""
    links = rules.link_density
    if not links.entry_min_repeats:
        return set()
    groups: dict = {}
    for el in dense:
        if el.get("class") and _links_read_as_headlines([el], links) and _targets(el, links) <= links.entry_max_targets:
            groups.setdefault(_shape(el), []).append(el)
    groups = {shape: els for shape, els in groups.items() if len(els) >= links.entry_min_repeats}
    if not groups:
        return set()
    total = sum(text_length(root) for root in roots)
    return {el for els in groups.values() if sum(map(text_length, els)) >= links.entry_min_share * total
            for el in els}


def _targets(el, links) -> int:
    """How many addresses ``el``'s headline-long links lead to: an entry's headline (and its image and
    "read more" beside it) names one; a carousel of products names one each."""
    return len({a.get("href") for a in el.iter("a") if len(text_of(a).split()) >= links.listing_headline_words})


def _links_read_as_headlines(els: list, links) -> bool:
    """Links of ``listing_headline_words`` words or more hold ``listing_headline_share`` of the link words
    of ``els``: headlines of entries, where a menu's links are one or two words each."""
    words = [len(text_of(a).split()) for el in els for a in el.iter("a")]
    long = sum(n for n in words if n >= links.listing_headline_words)
    return long >= links.listing_headline_share * max(1, sum(words))


def find_main(body, rules: HtmlSection, marks: dict, seen: dict | None = None) -> list:
    paragraphs = _paragraphs(body, marks, rules, seen)
    scores = Scores(_points(body, marks, rules, paragraphs), rules)
    if not scores:
        return [body]
    top = _better_top(scores.best(), scores)
    roots = _siblings(top, scores.get(top, 0.0), scores, marks, rules)
    roots += _twins(body, top, roots, scores, marks)
    return _widen(body, top, roots, marks, rules, paragraphs)


def _widen(body, top, roots: list, marks: dict, rules: HtmlSection, paragraphs: list | None = None) -> list:
    """The best container holds the article; on a page made of many short sections (a service or
    landing page, a forum thread, a listing of cards) it holds one section and misses the rest.
    When the roots hold less than ``widen_share`` of the page's paragraph text outside labelled
    regions, the nearest ancestor of the best container that holds that share (and is not mostly
    links) is the main content instead."""
    given: dict = {}  # the element that receives each paragraph's points -> their characters (many share one)
    for first, text in _paragraphs(body, marks, rules) if paragraphs is None else paragraphs:
        given[first] = given.get(first, 0) + len(text)
    below: dict = {}
    for first, length in given.items():
        for el in (first, *first.iterancestors()):
            below[el] = below.get(el, 0) + length
    total = below.get(body, 0)
    if not total or sum(below.get(root, 0) for root in roots) >= rules.score.widen_share * total:
        return roots
    for ancestor in top.iterancestors():
        if ancestor.tag == "html" or (ancestor.tag == "body" and not rules.score.widen_to_body):
            break
        if below.get(ancestor, 0) >= rules.score.widen_share * total:
            return [ancestor] if link_density(ancestor) < rules.score.widen_max_link_density else roots
    return roots


def _twins(body, top, roots: list, scores: Scores, marks: dict) -> list:
    """Containers elsewhere in the page with the same tag and class as the best one: an article
    body cut into parts by ads or pull quotes, each part in a wrapper of its own."""
    names = top.get("class")
    if not names or top.tag in ("body", "html"):
        return []
    best = scores.get(top, 0.0)
    scored = scores.bases  # a dict: asked of every element of the tag
    twins = []
    for el in body.iter(top.tag):
        # scored first: few elements are, and the test is cheaper than reading the class
        if el not in scored or el is top or el.get("class") != names or el in roots or scores[el] < 0.2 * best:
            continue
        if any(a in marks or a in roots or a is top for a in el.iterancestors()) or any(_contains(el, r) for r in roots):
            continue
        twins.append(el)
    return twins


def _better_top(top, scores: Scores):
    """Move up from the best container when the article is split over several containers of
    about the same score (one per section), or when an ancestor scores better (after Readability.js)."""
    best = scores[top]
    rivals = [el for el, _ in scores.ranked(0.75 * best)[1:6]]  # (sorted(scores.items(), ...)[1:6], those >= 0.75 * best)
    if len(rivals) >= 2:
        for ancestor in top.iterancestors():
            if ancestor.tag in ("body", "html"):
                break
            if sum(1 for rival in rivals if _contains(ancestor, rival)) >= 2:
                top = ancestor
                break
    last, threshold = scores.get(top, best), best / 3
    for ancestor in top.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        if ancestor not in scores:
            continue
        if scores[ancestor] < threshold:
            break
        if scores[ancestor] > last:
            top = ancestor
            break
        last = scores[ancestor]
    while top.getparent() is not None and top.getparent().tag not in ("body", "html") and \
            sum(1 for c in top.getparent() if isinstance(c.tag, str)) == 1:
        top = top.getparent()
    return top


def _is_card(region, kind: str, containers: list) -> bool:
    """A region labelled an ad that holds a recipe's steps and its ingredient list is the recipe card
    (plugins name card templates "...-with-cookbook-ad", "...-no-ads"); an ad's "3 easy steps" has no
    ingredient list beside them."""
    return kind == "ad" and sum(1 for c in containers if _contains(region, c)) >= 2


def _contains(ancestor, el) -> bool:
    return any(a is ancestor for a in el.iterancestors())


def layout(body, containers: list | None = None, kind: str | None = None, found: Survey | None = None) -> Layout:
    """Label the regions of ``body`` (already cleaned) and find its main content. ``containers``:
    the page's steps containers, when the caller has them already; ``kind``: what the page is
    (``html_page_type.page_kind``): on a forum thread the replies are content, not comments;
    ``found``: ``survey`` of the page before cleaning, when the caller has it."""
    rules = html_rules()
    skip = FORUM_CONTENT if kind == "forum" else frozenset()
    best, best_chars = Layout(roots=[body]), -1
    seen: dict = {}  # the tree does not change here: each paragraph is read once
    first: dict = {}
    for use_classes, use_tags in ((True, True), (False, True), (False, False)):
        marks = mark_regions(body, rules, use_classes, skip) if use_tags else {}
        if kind == "product":
            mark_reviews(body, marks, rules)
        roots = find_main(body, rules, marks, seen)
        chars = _paragraph_chars(roots, marks, rules, seen)
        if use_classes and chars >= MIN_MAIN_CHARS:
            parts = _components(marks, rules)
            if parts and sum(map(text_length, parts)) > chars:
                marks = {el: verdict for el, verdict in marks.items() if el not in parts}
                roots = find_main(body, rules, marks, seen)
                chars = _paragraph_chars(roots, marks, rules, seen)
        first = first or marks
        if chars > best_chars:
            best, best_chars = Layout(roots=roots, marks=marks), chars
        if chars >= MIN_MAIN_CHARS:
            break
    role_main = found.role_main(body) if found is not None else html_choice.LOOK
    tagged = (lambda tag: found.tagged(tag, body)) if found is not None else None
    listings: dict = {}  # roots -> is_listing: it reads the tree alone, and from here on only marks and roots change

    def listing(roots: list) -> bool:
        key = tuple(roots)
        answer = listings.get(key)
        if answer is None:
            answer = listings[key] = is_listing(roots, rules)
        return answer

    typed = (lambda: found.itemtypes(body)) if found is not None else None
    best.roots = html_choice.choose(body, best.roots, best.marks, listing, role_main, tagged, typed)
    if best.marks is not first:
        _restore_small_regions(best, first, rules)
    posts = forum_posts([body], best.marks, rules) if kind == "forum" else []
    if posts:
        best.roots = _whole_thread(body, best.roots, posts)
        mark_post_comments(body, posts, best.marks, rules)
    steps = html_steps.steps_containers(body) if containers is None else containers
    _add_step_containers(body, best, steps)
    _add_card_grids(body, best, rules)
    if posts:
        mark_post_details(best.roots, posts, best.marks, rules)
        mark_post_chrome(posts, best.marks, rules, best.roots)
    best.marks, best.listing = label_link_lists(best.roots, best.marks, rules, frozenset(posts), listing,
                                                entries=kind not in rules.link_density.entry_not_kinds)
    if not best.listing:  # (a listing's links are its content already)
        best.entries = page_entries(best.roots, best.marks, rules, kind)
        if best.entries:  # an entry's link-dense part (its line of authors) is the entry's; its tags are not
            for el in [el for el, verdict in best.marks.items() if verdict == LINK_DENSE]:
                if any(a in best.entries for a in el.iterancestors()) and names_links(el, rules):
                    del best.marks[el]
    mark_calls_to_action(best.roots, best.marks, rules)
    mark_shop_chrome(best.roots, best.marks, rules)
    mark_form_labels(best.roots, best.marks, rules)
    if not steps:  # a recipe or how-to card says the recipe's name again over its card, on purpose
        mark_repeated_text(best.roots, best.marks, rules)
    if posts:
        mark_posters(best, posts, rules)
    return best


def page_entries(roots: list, marks: dict, rules: HtmlSection, kind: str | None = None) -> frozenset:
    """The main content's entries, when it is made of them (``[entries]``): the largest group of sibling boxes
    of one tag and first class name, each with a link and text of its own, that holds most of its text (a list
    of papers, each a title, a line of linked authors and a line of subjects). Empty when there is none."""
    entries = rules.entries
    if entries is None or kind in entries.not_kinds:
        return frozenset()
    total = sum(text_length(root) for root in roots)
    if not total:
        return frozenset()
    best, best_chars = (), entries.min_share * total
    for group in _sibling_groups(roots, marks, lambda child: _shape(child) if child.tag in entries.tag_set else None):
        if len(group) < entries.min_repeats:
            continue
        lengths = [text_length(box) for box in group]
        chars = sum(lengths)
        if chars < best_chars:
            continue
        if all(n and next(box.iter("a"), None) is not None and link_density(box, n) <= entries.max_link_density
               for box, n in zip(group, lengths)):
            best, best_chars = group, chars
    if not best or set(best) & set(forum_posts(roots, marks, rules)):
        return frozenset()  # none, or a thread's posts (dated boxes of text) on a page not typed as a thread
    # records in two parts (a <dl>'s <dt> and <dd>, a heading over each box): a sibling shape said as many times
    shapes = {_shape(box) for box in best}
    partners: dict = {}
    for child in best[0].getparent():
        if isinstance(child.tag, str) and child not in marks and _shape(child) not in shapes:
            partners.setdefault(_shape(child), []).append(child)
    return frozenset(best).union(*(group for group in partners.values() if len(group) == len(best)))


def names_links(el, rules: HtmlSection) -> bool:
    """Whether ``el``'s links average ``[entries] min_link_words`` words or more (``links_name``)."""
    return links_name((text_of(a) for a in el.iter("a")), rules.entries.min_link_words)


def links_name(texts, min_words: float) -> bool:
    """Whether the links whose texts are ``texts`` average ``min_words`` words or more: names and titles (an
    entry's authors), not tags of a word each ("FPS", "Shooter", "Co-op"). A link with no words (an image's)
    says nothing; no link with words is no line of names. The one rule the main-content pass (which keeps an
    entry's link-dense part) and the block builder (which marks an entry's blocks) both ask."""
    words = [n for n in (len(text.split()) for text in texts) if n]
    return bool(words) and sum(words) >= min_words * len(words)


def _paragraph_chars(roots: list, marks: dict, rules: HtmlSection, seen: dict) -> int:
    """How much paragraph text the main content ``roots`` holds: what tells one search's result from another's."""
    return sum(len(text) for root in roots for _, text in _paragraphs([root], marks, rules, seen))


def _components(marks: dict, rules: HtmlSection) -> set:
    """The regions labelled by class/id words as one of ``component_names`` ("widget" says sidebar,
    "toc-para" says table of contents) that come as ``component_min`` or more siblings of one first class
    name: a page builder's blocks ("elementor-widget", "so-panel", "widget" sections of a program page), not
    the page's one sidebar or table of contents. Regions labelled by their tag or a chrome role (``<aside>``,
    ``role=complementary``), or inside an element that has one (a sidebar's blocks of news, in an
    ``<aside>`` too long to be labelled whole), never are such parts."""
    score = rules.score
    if not score.component_min:
        return set()
    groups: dict = {}
    for el, verdict in marks.items():
        names = el.get("class")
        if verdict[1] not in score.component_names or not names or any(
                box.tag in _PLACE_TAGS or box.get("role") in _PLACE_ROLES for box in (el, *el.iterancestors())):
            continue
        groups.setdefault((el.getparent(), verdict, names.split()[0]), []).append(el)
    return {el for els in groups.values() if len(els) >= score.component_min for el in els}


def _restore_small_regions(found: Layout, labelled: dict, rules: HtmlSection) -> None:
    """The search ran again without class/id rules because they left almost no text (a rule took the
    wrapper that holds the page's few sections). The regions they found that are small beside the main
    content found now (a footer's menu, a consent box, a newsletter form), each under
    ``fallback_region_share`` of it and together under ``fallback_total_share``, are chrome all the same,
    unless their rule labelled more than ``fallback_max_per_rule`` parts of it."""
    total = sum(text_length(root) for root in found.roots)
    if not total:
        return
    inside = []
    for el, verdict in labelled.items():
        if el in found.marks or any(el is root or _contains(el, root) for root in found.roots):
            continue
        if any(_contains(root, el) for root in found.roots):
            length = text_length(el)
            if length <= rules.score.fallback_region_share * total:
                inside.append((length, el, verdict))
    per_rule: dict = {}
    for _, el, verdict in inside:
        per_rule[_component(el, verdict)] = per_rule.get(_component(el, verdict), 0) + 1
    held = 0
    for length, el, verdict in sorted(inside, key=lambda item: item[0]):
        if per_rule[_component(el, verdict)] > rules.score.fallback_max_per_rule:
            continue  # one rule on many parts of the content: the page's component names ("...-widget"), not chrome
        if held + length > rules.score.fallback_total_share * total:
            break
        held += length
        found.marks[el] = verdict


def _component(el, verdict: Verdict) -> tuple:
    """The rule that labelled ``el`` and its first class name: a page builder's blocks share both."""
    names = (el.get("class") or "").split()
    return verdict, names[0] if names else ""


def mark_shop_chrome(roots: list, marks: dict, rules: HtmlSection) -> None:
    """A shop's fixed lines inside the main content ("Free shipping", "Add to cart", "Out of stock",
    "Taxes calculated at checkout", "Verified buyer"): an element of text alone (no child elements) whose
    whole text is one of them (``[shop_chrome]``) says nothing about the product."""
    shop = rules.shop_chrome
    for root in roots:
        for el in root.iter(*shop.tags):
            if len(el) or not el.text:
                continue
            text = " ".join(el.text.split())
            if text and len(text) <= shop.max_chars and shop.pattern.fullmatch(text) and el not in marks:
                marks[el] = ("promo", "shop-chrome")


def mark_repeated_text(roots: list, marks: dict, rules: HtmlSection) -> None:
    """A heading of the main content whose whole text an earlier one already says, word for word
    (``[repeated_text]``: its tags, at least ``min_chars`` characters): the page's copy of a part for another
    screen size (a slide's title written once for phones and once for desktops, a carousel's first slide cloned
    at its end). Not on a page with a recipe or how-to card (``html_steps.steps_containers``): the card names
    the recipe again over its ingredients and steps, and that heading is what the procedure is called."""
    repeated = rules.repeated_text
    if repeated is None:
        return
    seen: set = set()
    for root in roots:
        walker = etree.iterwalk(root, events=("start",))
        for _, el in walker:
            if el in marks:
                walker.skip_subtree()
                continue
            if el.tag not in repeated.tag_set:
                continue
            walker.skip_subtree()
            text = " ".join(text_of(el).split())
            if len(text) < repeated.min_chars:
                continue
            if text in seen:
                marks[el] = ("duplicate", "repeated-text")
            else:
                seen.add(text)


def mark_form_labels(roots: list, marks: dict, rules: HtmlSection) -> None:
    """The field labels of a form inside the main content ("First Name", "Email", "Tell us more"): the
    form's controls are gone, their names say nothing about the subject. A form that holds more than
    ``[form_labels] max_form_share`` of the main content wraps the page (ASP.NET): its labels stay."""
    if rules.form_labels is None:
        return
    total = None
    for root in roots:
        for form in root.iter("form"):
            labels = [label for label in form.iter("label") if label not in marks]
            if not labels or any(a in marks for a in form.iterancestors()) or form in marks:
                continue
            if total is None:
                total = sum(text_length(r) for r in roots)
            if text_length(form) > rules.form_labels.max_form_share * total:
                continue
            for label in labels:
                if not any(a in marks for a in label.iterancestors()):
                    marks[label] = ("widget", "form-label")


def mark_calls_to_action(roots: list, marks: dict, rules: HtmlSection) -> None:
    """Inside the main content, a link styled as a button ("Get started", "Book a demo", "Add to cart"):
    class/id or ARIA role says button or call to action, a few words, standing alone rather than inside
    a sentence (a group of buttons side by side, "Start a free trial" "Request a demo", stands alone too).
    It asks the reader to act; it says nothing about the subject."""
    for root in roots:
        buttons = []
        for a in root.iter("a"):
            names = class_id(a)
            if (a.get("role") or "").lower() != "button" and not (names and rules.call_to_action.pattern.search(names)):
                continue
            length = text_length(a)
            if length and length <= rules.call_to_action.max_chars and a not in marks:
                buttons.append((a, length))
        beside: dict = {}  # parent -> characters of its buttons
        for a, length in buttons:
            parent = a.getparent()
            beside[parent] = beside.get(parent, 0) + length
        for a, length in buttons:
            parent = a.getparent()
            if parent is not None and text_length(parent) > beside[parent] + rules.call_to_action.max_around_chars:
                continue  # a link in a sentence, whatever it looks like
            if not any(el in marks for el in a.iterancestors()):
                marks[a] = ("promo", "call-to-action")


def forum_posts(roots: list, marks: dict, rules: HtmlSection) -> list:
    """The posts of a thread: the largest group of sibling containers of one tag and schema.org type
    (whatever state classes some of them carry: the thread starter's "owner-post"), or, without a type, of
    one tag and class, under the main content (at least ``forum.min_posts``, mostly text rather than
    links), whatever the forum engine names them."""
    best, best_chars = [], 0
    for group in _sibling_groups(roots, marks, lambda child: _post_key(child, rules)):
        if len(group) < rules.forum.min_posts:
            continue
        lengths = [text_length(post) for post in group]
        chars = sum(lengths)
        linked = sum(link_density(post, n) * n for post, n in zip(group, lengths))
        if chars > best_chars and linked < rules.forum.max_link_density * chars \
                and sum(_dated(post, rules) for post in group) >= rules.forum.dated_share * len(group):
            best, best_chars = group, chars
    return best


def _post_key(child, rules: HtmlSection):
    """What a thread's posts share: tag and schema.org type (whatever state classes some of them carry: the
    thread starter's "topic-owner-post"), or, without a type, tag and class; None for what is no post."""
    if child.tag not in rules.forum.post_tag_set:
        return None
    itemtype = child.get("itemtype")
    if itemtype:
        return (child.tag, None, itemtype)
    return (child.tag, child.get("class"), None) if child.get("class") else None


def _sibling_groups(roots: list, marks: dict, key):
    """Every group of sibling elements under ``roots`` (none already marked) that share ``key(child)`` (None: in
    no group), each parent's groups in the order their first member comes."""
    stack = list(roots)
    while stack:
        el = stack.pop()
        groups: dict = {}
        for child in el:
            if not isinstance(child.tag, str) or child in marks:
                continue
            stack.append(child)
            found = key(child)
            if found is not None:
                groups.setdefault(found, []).append(child)
        yield from groups.values()


def mark_reviews(body, marks: dict, rules: HtmlSection) -> None:
    """On a product page, the customer reviews are not the product's content: the group of dated
    sibling boxes that ``forum_posts`` finds, when most of them carry a star rating (``[reviews]``), is
    labelled comments, each review apart (the summary and the "Write a review" button around them stay
    to the other rules)."""
    if rules.reviews is None:
        return
    group = forum_posts([body], marks, rules)
    if not group or any(next(post.iter("h1"), None) is not None for post in group):
        return  # the boxes that hold the page's headline are the product's own parts
    if sum(text_length(post) for post in group) > rules.reviews.max_share * text_length(body):
        return  # most of the page: its content, whatever its boxes look like
    if sum(_rated(post, rules) for post in group) >= rules.reviews.rated_share * len(group):
        for post in group:
            marks[post] = ("comments", "customer-reviews")


def _rated(el, rules: HtmlSection) -> bool:
    """Whether a review carries a star rating: an element named so, or a rating in words."""
    pattern = rules.reviews.rating_pattern
    for part in el.iter(etree.Element):
        for name in ("class", "id", "itemprop", "aria-label"):
            value = part.get(name)
            if value and pattern.search(value):
                return True
    return rules.reviews.rating_text.search(" ".join(el.itertext())) is not None


def _dated(el, rules: HtmlSection) -> bool:
    """Whether a post (or a part of it) says when it was posted: a <time> element or a date in its text."""
    return next(el.iter("time"), None) is not None or rules.forum.date_pattern.search(" ".join(el.itertext())) is not None


def mark_post_comments(body, posts: list, marks: dict, rules: HtmlSection) -> None:
    """On a thread the replies are content, but remarks attached under a post (a Q&A site's comments
    on the question and on each answer) are not: a region named as comments that is not a post and
    holds none is labelled as it would be on any other page."""
    found = mark_regions(body, rules, True)
    for el, verdict in found.items():
        if verdict[0] not in FORUM_CONTENT or el in marks or any(a in marks for a in el.iterancestors()):
            continue
        if any(post is el or _contains(el, post) for post in posts):
            continue
        marks[el] = verdict


def _whole_thread(body, roots: list, posts: list) -> list:
    """The main content of a thread holds every post: when the roots found are parts of some of the
    posts and miss others (the long replies were picked, a one-line reply was not), each missed post
    joins them by its part of the same tag and class as a picked one (its text), else whole."""
    held = [any(root is post or _contains(post, root) for root in roots) for post in posts]
    if not any(held) or all(held):
        return roots  # none of the posts (another part of the page), or a part of every post: they stand
    kinds = {(root.tag, root.get("class")) for root in roots if any(_contains(post, root) for post in posts)}
    extra = []
    for post, has in zip(posts, held):
        if has:
            continue
        parts = [el for tag, names in kinds for el in post.iter(tag) if el.get("class") == names]
        extra += [el for el in parts if not any(_contains(other, el) for other in parts)] or [post]
    order = {el: index for index, el in enumerate(body.iter())}
    return sorted(roots + extra, key=lambda el: order.get(el, 0))


def mark_post_details(roots: list, posts: list, marks: dict, rules: HtmlSection) -> None:
    """Inside a thread's posts, the poster's details (rank, join date, post count, reaction score) are
    bylines: a part of one tag and class found in several posts that is, nearly every time, a few short
    pieces of text (labels and values) and no sentence. A post's own text changes from post to post."""
    seen: dict = {}  # (tag, class) -> [elements, posts holding one, how many have the details' shape]
    for index, post in enumerate(posts):
        for el in post.iterdescendants(etree.Element):
            names = el.get("class")
            if not names or el.tag in _INLINE_TEXT:
                continue
            entry = seen.setdefault((el.tag, names), [[], set(), 0])
            entry[0].append(el)
            entry[1].add(index)
            entry[2] += _details_shape(el, rules)
    kinds = {key for key, (members, holders, shaped) in seen.items()
             if len(holders) >= rules.forum.min_posts and shaped >= rules.forum.details_share * len(members)}
    if not kinds:
        return
    # the same part outside the group too (the opening post, styled apart from the replies)
    chosen = {el for root in roots for el in root.iter(*{tag for tag, _ in kinds}) if (el.tag, el.get("class")) in kinds}
    for el in chosen:
        if el not in marks and not any(a in chosen for a in el.iterancestors()):
            marks[el] = ("byline", "post-details")


def mark_posters(found: Layout, posts: list, rules: HtmlSection) -> None:
    """Who wrote each post of a thread, and when, are the post's (a reader of the thread reads them with it). In
    each post: a link to a member's profile (``[forum] profile_url``) with a name, and a ``<time>`` with text,
    the first the main content holds unlabelled if there is one (the post's own date line), else the first at
    all. Inside a labelled region of the main content (the poster's details box, a byline) it is cut out of it
    as content, the rest of the box (rank, post count, join date) staying labelled; beside the post's text that
    the main content holds (a thread's meta line) it joins the main content. Its blocks carry ``Block.entry``:
    the block and furniture stages do not judge them again (a date next to a labelled "Add to quote")."""
    pattern, shortest = rules.forum.profile_url, rules.forum.poster_min_chars
    if pattern is None:
        return
    roots, marks, said, kept, extra = found.roots, found.marks, [], [], []
    for post in posts:
        inside = any(root is post or _contains(root, post) for root in roots)
        if not inside and not any(_contains(post, root) for root in roots):
            continue  # a post the main content does not hold
        names = (a for a in post.iter("a") if pattern.search(a.get("href") or "")
                 and len(text_of(a).strip()) >= shortest)  # (not a letter avatar's "X")
        for el, labelled in (_poster_part(names, marks), _poster_part(
                (t for t in post.iter("time") if text_of(t).strip()), marks)):
            if el is None:
                continue
            said.append(el)
            if not (inside or any(_contains(root, el) for root in roots)):
                extra.append(el)
            elif labelled:
                kept.append(el)
    if said:
        found.kept.extend(kept)
        found.said = frozenset(said)
    if extra:
        order = {el: index for index, el in enumerate(roots[0].getroottree().iter())}
        found.roots = sorted(roots + extra, key=lambda el: order.get(el, 0))


def _poster_part(candidates, marks: dict) -> tuple:
    """(the first of ``candidates`` under no labelled region, else the first under one; whether it is under one),
    or (None, False). A labelled element itself is none of them."""
    first = None
    for el in candidates:
        if el in marks:
            continue
        if not any(a in marks for a in el.iterancestors()):
            return el, False
        first = first if first is not None else el
    return first, first is not None


_DIGITS = re.compile(r"\d+")


def mark_post_chrome(posts: list, marks: dict, rules: HtmlSection, roots: list = ()) -> None:
    """Inside a thread's posts, the controls every post repeats ("Reply", "Quote", "#2", "Upvote 0
    Downvote", "Report") are widgets: a part of one tag and class found in several posts whose short text
    is the same, numbers aside, nearly every time; a date stays (it says when the post was written). The
    same part with the same text outside the group, in ``roots`` (the opening post, styled apart from the
    replies: its "#1"), is one too. And a quotation (``<blockquote>``) of text that an earlier post holds is
    a duplicate of it."""
    seen: dict = {}  # (tag, class) -> [elements, posts holding one, {folded text: count}]
    for index, post in enumerate(posts):
        for el in post.iterdescendants(etree.Element):
            names = el.get("class")
            if not names:
                continue
            text = " ".join(text_of(el).split())
            entry = seen.setdefault((el.tag, names), [[], set(), {}])
            entry[0].append(el)
            entry[1].add(index)
            if text and len(text) <= rules.forum.chrome_max_chars:
                fold = _DIGITS.sub("0", text.lower())
                entry[2][fold] = entry[2].get(fold, 0) + 1
    chosen = set()
    repeated: dict = {}  # (tag, class) -> the folded text its controls share
    for key, (members, holders, folds) in seen.items():
        if len(holders) < rules.forum.min_posts or not folds:
            continue
        fold, count = max(folds.items(), key=lambda kv: kv[1])
        if count >= rules.forum.details_share * len(members) and not any(_dated(el, rules) for el in members):
            chosen.update(members)
            repeated[key] = fold
    if repeated:
        chosen.update(_same_controls(roots, repeated, chosen))
    for el in chosen:
        if el not in marks and not any(a in chosen or a in marks for a in el.iterancestors()):
            marks[el] = ("widget", "post-chrome")
    earlier = ""
    opening = _before_posts(roots, posts) if rules.forum.preview_min_words else ""
    for post in posts:
        for quote in post.iter("blockquote"):
            text = " ".join(text_of(quote).split())
            if text and quote not in marks and _quoted(text, earlier):
                marks[quote] = ("duplicate", "post-quote")
        if rules.forum.preview_min_words:
            _mark_previews(post, opening + " " + earlier, marks, rules.forum.preview_min_words)
        earlier += " " + " ".join(text_of(post).split())


def _mark_previews(post, earlier: str, marks: dict, min_words: int) -> None:
    """A reply's preview of the post it answers (a box above the reply, clamped to a line on screen, that
    holds the earlier post's text whole) is a duplicate: the outermost container inside ``post`` of at
    least ``min_words`` words whose whole text the earlier posts hold. Posts that share a sentence share
    no whole container. The quoted text inside a quotation box counts too: its "X said:" line and its
    "Click to expand..." keep the whole ``<blockquote>`` from reading as the earlier post's words."""
    walker = etree.iterwalk(post, events=("start",))
    for _, el in walker:
        if el is post or not isinstance(el.tag, str):
            continue
        if el in marks:
            walker.skip_subtree()
            continue
        if el.tag not in _PREVIEW_TAGS:
            continue  # a <blockquote> is a quotation (above): the words a reply answers, kept unless an earlier reply holds them
        text = " ".join(text_of(el).split())
        if len(text.split()) >= min_words and text in earlier:
            marks[el] = ("duplicate", "post-quote")
            walker.skip_subtree()


_PREVIEW_TAGS = frozenset({"div", "section", "aside"})


def _before_posts(roots: list, posts: list) -> str:
    """The text of ``roots`` before the first of the posts' group (the opening post, styled apart from the
    replies)."""
    group = set(posts)
    pieces = []
    for root in roots:  # in document order
        if any(a in group for a in root.iterancestors()):
            break  # a part of a post: the posts have begun
        for event, el in etree.iterwalk(root, events=("start", "end")):
            if el in group:
                return " ".join(" ".join(pieces).split())
            if event == "start" and el.text and isinstance(el.tag, str):
                pieces.append(el.text)
            elif event == "end" and el is not root and el.tail:
                pieces.append(el.tail)
    return " ".join(" ".join(pieces).split())


def _same_controls(roots: list, repeated: dict, chosen: set) -> list:
    """The elements of ``roots`` outside the posts' group of a (tag, class) in ``repeated`` whose text,
    numbers aside, is the one that class's controls share."""
    found = []
    for root in roots:
        for el in root.iter(*{tag for tag, _ in repeated}):
            fold = repeated.get((el.tag, el.get("class")))
            if fold is not None and el not in chosen \
                    and _DIGITS.sub("0", " ".join(text_of(el).split()).lower()) == fold:
                found.append(el)
    return found


def _quoted(text: str, earlier: str) -> bool:
    """Whether most of a quotation's lines stand in the earlier posts' text (a quote starts with "X said:")."""
    words = text.split()
    half = " ".join(words[len(words) // 2:])
    return bool(half) and half in earlier


def _details_shape(el, rules: HtmlSection) -> bool:
    pieces = [n for n in (len(" ".join(t.split())) for t in el.itertext()) if n]
    return len(pieces) >= rules.forum.details_min_pieces and max(pieces) <= rules.forum.details_max_piece_chars \
        and sum(pieces) <= rules.forum.details_max_chars


def label_link_lists(roots: list, marks: dict, rules: HtmlSection, posts: frozenset = frozenset(),
                     listing: Callable[[list], bool] | None = None, entries: bool = True) -> tuple[dict, bool]:
    """(marks, is a listing): ``marks`` plus the link lists inside ``roots``, unless the main content is
    a listing (``is_listing``), or its link lists would hold most of its text: then they are its content.
    ``posts``: a thread's posts, never link lists; ``listing``: ``is_listing`` with these rules, when the
    caller remembers its answers; ``entries``: ``mark_link_lists``'s."""
    if (listing(roots) if listing is not None else is_listing(roots, rules)):
        return mark_menus(roots, marks, rules), True
    labelled = dict(marks)
    mark_link_lists(roots, labelled, rules, posts, entries)
    if len(labelled) == len(marks):
        return labelled, False
    total = sum(text_length(root) for root in roots)
    held = sum(text_length(el) for el in labelled if el not in marks)
    links = rules.link_density
    if total and held >= links.listing_link_list_share * total and held >= links.listing_link_list_min_chars:
        return mark_menus(roots, marks, rules, headlines_left=True), True
    return labelled, False


def mark_menus(roots: list, marks: dict, rules: HtmlSection, headlines_left: bool = False) -> dict:
    """``marks`` plus the menus inside a listing whose entries are headlines: the largest containers of at
    least ``menu_min_links`` links of a word or two each (``menu_max_words`` on average) that hold nothing
    else (``menu_min_share`` of their text is those links). A category bar or a mega-menu above a shop's
    grid is the site's, the grid's cards are the page's. ``headlines_left``: only when the links outside
    those menus are at least ``menu_min_links`` and read as headlines (``is_listing``'s test): in an index
    of names (a list of languages, of programming languages) every list is made of short links, and the
    lists are the page."""
    links = rules.link_density
    labelled = dict(marks)
    for root in roots:
        stack = list(root)
        while stack:
            el = stack.pop()
            if not isinstance(el.tag, str) or el in labelled:
                continue
            if el.tag in ("div", "section", "ul", "ol", "nav"):
                words = [len(text_of(a).split()) for a in el.iter("a")]
                words = [n for n in words if n]
                if len(words) >= links.menu_min_links and sum(words) <= links.menu_max_words * len(words):
                    length = text_length(el)
                    if length and link_density(el, length) >= links.menu_min_share:
                        labelled[el] = ("navigation", "listing-menu")
                        continue
            stack.extend(el[:])  # (a slice is built in C: cheaper than iterating)
    if headlines_left and len(labelled) > len(marks):
        inside = {a for el in labelled if el not in marks for a in el.iter("a")}
        words = [len(text_of(a).split()) for root in roots for a in root.iter("a") if a not in inside]
        words = [n for n in words if n]
        long = sum(n for n in words if n >= links.listing_headline_words)
        if len(words) < links.menu_min_links or long < links.listing_headline_share * sum(words):
            return marks
    return labelled


def is_listing(roots: list, rules: HtmlSection) -> bool:
    """A main content that is mostly link text as a whole is a listing (a front page, search
    results, a job board, a forum index): there the links are the content, not a related-links rail.
    Its links read as headlines (several words each); a menu's are one or two words."""
    lengths = [text_length(root) for root in roots]  # measured once: the main content is most of the page
    length = sum(lengths)
    linked = sum(link_density(root, n) * n for root, n in zip(roots, lengths))
    if not length or linked / length <= rules.link_density.listing_share:
        return False
    return _links_read_as_headlines(roots, rules.link_density)


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _add_card_grids(body, found: Layout, rules: HtmlSection) -> None:
    """A short main content (a category page's title and intro) and grids of cards (at least ``card_min``
    sibling boxes of one tag and class, each a linked headline: a heading inside or around a link) outside
    it and outside every labelled region: the grids are the page's entries, not a related-posts rail. They
    may come before it too: a shop's grid holds no paragraphs, so the text picked can be a short note under
    it. An article long enough to have a rail of its own keeps it out (``card_max_main_chars``)."""
    grids = rules.link_density
    if not grids.card_min or body in found.roots:
        return
    roots = found.roots
    main_chars = sum(text_length(root) for root in roots)
    short = main_chars <= grids.card_max_main_chars
    if not short and not grids.card_many:
        return
    added = []
    walker = etree.iterwalk(body, events=("start",))
    for _, el in walker:
        if not isinstance(el.tag, str):
            continue
        if el in roots and not short:
            break  # after a long main content begins: an article's rail, not the page's grid
        if el in found.marks or el in roots:
            walker.skip_subtree()
            continue
        if _card_grid(el, grids.card_min if short else grids.card_many) and not any(_contains(el, root) for root in roots) \
                and (short or _beside(el, roots, main_chars, grids)):
            added.append(el)
            walker.skip_subtree()
    if added:  # (the tree is read only: the order of its elements is taken when it is needed)
        order = {el: index for index, el in enumerate(body.iter())}
        found.roots = sorted(roots + added, key=lambda el: order.get(el, 0))


def _beside(grid, roots: list, main_chars: int, grids) -> bool:
    """Whether a grid of cards before a long main content is the page's own: it holds at least
    ``card_many_share`` of the main content's text, and the smallest box that holds both holds little else
    (``card_many_box_share``: the grid and a shop's long category text under it make one part of the page; a
    strip of cards in the page's header does not)."""
    grid_chars = text_length(grid)
    if grid_chars < grids.card_many_share * main_chars:
        return False
    mine = set(grid.iterancestors())
    box = next((a for a in roots[0].iterancestors() if a in mine), None)
    return box is not None and grid_chars + main_chars >= grids.card_many_box_share * text_length(box)


def _card_grid(el, card_min: int) -> bool:
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) < card_min:
        return False
    shapes: dict = {}
    for child in children:
        key = _shape(child)
        shapes[key] = shapes.get(key, 0) + 1
    key, count = max(shapes.items(), key=lambda kv: kv[1])
    if count < card_min or count < 0.8 * len(children):
        return False
    cards = [c for c in children if _shape(c) == key]
    return sum(1 for c in cards if _linked_headline(c)) >= 0.8 * len(cards)


def _shape(el) -> tuple[str, str]:
    """Tag and first class name: the cards of one grid share both. A class name that holds a digit names one
    box, not its kind (a blog's "post-30149 post type-post ..."): the first one without a digit, if any."""
    names = (el.get("class") or "").split()
    if not names:
        return el.tag, ""
    return el.tag, next((name for name in names if not _HAS_DIGIT.search(name)), names[0])


_HAS_DIGIT = re.compile(r"\d")


def _linked_headline(card) -> bool:
    for heading in card.iter(*HEADING_TAGS):
        if len(text_of(heading).split()) < 2:
            continue
        if any(a.tag == "a" for a in heading.iterancestors()) or next(heading.iter("a"), None) is not None:
            return True
    return False


def _add_step_containers(body, found: Layout, containers: list) -> None:
    """Explicit steps (a recipe card's method) are content even where the page puts them outside
    the article's text, e.g. in a card after the comments or in a tab the scoring passed over."""
    roots = set(found.roots)
    extra = []
    for container in containers:
        if container.getparent() is None:
            continue
        ancestors = list(container.iterancestors())
        if container in roots or any(_contains(container, r) for r in roots):
            continue
        labelled = [a for a in [container] + ancestors if a in found.marks]
        if any(found.marks[a][0] in RESCUE_NEVER and not _is_card(a, found.marks[a][0], containers) for a in labelled):
            continue
        found.marks.pop(container, None)
        if any(a in roots for a in ancestors):
            if labelled:  # inside the article but in a labelled region: cut it out of that region
                found.kept.append(container)
            continue
        extra.append(container)
    if extra:
        order = {el: index for index, el in enumerate(body.iter())}
        found.roots = sorted(found.roots + extra, key=lambda el: order.get(el, 0))
