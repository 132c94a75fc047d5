"""Near-duplicate search without comparing all pairs: word shingles, MinHash sketches, LSH bands.

The sketch is *one-permutation* MinHash (Li, Owen & Zhang 2012, densified as in Shrivastava 2017):
every shingle is hashed once, its hash picks one of ``permutations`` bins, and each bin keeps its
smallest value. That costs one hash per shingle instead of one per shingle *per permutation*, so a
pure-Python sketch of a 6,000-article corpus takes seconds and needs no numpy.

Candidates are pairs that agree on every row of at least one band (``bands`` x ``rows`` =
``permutations``); each candidate is then verified against ``threshold`` with the Jaccard
similarity estimated from the whole sketch. Similar items are joined transitively (union-find),
so a group is a connected component of verified pairs.
"""
from __future__ import annotations

import re
import struct
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

_WORD = re.compile(r"\w+", re.UNICODE)
_EMPTY = 1 << 40  # larger than any stored value (hash >> bin bits is < 2**32)
Sketch = bytes  # MinHash bins as little-endian uint64s; b"" for a text without words


@dataclass(frozen=True)
class SketchOptions:
    """How texts are compared. ``permutations`` must be a power of two and a multiple of ``bands``."""

    shingle_words: int = 3
    permutations: int = 128
    bands: int = 32
    threshold: float = 0.7

    def __post_init__(self):
        if self.permutations < 2 or self.permutations & (self.permutations - 1) or self.permutations % self.bands:
            raise ValueError(f"permutations must be a power of two divisible by bands, "
                             f"not {self.permutations}/{self.bands}")
        if not 0.0 < self.threshold <= 1.0 or self.shingle_words < 1:
            raise ValueError("threshold must be in (0, 1] and shingle_words at least 1")

    @property
    def rows(self) -> int:
        return self.permutations // self.bands


def words(text: str) -> list[str]:
    """Lower-cased word tokens; punctuation, markup and spacing differences disappear."""
    return _WORD.findall(text.lower())


def shingle_hashes(tokens: Sequence[str], size: int) -> set[int]:
    """32-bit hashes (CRC-32: stable across processes, unlike ``hash()``) of every ``size``-word window.

    A text shorter than one window is hashed whole, so short texts still get a sketch.
    """
    if len(tokens) <= size:
        return {zlib.crc32(" ".join(tokens).encode())} if tokens else set()
    joined = [t.encode() for t in tokens]
    return {zlib.crc32(b" ".join(joined[i:i + size])) for i in range(len(joined) - size + 1)}


def sketch(hashes: Iterable[int], permutations: int) -> Sketch:
    """One-permutation MinHash of a set of 32-bit hashes; empty bins borrow from the next full bin.

    Packed as little-endian uint64s (1 KB for 128 bins, against ~5 KB as a tuple of ints), so a large
    corpus' sketches fit in memory and go into the store as they are."""
    bits = permutations.bit_length() - 1
    mask = permutations - 1
    bins = [_EMPTY] * permutations
    for h in hashes:
        b = h & mask
        v = h >> bits
        if v < bins[b]:
            bins[b] = v
    if _EMPTY in bins and any(v != _EMPTY for v in bins):
        bins = _densify(bins)
    return struct.pack(f"<{permutations}Q", *bins)


def _densify(bins: list[int]) -> list[int]:
    """Fill each empty bin from the nearest full bin to its right (circularly), offset by the distance,
    so two texts that share the same full bins fill their empty ones identically."""
    n = len(bins)
    out = list(bins)
    for i, v in enumerate(bins):
        if v != _EMPTY:
            continue
        step = 1
        while bins[(i + step) % n] == _EMPTY:
            step += 1
        out[i] = bins[(i + step) % n] + (step << 33)
    return out


def similarity(a: Sketch, b: Sketch) -> float:
    """Estimated Jaccard similarity of the two sets behind two sketches (0 when either is empty)."""
    if not a or not b:
        return 0.0
    x, y = memoryview(a).cast("Q"), memoryview(b).cast("Q")
    return sum(1 for u, v in zip(x, y) if u == v) / len(x)


def band_buckets(sketches: Sequence[Sketch], options: SketchOptions) -> Iterator[list[int]]:
    """For each band, every bucket of two or more indexes whose sketches agree on all its rows.
    Empty sketches are never bucketed."""
    width = options.rows * 8  # bytes per band
    for band in range(options.bands):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        lo, hi = band * width, band * width + width
        for i, sig in enumerate(sketches):
            if sig:
                buckets[sig[lo:hi]].append(i)
        yield from (members for members in buckets.values() if len(members) > 1)


def candidate_pairs(sketches: Sequence[Sketch], options: SketchOptions) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share at least one whole band."""
    return {(i, j) for members in band_buckets(sketches, options)
            for x, i in enumerate(members) for j in members[x + 1:]}


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def similar_groups(sketches: Sequence[Sketch], options: SketchOptions) -> list[list[int]]:
    """Groups (two or more indexes, ascending; groups ordered by first index) of similar sketches.

    Identical sketches (spun copies) are merged before banding, so a text copied a hundred times costs
    one bucket entry, not five thousand candidate pairs; each candidate is verified only while its two
    sides are still in different groups."""
    unique: dict[Sketch, int] = {}
    slot = [unique.setdefault(sig, len(unique)) if sig else -1 for sig in sketches]
    distinct = list(unique)
    uf = _UnionFind(len(distinct))
    for members in band_buckets(distinct, options):
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if uf.find(i) != uf.find(j) and similarity(distinct[i], distinct[j]) >= options.threshold:
                    uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(slot):
        if s >= 0:
            groups[uf.find(s)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def text_sketch(text: str, options: SketchOptions = SketchOptions()) -> Sketch:
    """The sketch of a text; empty (never similar to anything) when it has no words."""
    hashes = shingle_hashes(words(text), options.shingle_words)
    return sketch(hashes, options.permutations) if hashes else b""


__all__ = ["Sketch", "SketchOptions", "words", "shingle_hashes", "sketch", "text_sketch", "similarity", "band_buckets",
           "candidate_pairs", "similar_groups"]
