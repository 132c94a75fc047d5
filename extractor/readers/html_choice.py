"""Which of a few main-content candidates is the page's main content: a small learned chooser.

``html_main.find_main`` scores containers the Readability way and picks one (with its strong
siblings). On a page built from many short parts (a shop's category page, a front page of
headlines, a service page of sections, a documentation page whose article sits beside a long
navigation) that pick is often one part, or the wrong part. The wider containers a reader would
try next are the candidates: the page's ``<main>`` (or ``role="main"``), its only ``<article>``,
the pick's ancestors, and the whole ``<body>``, each without the regions already labelled as
chrome. Each is described by a few numbers taken from one pass over the page (its share of the
page's visible text, its link density, how much of what it adds to the pick is paragraphs,
headings or list items, the page's schema.org / Open Graph type), and a logistic model says how
likely it is to beat the pick. The likeliest candidate replaces the pick when that likelihood is
above the model's threshold.

The model (feature names, scaling, weights, threshold) is data: ``data/html_main_choice.json``,
written by ``benchmarks/train_main_choice.py`` from the tuning part of WCXB dev (page ids not
divisible by 5). No model file, no choice: the pick stands.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

from lxml import etree

MODEL_FILE = "html_main_choice.json"
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class ChoiceModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    max_ancestors: int
    products: tuple[tuple[str, str], ...]  # pairs of features whose product is a feature too
    # A candidate is passed over when all the features of one of these rules are above their values.
    vetoes: tuple[tuple[tuple[str, float], ...], ...]
    signals: dict  # signal name -> compiled pattern over the page's schema.org / og:type values


@lru_cache(maxsize=1)
def choice_model() -> ChoiceModel | None:
    try:
        raw = json.loads(resources.files("extractor.data").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return ChoiceModel(tuple(raw["features"]), tuple(raw["mean"]), tuple(raw["scale"]), tuple(raw["weights"]),
                       raw["bias"], raw["threshold"], raw["max_ancestors"], tuple(map(tuple, raw["products"])),
                       tuple(tuple((name, value) for name, value in rule) for rule in raw["vetoes"]),
                       {name: re.compile(pattern, re.IGNORECASE) for name, pattern in raw["signals"].items()})


class Tally:
    """Visible characters, link characters, paragraph characters, headings and list items under each
    element, labelled regions left out; one pass over the page. ``order``: the elements outside
    labelled regions, parents before children (``_walk``), when the caller has them. ``only``: the
    elements whose sums are read (the chooser reads a few): then only theirs are kept, found by
    running totals over one walk (``_sums_of``)."""

    def __init__(self, body, marks: dict, order: list | None = None, only: set | None = None):
        self.chars: dict = {}
        self._sums: dict = {}  # element -> (chars, links, paras, heads, items)
        if only is not None:
            sums = _sums_of(body, marks, only)
            if sums is not None:
                self._sums = sums
                self.chars = {el: row[0] for el, row in sums.items()}
                return
        if order is None:
            order = _walk(body, marks)
        for el in reversed(order):  # children before their parents
            self._add(el)

    def _add(self, el) -> None:
        sums = self._sums
        chars = _length(el.text)
        links = paras = heads = items = 0
        for child in el:
            chars += _length(child.tail)
            below = sums.get(child)
            if below is not None:
                b_chars, b_links, b_paras, b_heads, b_items = below
                chars += b_chars
                links += b_links
                paras += b_paras
                heads += b_heads
                items += b_items
        tag = el.tag
        if tag == "a":
            links = chars
        if tag in PARAGRAPH_TAGS:
            paras = chars
        heads += tag in HEADING_TAGS
        items += tag == "li"
        sums[el] = chars, links, paras, heads, items
        self.chars[el] = chars

    # One column of the sums per element, for reading one measure (``chars`` is kept as it is built).
    links = property(lambda self: {el: links for el, (_, links, _, _, _) in self._sums.items()})
    paras = property(lambda self: {el: paras for el, (_, _, paras, _, _) in self._sums.items()})
    heads = property(lambda self: {el: heads for el, (_, _, _, heads, _) in self._sums.items()})
    items = property(lambda self: {el: items for el, (_, _, _, _, items) in self._sums.items()})

    def of(self, roots: list) -> tuple[int, int, int, int, int]:
        """Sums over ``roots`` (disjoint elements)."""
        rows = [self._sums.get(r, _NOTHING) for r in roots]
        return tuple(sum(row[i] for row in rows) for i in range(len(_NOTHING)))


_NOTHING = (0, 0, 0, 0, 0)


def _sums_of(body, marks: dict, wanted: set) -> dict | None:
    """``Tally``'s sums of the ``wanted`` elements, without a row for every element: one walk keeps
    running totals of the page's counted text (and of its link and paragraph text, and of its
    headings and list items), and an element's sums are the totals at its end less those at its
    start. Text counts as links (paragraphs) when an ``<a>`` (paragraph tag) holds it; the running
    totals see every such holder, so a wanted element inside one would get the holder's share too:
    None then (the caller counts element by element). Comments and processing instructions (gone
    once the page is cleaned) are not looked at."""
    out: dict = {}
    opened: dict = {}  # wanted element -> the totals at its start
    chars = links = paras = heads = items = 0
    in_link = in_para = 0  # <a> and paragraph-tag elements open around the walk
    walk = etree.iterwalk(body, events=("start", "end"))
    for event, el in walk:
        if el in marks and el is not body:  # a labelled region: its text is left out, its tail is not
            if event == "start":
                walk.skip_subtree()
                continue
        elif event == "start":
            tag = el.tag
            if el in wanted:
                if in_link or in_para:
                    return None
                opened[el] = (chars, links, paras, heads, items)
            if tag == "a":
                in_link += 1
            if tag in PARAGRAPH_TAGS:
                in_para += 1
            heads += tag in HEADING_TAGS
            items += tag == "li"
            text = el.text
            n = len(" ".join(text.split())) if text else 0  # _length, inline: it runs on every element
            if n:
                chars += n
                links += n if in_link else 0
                paras += n if in_para else 0
            continue
        else:
            tag = el.tag
            if tag == "a":
                in_link -= 1
            if tag in PARAGRAPH_TAGS:
                in_para -= 1
            start = opened.get(el)
            if start is not None:
                c0, l0, p0, h0, i0 = start
                out[el] = (chars - c0, links - l0, paras - p0, heads - h0, items - i0)
        tail = el.tail
        if tail and el is not body:
            n = len(" ".join(tail.split()))
            if n:
                chars += n
                links += n if in_link else 0
                paras += n if in_para else 0
    return out


def _walk(body, marks: dict) -> list:
    """The elements of ``body`` outside labelled regions, parents before children (``Tally``)."""
    order = []
    left_out: set = set()  # elements in labelled regions (``body`` itself is always counted)
    for el in body.iter(etree.Element):
        if el is not body and (el in marks or el.getparent() in left_out):
            left_out.add(el)
        else:
            order.append(el)
    return order


def _length(text: str | None) -> int:
    return len(" ".join(text.split())) if text else 0


def page_signals(body, model: ChoiceModel, typed: list[str] | None = None) -> dict[str, float]:
    """1.0 for each signal of the model the page's own type declarations match (JSON-LD ``@type``
    and microdata ``itemtype`` left in the page, ``og:type`` in its head). ``typed``: the
    ``itemtype`` values in ``body``, in document order, when the caller has them."""
    values = [el.get("itemtype") for el in body.iter() if isinstance(el.tag, str) and el.get("itemtype")] \
        if typed is None else list(typed)
    head = body.getparent().find("head") if body.getparent() is not None else None
    if head is not None:
        values += [el.get("content") or "" for el in head.iter("meta") if el.get("property") == "og:type"]
        values += _TYPE_VALUE.findall(" ".join(el.text or "" for el in head.iter("script")
                                               if (el.get("type") or "").lower() == "application/ld+json"))
    text = " ".join(values)
    return {name: float(bool(pattern.search(text))) for name, pattern in model.signals.items()}


_ITEMTYPES = etree.XPath("descendant-or-self::*/@itemtype", smart_strings=False, regexp=False)  # in document order
_TYPE_VALUE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')


LOOK = object()  # candidates(): no role="main" element given, look for one


def candidates(body, roots: list, marks: dict, model: ChoiceModel, role_main=LOOK,
               tagged: Callable[[str], list] | None = None) -> list[tuple[str, list]]:
    """(kind, roots) for each candidate other than the pick: main, article, up (an ancestor of the
    pick below body), body; the same element is offered once, under its first kind. ``role_main``:
    the first element of ``body`` with ``role="main"`` (or None), when the caller has it; ``tagged(tag)``:
    ``list(body.iter(tag))`` for "main" and "article", when the caller has them."""
    found: list[tuple[str, list]] = []
    seen = set(roots)

    def offer(kind: str, el) -> None:
        if el is not None and el not in seen and el not in marks and not any(a in marks for a in el.iterancestors()):
            seen.add(el)
            found.append((kind, [el]))

    main = next(iter(tagged("main")) if tagged is not None else body.iter("main"), None)
    if main is None:
        main = next((el for el in body.iter(etree.Element) if el.get("role") == "main"), None) \
            if role_main is LOOK else role_main
    offer("main", main)
    articles = tagged("article") if tagged is not None else list(body.iter("article"))
    if len(articles) == 1:
        offer("article", articles[0])
    if roots and roots[0] is not body:
        for level, ancestor in enumerate(roots[0].iterancestors()):
            if ancestor is body or level >= model.max_ancestors:
                break
            offer("up", ancestor)
    offer("body", body)
    return found


def features(kind: str, roots: list, pick: list, tally: Tally, body_chars: int, signals: dict,
             pick_listing: bool) -> dict[str, float]:
    """The candidate ``roots`` described against the pick and the page (names as in the model)."""
    chars, links, paras, heads, items = tally.of(roots)
    p_chars, p_links, p_paras, p_heads, p_items = tally.of(pick)
    holds_pick = all(any(r is a or _contains(a, r) for a in roots) for r in pick)
    if holds_pick:
        a_chars, a_links, a_paras = chars - p_chars, links - p_links, paras - p_paras
        a_heads, a_items = heads - p_heads, items - p_items
    else:
        a_chars, a_links, a_paras, a_heads, a_items = chars, links, paras, heads, items
    page = max(1, body_chars)
    out = {
        "share": chars / page,
        "pick_share": p_chars / page,
        "log_ratio": math.log((chars + 1) / (p_chars + 1)),
        "link_density": links / chars if chars else 0.0,
        "pick_link_density": p_links / p_chars if p_chars else 0.0,
        "added_link_density": a_links / a_chars if a_chars > 0 else 0.0,
        "added_paragraphs": a_paras / a_chars if a_chars > 0 else 0.0,
        "pick_paragraphs": p_paras / p_chars if p_chars else 0.0,
        "added_headings": math.log1p(max(0, a_heads)),
        "added_items": math.log1p(max(0, a_items)),
        "pick_chars": math.log1p(p_chars),
        "holds_pick": float(holds_pick),
        "pick_listing": float(pick_listing),
    }
    out["kind_" + kind] = 1.0  # the other kinds' features read as 0
    out.update(signals)
    return out


def with_products(values: dict[str, float], products) -> dict[str, float]:
    """``values`` and the products the model names (``"a*b"``): what a linear model cannot see alone,
    e.g. a pick of prose on an article page that would grow by link-dense parts."""
    for a, b in products:
        values[f"{a}*{b}"] = values.get(a, 0.0) * values.get(b, 0.0)
    return values


def probability(values: dict[str, float], model: ChoiceModel) -> float:
    z = model.bias
    for name, mean, scale, weight in zip(model.features, model.mean, model.scale, model.weights):
        z += weight * (values.get(name, 0.0) - mean) / scale
    return sigmoid(z)


def sigmoid(z: float) -> float:
    """The logistic function, without overflow at either end."""
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def choose(body, roots: list, marks: dict, listing: Callable[[list], bool], role_main=LOOK,
           tagged: Callable[[str], list] | None = None, typed: Callable[[], list[str]] | None = None) -> list:
    """The candidate the model prefers to ``roots`` (the pick), or ``roots``. ``listing(roots)``: whether
    roots read as a listing (``html_main.is_listing``); ``role_main``, ``tagged``: as ``candidates`` takes them;
    ``typed()``: the non-empty ``itemtype`` values in ``body``, in document order, when the caller has them (an
    XPath walk of the whole body costs as much as a tenth of the chooser)."""
    model = choice_model()
    if model is None or not roots:
        return roots
    offered = candidates(body, roots, marks, model, role_main, tagged)
    if not offered:
        return roots
    tally = Tally(body, marks, only={body, *roots, *(el for _, candidate in offered for el in candidate)})
    signals = page_signals(body, model, [value for value in _ITEMTYPES(body) if value] if typed is None else typed())
    body_chars = tally.chars.get(body, 0)
    pick_listing = listing(roots)
    best, best_p = roots, model.threshold
    for kind, candidate in offered:
        values = features(kind, candidate, roots, tally, body_chars, signals, pick_listing)
        if vetoed(values, model.vetoes):
            continue
        p = probability(with_products(values, model.products), model)
        if p > best_p:
            best, best_p = candidate, p
    return best


def vetoed(values: dict[str, float], vetoes) -> bool:
    return any(all(values.get(name, 0.0) > value for name, value in rule) for rule in vetoes)


def _contains(ancestor, el) -> bool:
    return any(a is ancestor for a in el.iterancestors())
