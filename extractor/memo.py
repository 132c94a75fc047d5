"""A bounded memo for pure functions of recurring inputs (template lines, repeated blocks).

``functools.lru_cache`` fits functions of hashable arguments; this fits the places where the key is
built by hand (a block's kind, text and markup) or where remembered values belong to one rule set.
When full it forgets the oldest eighth of what it holds (first remembered, first forgotten): cheaper
per call than tracking recency, it keeps what the last documents brought (a site's template blocks
come back in its next post), and memory stays bounded however many documents a batch has. An eighth
rather than a half: the same work per remembered value, the same peak size, but a memo holds 15/16
of its size on average instead of 3/4 (over 1,500 corpus posts, 4 to 30 % fewer misses per memo).
Sizes are a thousand or two entries for text keys: a site's recurring blocks are a few thousand, and
with four times as many the memos alone grew peak RSS by 15 % from 1,000 to 6,248 posts (the bar in
``benchmarks/parallel_bench.py`` is 10 %). Imports nothing of ours.
"""
from __future__ import annotations

import weakref
from itertools import islice
from typing import Callable, Hashable, TypeVar

V = TypeVar("V")
# What ``memo.get(key, MISSING)`` gives for a key not remembered. The hottest callers look a key up that
# way first and call ``get_or`` only on a miss: a hit then builds no closure and makes no method call
# (about 0.25 instead of 0.47 us).
MISSING = _MISSING = object()


class Memo(dict):
    """``memo.get_or(key, compute)``: the remembered value for ``key``, else ``compute()`` remembered.
    ``for_owner(rules)``: the memo of values computed for one rule set."""

    def __init__(self, *, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize
        self.owners: dict[int, tuple[object, Memo]] = {}
        self._last: tuple[object, Memo] | None = None  # the owner last asked for, and its memo
        _every[:] = [ref for ref in _every if ref() is not None]
        _every.append(weakref.ref(self))

    @staticmethod
    def forget_all() -> None:
        """Empty every memo: a benchmark's rounds each start cold, as a batch that reads every input once."""
        for ref in _every:
            memo = ref()
            if memo is not None:
                memo.clear()

    def get_or(self, key: Hashable, compute: Callable[[], V]) -> V:
        value = self.get(key, _MISSING)  # not try/except: a miss is common, and raising costs more
        if value is not _MISSING:
            return value
        if len(self) >= self.maxsize:
            for old in list(islice(self, max(1, len(self) // 8))):  # dicts keep insertion order
                del self[old]
        value = self[key] = compute()
        return value

    def for_owner(self, owner: object) -> Memo:
        """The memo of the values computed for ``owner`` (a rule set), as bounded as this one. A run has
        few owners (every language's step words, the words of each article language met), and one
        document asks for several in turn: up to ``MAX_OWNERS`` are kept, another one starts afresh.
        Owners are held, so an id is never taken for another owner's. The owner last asked for is answered
        first (a document's stages ask for the same rule set's memo about 200 times)."""
        entry = self._last
        if entry is not None and entry[0] is owner:
            return entry[1]
        entry = self.owners.get(id(owner))
        if entry is None or entry[0] is not owner:
            if len(self.owners) >= MAX_OWNERS:
                self.owners.clear()
            entry = self.owners[id(owner)] = (owner, Memo(maxsize=self.maxsize))
        self._last = entry
        return entry[1]


MAX_OWNERS = 8
_every: list[weakref.ref[Memo]] = []  # a few module-level memos, and one per furniture plan
