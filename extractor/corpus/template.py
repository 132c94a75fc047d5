"""Learn a site's template from a batch: lines that recur across many *different* articles of one site.

Promos, disclaimers, rating widgets and related-post lists are written once into a site's template
and then appear in every article; no phrase list knows them all, but a batch of the site's articles
shows them by repetition. The learning pass is cheap (it reads each input's lines, never parses):

    for each input:  site key (front matter URL host, else the input's folder)
    per site:        a seeded sample of its inputs (a reservoir, drawn from the site keys alone)
    for each sampled
    input:           the key of every line (``line_key``: markup and digits folded, case folded)
    per site:        group near-duplicate articles (MinHash over their line keys), so a post re-posted
                     a hundred times counts once
                     -> a line is template when it recurs in enough groups, and is not a step
                        (numbered item or step label) in most places it appears

The two "for each" passes (``sites_of``, ``samples_of``) are the costly part; a batch with worker
processes runs them there (``SiteLearner.add_files``), and the parent only draws the samples and
counts.

The result, ``SiteTemplates``, travels with the options to every worker; ``stages/template.py``
labels the blocks whose every line is template. ``extractor profile`` writes it as a reviewable file.
Markdown inputs only: an HTML page's source lines are not the lines a reader sees.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import stat
import zlib
from array import array
from collections import defaultdict
from functools import lru_cache, partial
from dataclasses import dataclass, field
from typing import Iterable, Iterator, NamedTuple

from ..memo import Memo
from ..rules import Rules
from ..rules.folded import lowered_text
from ..rules.literals import FOLDS_TO_ASCII
from ..rules.sections import NearLinesSection, SiteTemplateSection
from ..words import UNSPACED_CHARACTER, UNSPACED_RUN
from .minhash import SketchOptions, similar_groups, sketch

# -- what one line is ---------------------------------------------------------------------------

_SKIPPED_START = ("#", "```", "~~~", "|", "<!--")  # headings, code fences, tables, comments: never template
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_MARKER = re.compile(r"^(?:>\s*)*(?:[-+]\s+|\*\s+(?!\*))*")  # quote and bullet markers ("* **Bold**" keeps its bold)
# "1. ", "2) ", "3)[Download](...)", and the numbered paragraphs of CJK manuals: "（4）检验…", "4、执行…", "4．", "④"
_ORDERED = re.compile(r"^(?:[(（]?\d{1,3}\\?(?:[.)](?:\s|$)|[)）](?=\S)|[、．）])|[①-⑳])")
_DIGITS = re.compile(r"\d+")
_MARKER_START = ">-+*"  # what a line _MARKER strips anything of starts with
_DROP = "*_`~\\"  # emphasis and escapes: folded away (``_dropped``)
_EDGES = " \t.,:;!?-–—()[]{}\"'“”’‘«»#>|/…"
# Longer source lines are prose paragraphs, never a widget or a promo line; counted without link targets
# (a promo line of a dozen topic links has hundreds of characters of URLs and a sentence of text).
_MAX_LINE = 600
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
# Of one input, the learning pass reads at most this much: a site's template shows in its articles'
# first pages, and a hostile 50 MB file must not cost more here than its extraction will.
_MAX_READ = 2 * 1024 * 1024
_MAX_LINES = 20_000
SITES_CHUNK, SAMPLES_CHUNK = 64, 16  # inputs per call of sites_of / samples_of (a task of a parallel pass)


@dataclass(frozen=True, slots=True)
class LineKey:
    key: str  # the line as a reader sees it, folded: what recurs across articles
    steplike: bool  # a numbered item, a "Step N" label, or a line inside a numbered item: part of a procedure
    linked: bool  # most of its visible text is link text (a related-posts entry, a promo button)
    # the line with what varies in a widget or byline masked (numbers, link texts, month names beside a
    # number): the variants of one line share it. None when it is the key, or too little is left of it.
    shape: str | None = None


# Most lines a document holds are template lines that recur from post to post (84 % of 184 k calls over
# 1,500 posts were repeats; a learner keeps numbers of its own, ``_packed_caches``), and a LineKey is
# immutable: remember the recent ones, one dict of lines per way of reading them (step label pattern, shape settings, inside a numbered item or not: a batch
# has two or three). The patterns are held in ``_READINGS`` so their ids are never reused. When a dict
# is full its oldest eighth is forgotten (as ``memo.Memo`` does), so memory stays bounded however many
# inputs a batch has. Sizes: full after 1,000 corpus posts already, so a longer batch holds no more (the
# line caches, masks and hashes together 4.3 MB after 1,000 posts, 5.0 MB after 6,248; one cache of
# 8,192 lines for every reading, emptied when full, held up to 5.5 MB).
_CACHE_SIZE = 3072
_caches: dict[tuple[int, int, bool], dict[str, LineKey | None]] = {}
_READINGS: dict[tuple[int, int], tuple[re.Pattern | None, Shape | None]] = {}
_MASK = "\u00a7"  # what a masked part of a line's shape reads as


@dataclass(frozen=True, slots=True)
class Shape:
    """How a line's shape is made: ``mask`` finds the words masked besides numbers and link texts."""
    mask: re.Pattern
    min_letters: int
    cjk_letters: int = 1  # what one kana or CJK ideograph counts as
    # ``mask`` without IGNORECASE, for a folded line whose non-ASCII characters have no case (``_ascii_twin``), or None
    ascii_mask: re.Pattern | None = None


def line_key(line: str, step_label: re.Pattern | None = None, in_step: bool = False,
             shape: Shape | None = None) -> LineKey | None:
    """The folded key of one Markdown source line, or None for lines that are never template
    (blank, headings, code fences, tables, very long prose) or have nothing visible. With ``shape``,
    the key also carries the line's shape."""
    cache = _caches.get((id(step_label), id(shape), in_step))
    if cache is None:
        cache = _cache_for(step_label, shape, in_step)
    found = cache.get(line, _MISSING)
    if found is _MISSING:
        if len(cache) >= _CACHE_SIZE:
            for old in list(itertools.islice(cache, _CACHE_SIZE // 8)):  # dicts keep insertion order
                del cache[old]
        found = cache[line] = _line_key(line, step_label, in_step, shape)
    return found


_MISSING = object()


def _cache_for(step_label: re.Pattern | None, shape: Shape | None, in_step: bool) -> dict[str, LineKey | None]:
    reading = (id(step_label), id(shape))
    if reading not in _READINGS:
        _READINGS[reading] = (step_label, shape)  # held: the ids stay theirs
    return _caches.setdefault((*reading, in_step), {})


def _line_key(line: str, step_label: re.Pattern | None, in_step: bool, shape: Shape | None) -> LineKey | None:
    text = line.strip()
    if not text or text.startswith(_SKIPPED_START):
        return None
    if len(text) > _MAX_LINE and ("](" not in text or len(_LINK_TARGET.sub("]", text)) > _MAX_LINE):
        return None
    if text[0] in _MARKER_START:
        text = _MARKER.sub("", text)
    linked_chars = 0
    masked = None  # the text with its link texts masked, for the shape (None: no links, the text is it)
    if "](" in text:
        if "![" in text:
            text = _IMAGE.sub(" ", text)
        for match in _LINK.finditer(text):
            linked_chars += len(match.group(1))
        if shape is not None:
            masked = _LINK.sub(lambda m: f" {_MASK} " if m.group(1).strip() else " ", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    visible = " ".join(_dropped(text).split())
    steplike = in_step or bool(_ORDERED.match(visible)) or bool(step_label is not None and step_label.match(visible))
    folded = _DIGITS.sub("0", visible.lower())
    key = folded.strip(_EDGES)
    if not key or not any(map(str.isalnum, key[:40])):  # (map: no generator frame per line)
        return None
    # a shape differs from the key only where a number or a link text is masked
    if shape is None or not ("](" in line or "0" in key):  # every digit is 0 in the key
        return LineKey(key, steplike, linked_chars >= 0.6 * len(visible))
    return LineKey(key, steplike, linked_chars >= 0.6 * len(visible), _shape(masked, folded, key, shape))


def _dropped(text: str) -> str:
    """``text`` without the ``_DROP`` characters (``str.translate`` with a deletion table looks up
    every character: 15 times slower on these lines)."""
    for char in _DROP:
        if char in text:
            text = text.replace(char, "")
    return text


def _shape(masked: str | None, folded: str, key: str, shape: Shape) -> str | None:
    """The shape of a line: from ``masked``, its text with link texts masked, or when it has no links
    from ``folded``, its text folded as the key is (not yet stripped): the same fold, done once."""
    if masked is not None:
        if "<" in masked:
            masked = _TAG.sub(" ", masked)
        folded = _DIGITS.sub("0", " ".join(_dropped(masked).split()).lower())
    if "0" in folded:  # month names are masked only next to a number
        masks = _masked.for_owner(shape)
        # (the twin on a folded line whose other characters have no case: curly quotes, dashes, CJK)
        mask = shape.ascii_mask if shape.ascii_mask is not None and lowered_text(folded) is not None else shape.mask
        folded = masks.get_or(folded, lambda: mask.sub(_MASK, folded))
    folded = folded.strip(_EDGES)
    if folded == key or _letters(folded, shape) < shape.min_letters:
        return None
    return folded


def _letters(folded: str, shape: Shape) -> int:
    """The letters left outside the masks of a folded line, a CJK character as ``shape.cjk_letters``."""
    letters = sum(map(str.isalpha, folded)) - folded.count(_MASK)
    if shape.cjk_letters > 1 and not folded.isascii():
        letters += (shape.cjk_letters - 1) * len(UNSPACED_CHARACTER.findall(folded))
    return letters


# The mask of a folded line, per Shape: lines that differ only in their numbers (a byline's date, a
# rating's votes) fold to one text, so over 1,500 posts 46 k lines with a number were 11.7 k texts,
# and the mask (every language's month and weekday names, one prefix-factored group tried at every word)
# is much of a line's cost.
_masked = Memo(maxsize=4096)


def shape_of(settings: SiteTemplateSection) -> Shape:
    """The shape settings of the rules' ``site_template`` section (one Shape for equal settings: the line
    caches are kept per Shape). The settings last asked for are answered without hashing them again: a
    frozen pydantic model hashes every field, nested ones too, on every call (the template stage asks once
    a document)."""
    last = _last_shape
    if last and last[0] is settings:
        return last[1]
    shape = _shape_of(settings)
    _last_shape[:] = [settings, shape]
    return shape


_last_shape: list = []  # [settings, its Shape], held so the id stays theirs


@lru_cache(maxsize=8)
def _shape_of(settings: SiteTemplateSection) -> Shape:
    mask = settings.shape_mask.pattern
    return Shape(mask, settings.shape_min_letters, ascii_mask=_ascii_twin(mask), cjk_letters=settings.shape_cjk_letters)


def _ascii_twin(pattern: re.Pattern) -> re.Pattern | None:
    """A case-insensitive pattern written in lower case, compiled case-sensitively: on lower-case text whose
    other characters have no case (a folded line; ``rules.folded.lowered_text``: no other character folds onto
    such a character) it matches where the pattern does, four to five times faster (sre compares characters
    without folding each, and skips an alternative at its first letter). None when that is not sure: the
    pattern has an upper-case letter, an escape that may name one ("\\x41"), or a character a case-blind
    pattern takes for an ASCII letter ("ſ" for "s": ``literals.FOLDS_TO_ASCII``)."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or not isinstance(source, str) or source != source.lower() \
            or FOLDS_TO_ASCII.search(source) or any(e.isalnum() and e not in "bsdw" for e in _ESCAPED.findall(source)):
        return None
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def line_keys(lines: list[str], step_label: re.Pattern | None = None,
              shape: Shape | None = None) -> list[LineKey | None]:
    """``line_key`` of every line, knowing which lines belong to a numbered item: the lines indented
    under it, and the first flush-left paragraph right after it (how many posts write a step's
    second sentence)."""
    keys: list[LineKey | None] = []
    caches = (_cache_for(step_label, shape, False), _cache_for(step_label, shape, True))  # line_key's, at hand
    for line, in_step in zip(lines, _in_step(lines)):
        if in_step is None:
            keys.append(None)
            continue
        key = caches[in_step].get(line, _MISSING)
        keys.append(line_key(line, step_label, in_step, shape) if key is _MISSING else key)
    return keys


def _in_step(lines: list[str]) -> list[bool | None]:
    """For each line: inside a numbered item or not (None for a blank line), as ``line_keys`` says."""
    flags: list[bool | None] = []
    in_item = False
    for line in lines:
        stripped = line.lstrip()
        if not stripped:
            flags.append(None)
            continue
        if len(line) - len(stripped) >= 2:  # indented: inside the block above
            flags.append(in_item)
        elif stripped.startswith(("<", "![")):  # an ad or a screenshot between two steps does not end a numbered item
            flags.append(False)
        else:  # flush left: a new block, the first one after a numbered item still counted with it
            ordered = bool(_ORDERED.match(stripped.lstrip("*_ ")))
            flags.append(in_item and not ordered)
            in_item = ordered
    return flags


# -- which site an input belongs to ---------------------------------------------------------------

_FRONT_MATTER_URL = re.compile(
    r"^(?:url|canonical(?:_url)?|permalink|source(?:_url)?|link|original_url)\s*[:=]\s*[\"']?https?://([^/\s\"']+)",
    re.IGNORECASE | re.MULTILINE)


def site_key(path: str, front_matter: str = "") -> str:
    """The site an input belongs to: the host its front matter names, else the folder that holds it."""
    match = _FRONT_MATTER_URL.search(front_matter)
    if match:
        host = match.group(1).lower()
        return host[4:] if host.startswith("www.") else host
    return os.path.dirname(os.path.abspath(path))


def split_front_matter_lines(lines: list[str]) -> tuple[str, int]:
    """(front matter text, index of the first body line) for a YAML/TOML front matter block."""
    if lines and lines[0].strip() in ("---", "+++"):
        fence = lines[0].strip()
        for i in range(1, min(len(lines), 500)):
            if lines[i].strip() == fence:
                return "\n".join(lines[1:i]), i + 1
    return "", 0


# -- learning -----------------------------------------------------------------------------------

# How sure the batch is that a line is template: link lines and prose on a large share of the site's
# articles are template wherever they appear; rarer prose only beside other boilerplate.
ANYWHERE = "anywhere"
BESIDE_BOILERPLATE = "beside-boilerplate"
# Learned from fewer groups (``tail_min_groups``), from lines that close every post holding them: template
# only in a post's tail, and there only beside other boilerplate or in the post's closing run.
TAIL = "tail"
# Near copies at a post's head, learned from a small site (``NearLinesSection``): template only before the post's
# first prose or beside other boilerplate. (Near copies at a post's tail are learned as TAIL lines.)
HEAD = "head"
# The sureness of a line learned from fewer than ``content_guard.below_groups`` groups (a small batch) is
# written with this prefix: such a line is cut only where it does not read as the site's own content
# (``stages/template.py``). Docs pages of one manual share closing passages that are content.
FEW = "few:"
# A near copy's (``NearLinesSection``): guarded as a FEW line, except that sharing a word with the post's title
# does not tie it to the post (a near copy holds the post's subject by what it is: "This page is about [app]").
NEAR = "near:"


def plain(sureness: str) -> str:
    """A sureness without the ``FEW`` or ``NEAR`` prefix."""
    return sureness[sureness.index(":") + 1:] if sureness.startswith((FEW, NEAR)) else sureness


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a line key (``hash()`` differs between processes), its low 3 bits clear
    (a learner packs the line's flags there)."""
    found = _hashes.get(key)
    if found is None:
        found = _hashes.get_or(key, lambda: int.from_bytes(
            hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little") & ~7)
    return found


_hashes = Memo(maxsize=2048)  # the keys of recurring lines (their strings are the LineKeys' own)


_LINKED, _STEPLIKE, _LONG, _FLAGS = 1, 2, 4, 7


def _packed(key: LineKey, max_prose_chars: int, text: str | None = None) -> int:
    """The hash of the line's key (or of ``text``, its shape), its flags in the low bits."""
    return (key_hash(text or key.key) | (_STEPLIKE if key.steplike else 0) | (_LINKED if key.linked else 0)
            | (_LONG if len(key.key) > max_prose_chars else 0))


@dataclass
class _Site:
    """A uniform sample (reservoir) of one site's documents, each as an array of packed line keys and
    one of the packed shapes of its lines that have one."""

    seen: int = 0
    docs: list = field(default_factory=list)


def reservoir_slot(site: str, seen: int, cap: int) -> int | None:
    """Where a site's ``seen``-th document goes in its sample of ``cap``, or None when it is left out
    (seeded by the site, so the same inputs always teach the same template)."""
    if seen <= cap:
        return seen - 1
    pick = int.from_bytes(hashlib.blake2b(f"{site}\0{seen}".encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little") % seen
    return pick if pick < cap else None


@dataclass
class SiteLearner:
    """Collects the line keys of a sample of each site's inputs; ``templates()`` decides what is template.

    Memory stays bounded per site: at most ``sample_per_site`` documents are kept (a reservoir sample,
    seeded by the site, so the same inputs always teach the same template), each as an array of
    64-bit line hashes. With ``keep_text`` the folded lines themselves are kept too, for a profile a
    person reads. ``add_text`` takes one input at a time; ``learn`` does the same in two passes that
    may run in worker processes."""

    settings: SiteTemplateSection
    step_label: re.Pattern | None = None
    keep_text: bool = False
    _sites: dict[str, _Site] = field(default_factory=dict)
    _text: dict[int, str] = field(default_factory=dict)

    def add_text(self, path: str, text: str) -> None:
        lines = text.split("\n", _MAX_LINES)[:_MAX_LINES]
        front_matter, start = split_front_matter_lines(lines)
        site_name = site_key(path, front_matter)
        site = self._site(site_name)
        site.seen += 1
        slot = reservoir_slot(site_name, site.seen, self.settings.sample_per_site)
        if slot is not None:
            self._put(site, slot, _sample(lines[start:], self._reading(near=site.seen <= self._near_docs()),
                                          front_matter))

    def add_file(self, path: str) -> None:
        """Regular files only, their first ``_MAX_READ`` bytes (see ``read_head``)."""
        text = read_head(path)
        if text is not None:
            self.add_text(path, text)

    def add_files(self, paths: Iterable[str], mapper=map) -> None:
        """What ``add_file`` of each path in turn gives, in two passes that ``mapper`` may spread over
        worker processes (``mapper(function, items)`` yields ``function(item)`` for each item, in order):

        1. the site of every input (``sites_of``): its front matter is all that is looked at;
        2. each site's reservoir sample is drawn from the sites alone, so the line keys (``samples_of``,
           the costly part) are read only of the inputs that end up in a sample, not of those a later
           input pushes out again.
        """
        paths = list(paths)
        members: dict[str, list[int]] = {}  # site -> the input in each slot of its sample
        for i, name in enumerate(itertools.chain.from_iterable(mapper(sites_of, _chunks(paths, SITES_CHUNK)))):
            if name is None:
                continue
            site = self._site(name)
            site.seen += 1
            slot = reservoir_slot(name, site.seen, self.settings.sample_per_site)
            if slot is None:
                continue
            chosen = members.setdefault(name, [])
            if slot == len(chosen):
                chosen.append(i)
            else:
                chosen[slot] = i
        # each site's slots in order; the small sites' first (their samples hold their near lines too)
        small = {name for name in members if self._sites[name].seen <= self._near_docs()}
        order = [(name, i) for name, chosen in members.items() if name in small for i in chosen]
        first = len(order)
        order += [(name, i) for name, chosen in members.items() if name not in small for i in chosen]
        samples = itertools.chain(
            mapper(partial(samples_of, reading=self._reading(near=True)),
                   _chunks([paths[i] for _, i in order[:first]], SAMPLES_CHUNK)),
            mapper(partial(samples_of, reading=self._reading()),
                   _chunks([paths[i] for _, i in order[first:]], SAMPLES_CHUNK)))
        for (name, _), sample in zip(order, itertools.chain.from_iterable(samples)):
            if sample is not None:  # unreadable since the first pass: left out
                site = self._sites[name]
                self._put(site, len(site.docs), sample)

    def _site(self, name: str) -> _Site:
        site = self._sites.get(name)
        if site is None:
            site = self._sites[name] = _Site()
        return site

    def _reading(self, near: bool = False) -> Reading:
        return Reading(self.settings.max_prose_chars, self.step_label, shape_of(self.settings), self.keep_text,
                       self.settings.near if near and self._near_docs() else None, self.settings.tail_from)

    def _near_docs(self) -> int:
        """How many inputs a site may have for its near lines to be learned (``NearLinesSection``)."""
        return self.settings.near.max_docs if self.settings.near is not None else 0

    def _put(self, site: _Site, slot: int, sample: Sample) -> None:
        packed, shapes, texts, near = sample
        if texts:
            for h, text in texts:
                self._text.setdefault(h, text)
        if slot == len(site.docs):
            site.docs.append((packed, shapes, near))
        else:
            site.docs[slot] = (packed, shapes, near)

    def templates(self, mapper=map) -> SiteTemplates:
        """Each site's template; ``mapper`` (as in ``add_files``) may compute them in worker processes,
        one site each: a site's template depends on its own sample only."""
        names = sorted(self._sites)
        found = mapper(partial(site_template, settings=self.settings), [self._sites[name].docs for name in names])
        return SiteTemplates(dict(zip(names, found)))

    def text_of(self, hashed: int) -> str | None:
        return self._text.get(hashed)


# -- one input's part of the learning (what a worker process can do) -----------------------------

@dataclass(frozen=True)
class Reading:
    """How an input's lines are read into a sample: sent once to each worker of a parallel site pass."""

    max_prose_chars: int
    step_label: re.Pattern | None
    shape: Shape
    keep_text: bool = False
    # with near-line settings, the sample also holds the words of the lines at the post's head and tail
    near: NearLinesSection | None = None
    tail_from: float = 1.0


# packed line keys, packed shapes, with ``keep_text`` each hash with the folded text it stands for, and with
# ``Reading.near`` the lines at the post's ends (``NearLines``)
Sample = tuple[array, array, list[tuple[int, str]] | None, "NearLines | None"]


def read_head(path: str) -> str | None:
    """The first ``_MAX_READ`` bytes of a regular file, decoded; None for a FIFO, a device or an
    unreadable file, which are left to the extraction to report (it never waits for a writer here)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:  # (os.fdopen would raise for a directory)
        os.close(fd)
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(_MAX_READ)
    except OSError:
        return None
    return data.decode("utf-8", "replace")


def sites_of(paths: list[str]) -> list[str | None]:
    """The site of each input (None: not a readable regular file, so not learned from). Only the
    first 500 lines are split: a front matter block closes within them or is not one."""
    sites: list[str | None] = []
    for path in paths:
        text = read_head(path)
        sites.append(None if text is None else site_key(path, split_front_matter_lines(text.split("\n", 500))[0]))
    return sites


def samples_of(paths: list[str], reading: Reading) -> list[Sample | None]:
    """The sample of each input (None: no longer readable)."""
    samples: list[Sample | None] = []
    for path in paths:
        text = read_head(path)
        if text is None:
            samples.append(None)
            continue
        lines = text.split("\n", _MAX_LINES)[:_MAX_LINES]
        front_matter, start = split_front_matter_lines(lines)
        samples.append(_sample(lines[start:], reading, front_matter))
    return samples


def _sample(body: list[str], reading: Reading, front_matter: str = "") -> Sample:
    keys = None  # the line keys, read once for the texts and the near lines (a small site's: line_key's caches)
    if reading.keep_text or reading.near is not None:
        keys = [k for k in line_keys(body, reading.step_label, reading.shape) if k is not None]
    near = _near_lines(keys, body, reading, front_matter) if reading.near is not None else None
    if not reading.keep_text:
        return (*_packed_sample(body, reading), near)
    packed = array("Q", (_packed(k, reading.max_prose_chars) for k in keys))
    shaped = [k for k in keys if k.shape is not None]
    shapes = array("Q", (_packed(k, reading.max_prose_chars, k.shape) for k in shaped))
    texts = None
    if reading.keep_text:
        texts = [(h & ~_FLAGS, k.key) for k, h in zip(keys, packed)]
        texts += [(h & ~_FLAGS, k.shape) for k, h in zip(shaped, shapes)]
    return packed, shapes, texts, near


def _packed_sample(body: list[str], reading: Reading) -> tuple[array, array, None]:
    """``_sample`` without the texts and near lines: each line's packed key (and shape) looked up by the line's hash."""
    packed, shapes = array("Q"), array("Q")
    caches = _packed_caches(reading)
    for line, in_step in zip(body, _in_step(body)):
        if in_step is None:
            continue
        value = caches[in_step].get(hash(line), _MISSING)
        if value is _MISSING:
            value = caches[in_step].get_or(hash(line), lambda: _packed_line(line, in_step, reading))
        if value is None:
            continue
        if value.__class__ is int:
            packed.append(value)
        else:
            packed.append(value[0])
            shapes.append(value[1])
    return packed, shapes, None


def _packed_line(line: str, in_step: bool, reading: Reading) -> int | tuple[int, int] | None:
    """A line as a sample holds it: its packed key, with its packed shape when it has one; None when the
    line has no key. Not kept in ``line_key``'s caches: the learner needs only these numbers."""
    key = _line_key(line, reading.step_label, in_step, reading.shape)
    if key is None:
        return None
    if key.shape is None:
        return _packed(key, reading.max_prose_chars)
    return _packed(key, reading.max_prose_chars), _packed(key, reading.max_prose_chars, key.shape)


class NearLine(NamedTuple):
    """A prose line at one end of a post (``HEAD`` or ``TAIL``), with its words: what a near copy shares."""
    hashed: int  # the line's key_hash (flags clear)
    end: str
    words: frozenset[int]


class NearLines(NamedTuple):
    """A post's near lines, and the words of its title and headings: a line that differs from its near copy
    only by the post's own subject ("The fan should be quiet now" / "The fridge ...") is the post's text
    written from a pattern, not the site's furniture."""
    topic: frozenset[int]
    lines: tuple[NearLine, ...]


_TITLE = re.compile(r"^title\s*[:=]\s*(.+)$", re.MULTILINE | re.IGNORECASE)


def _near_lines(keys: list[LineKey], body: list[str], reading: Reading, front_matter: str = "") -> NearLines:
    """The prose lines (no numbered step, not in one) at the post's head and tail, placed as ``_site_template``
    places a line: by its index among the post's keyed lines (``keys``, ``line_keys`` of ``body`` without the
    unkeyed)."""
    near = reading.near
    head_end, tail_start = near.head_to * len(keys), reading.tail_from * len(keys)
    title = _TITLE.search(front_matter)
    topic = near_words(" ".join([title.group(1) if title else "", *(line for line in body if line.startswith("#"))]).lower())
    found = []
    for i, key in enumerate(keys):
        if key.steplike:
            continue
        end = HEAD if i < head_end else TAIL if i >= tail_start else None
        if end is not None:
            words = near_words(key.key)
            if near.min_words <= len(words) <= near.max_words:
                found.append(NearLine(key_hash(key.key), end, words))
    return NearLines(topic, tuple(found))


_NEAR_WORD = re.compile(r"\w+")


def near_words(key: str) -> frozenset[int]:
    """The words of a folded line (numbers left out: they are 0 by then), a CJK run as its two-character
    pieces, each as a stable number (``hash()`` differs between worker processes)."""
    words = set()
    for run in _NEAR_WORD.findall(key):
        if UNSPACED_CHARACTER.search(run):
            for part in UNSPACED_RUN.findall(run):
                words.update(part[i:i + 2] for i in range(max(1, len(part) - 1)))
            run = UNSPACED_RUN.sub(" ", run)
            words.update(w for w in run.split() if w.strip("0_"))
        elif run.strip("0_"):
            words.add(run)
    return frozenset(zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words)


# What a learner keeps of the lines it has read, per reading and inside a numbered item or not: the packed
# numbers alone, keyed by the line's ``hash()``. The line itself is not held, so an entry is about a third of
# a ``line_key`` cache entry (the line, its LineKey and their strings) and three times as many fit in the
# same memory; the lines recur at long distances (a site's template lines, post after post). A 64-bit hash
# stands for a line as ``key_hash`` already stands for a line's key once learned: two of a batch's lines
# sharing one (about 1 in 10^8 for a million distinct lines) would give one the other's key.
_PACKED_CACHE_SIZE = 16384
_packed_by_reading: dict[tuple, tuple[Reading, tuple[Memo, Memo]]] = {}


def _packed_caches(reading: Reading) -> tuple[Memo, Memo]:
    identity = (id(reading.step_label), id(reading.shape), reading.max_prose_chars)
    held = _packed_by_reading.get(identity)
    if held is None:  # the reading is held: its ids stay its own
        held = _packed_by_reading[identity] = (reading, (Memo(maxsize=_PACKED_CACHE_SIZE),
                                                         Memo(maxsize=_PACKED_CACHE_SIZE)))
    return held[1]


def site_template(docs: list, settings: SiteTemplateSection) -> dict[int, str]:
    """One site's template from its sample (``docs``): line hash -> where the line is boilerplate."""
    groups = _near_duplicate_groups(docs, settings)
    learned = dict(_site_template(docs, groups, settings))
    if settings.near is not None and len(docs) <= settings.near.max_docs:
        for h, sureness in _near_template(docs, groups, settings):
            learned.setdefault(h, sureness)  # a line recurring as it is keeps what that taught
    return dict(sorted(learned.items()))


def _near_template(docs: list, groups: list[int], settings: SiteTemplateSection) -> Iterator[tuple[int, str]]:
    """The near lines (``NearLine``) that have a near copy at the same end of a post of another group (in
    ``tail_min_groups`` groups in all), not only by the posts' subjects: learned as "few" lines of that end."""
    lines = [(group, near.topic, line) for (_keys, _shapes, near), group in zip(docs, groups) if near
             for line in near.lines]
    threshold = settings.near.min_similarity
    for group, topic, line in lines:
        partners = {other_group for other_group, other_topic, other in lines
                    if other_group != group and other.end == line.end
                    and len(line.words & other.words) >= threshold * len(line.words | other.words)
                    and not (line.words - other.words <= topic and other.words - line.words <= other_topic)}
        if len(partners) + 1 >= (settings.near.head_min_groups if line.end == HEAD else settings.tail_min_groups):
            yield line.hashed, NEAR + line.end


def _site_template(docs: list, groups: list[int], settings: SiteTemplateSection) -> Iterator[tuple[int, str]]:
    n_groups = len(set(groups))
    frequency: dict[int, int] = defaultdict(int)
    for keys, shapes, _near in docs:  # first only how many documents hold each line (or shape): most lines are in one
        for h in {v & ~_FLAGS for v in itertools.chain(keys, shapes)}:
            frequency[h] += 1
    fewest = min(settings.min_groups, settings.tail_min_groups)
    counts: dict[int, list] = {}  # hash -> [groups, seen, steplike, linked, long, in tail], for lines seen often enough
    for (keys, shapes, _near), group in zip(docs, groups):
        tail_from = settings.tail_from * len(keys)  # a line's place: its index among the post's keyed lines
        for i, value in enumerate(itertools.chain(keys, shapes)):
            h = value & ~_FLAGS
            if frequency[h] < fewest:
                continue
            count = counts.get(h)
            if count is None:
                count = counts[h] = [set(), 0, 0, 0, value & _LONG, 0]
            count[0].add(group)
            count[1] += 1
            count[2] += bool(value & _STEPLIKE)
            count[3] += value & _LINKED
            count[5] += tail_from <= i < len(keys)  # shapes have no place: never in the tail
    for h, (in_groups, seen, steplike, linked, long, in_tail) in counts.items():
        distinct = len(in_groups)
        if steplike > settings.max_steplike_share * seen:
            continue
        if distinct < settings.min_groups:
            if distinct < settings.tail_min_groups or in_tail < seen:
                continue
            sureness = TAIL
        else:
            sureness = None
        few = FEW if distinct < settings.content_guard.below_groups else ""
        if linked * 2 > seen:
            if distinct >= settings.min_share_linked * n_groups:
                yield h, few + (sureness or ANYWHERE)
        elif distinct >= settings.min_share * n_groups and not long:
            yield h, few + (sureness or (ANYWHERE if distinct >= settings.anywhere_share * n_groups
                                         else BESIDE_BOILERPLATE))


def _near_duplicate_groups(docs: list, settings: SiteTemplateSection) -> list[int]:
    """A group number per document; copies of one article (same lines, ads moved) share one.

    Link lines are left out of the comparison: related-post lists rotate from copy to copy, and with
    them two copies of one article would look unrelated."""
    options = SketchOptions(shingle_words=1, permutations=32, bands=8, threshold=settings.near_duplicate)
    sketches = []
    for doc, _shapes, _near in docs:
        own = {(v >> 3) & 0xFFFFFFFF for v in doc if not v & _LINKED}
        sketches.append(sketch(own, options.permutations) if own else b"")
    group = list(range(len(docs)))
    for members in similar_groups(sketches, options):
        for i in members:
            group[i] = members[0]
    return group


# -- the learned template -----------------------------------------------------------------------

@dataclass(frozen=True)
class SiteTemplates:
    """Template lines (their ``key_hash``) per site key, each with how sure the batch is (``ANYWHERE``,
    ``BESIDE_BOILERPLATE`` or ``TAIL``, with the ``FEW`` prefix when learned from few groups);
    ``everywhere`` applies to every input (a profile given by hand)."""

    by_site: dict[str, dict[int, str]] = field(default_factory=dict)  # key_hash -> sureness
    everywhere: dict[int, str] = field(default_factory=dict)

    def for_site(self, site: str) -> dict[int, str]:
        keys = self.by_site.get(site, {})
        return {**self.everywhere, **keys} if self.everywhere else keys

    def __repr__(self) -> str:  # options are part of the run identity: a changed template redoes the records
        return f"SiteTemplates({hashlib.sha1(self.dumps().encode()).hexdigest()[:12]})"

    def __bool__(self) -> bool:
        return bool(self.everywhere) or any(self.by_site.values())

    def __hash__(self) -> int:  # Options (frozen) may be hashed; the dicts inside cannot be
        return hash(self.dumps())

    def to_document(self) -> dict:
        return {"sites": self.by_site, "everywhere": self.everywhere}

    def dumps(self) -> str:
        return json.dumps(self.to_document(), ensure_ascii=False, sort_keys=True)


def learn(paths: Iterable[str], rules: Rules, *, keep_text: bool = False, mapper=map) -> SiteLearner:
    """Every path's lines, sampled per site, with the rules' thresholds and step labels
    (``SiteLearner.add_files``: ``mapper`` may spread the reading over worker processes)."""
    learner = SiteLearner(rules.site_template, rules.words.step_label, keep_text)
    learner.add_files(paths, mapper)
    return learner


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# -- files: the reviewable profile (TOML) and the copy kept with a run's state (JSON) --------------

def merged(older: SiteTemplates | None, newer: SiteTemplates | None) -> SiteTemplates | None:
    """``newer``'s sites replace ``older``'s; sites only ``older`` knows are kept (an incremental run
    of a few new posts still gets what the full run learned of their site)."""
    if not older:
        return newer or None
    if not newer:
        return older
    return SiteTemplates({**older.by_site, **newer.by_site}, {**older.everywhere, **newer.everywhere})


def load_json(path: str) -> SiteTemplates | None:
    """The templates kept beside a run state; None when there is none or it cannot be read (it is
    only a cache of what the inputs teach, so a damaged copy is relearned, never an error)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return SiteTemplates({str(site): {int(k): str(v) for k, v in keys.items()}
                              for site, keys in data["sites"].items()},
                             {int(k): str(v) for k, v in data.get("everywhere", {}).items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def to_toml(templates: SiteTemplates, text_of, *, inputs: int) -> str:
    """A rules file a person can read and edit (``extract --rules FILE`` applies it): one
    ``[[site_template.template]]`` table per site."""
    lines = [
        f"# Site template learned by `extractor profile` from {inputs:,} inputs.",
        "# Every line listed is boilerplate wherever a document's block consists of such lines only;",
        "# 'beside_boilerplate' lines only where they touch other boilerplate; 'tail' lines only in a post's",
        "# last quarter, beside other boilerplate or in its closing run; 'head' lines only before a post's first",
        "# prose or beside other boilerplate; 'few' lines (learned from few",
        "# articles) only where they do not read as the site's own content. Lines are folded as",
        "# extractor compares them: lower case, markup and link targets removed, every number written 0.",
        "# Delete a line to keep it as content; apply it to any input with: extractor extract --rules FILE",
        "",
    ]
    for site, keys in sorted(templates.by_site.items()):
        lines += ["[[site_template.template]]", f"site = {json.dumps(site, ensure_ascii=False)}"]
        for name, sureness in (("anywhere", ANYWHERE), ("beside_boilerplate", BESIDE_BOILERPLATE), ("tail", TAIL),
                               ("head", HEAD), ("few", None)):
            chosen = sorted(text_of(k) for k, v in keys.items()
                            if (plain(v) == sureness if sureness else v.startswith((FEW, NEAR)))
                            and text_of(k) is not None)
            lines.append(f"{name} = [")
            lines += [f"    {json.dumps(k, ensure_ascii=False)}," for k in chosen]
            lines.append("]")
        lines.append("")
    return "\n".join(lines)


@lru_cache(maxsize=4)
def given_templates(rules: Rules) -> SiteTemplates | None:
    """The template lines a rule file gives (``[[site_template.template]]``), for every document."""
    everywhere: dict[int, str] = {}
    for table in rules.site_template.template:
        everywhere.update((key_hash(k), TAIL) for k in table.tail)
        everywhere.update((key_hash(k), HEAD) for k in table.head)
        everywhere.update((key_hash(k), BESIDE_BOILERPLATE) for k in table.beside_boilerplate)
        everywhere.update((key_hash(k), ANYWHERE) for k in table.anywhere)
        for k in table.few:
            h = key_hash(k)
            if h in everywhere and not everywhere[h].startswith(FEW):
                everywhere[h] = FEW + everywhere[h]
    return SiteTemplates({}, everywhere) if everywhere else None
