"""The bounded memo (extractor/memo.py): what it remembers, for whom, and how much."""
from __future__ import annotations

from extractor.memo import MAX_OWNERS, Memo


def test_values_are_remembered_per_owner_and_two_owners_in_turn_keep_theirs():
    memo, calls = Memo(maxsize=10), []

    def compute(owner, text):
        calls.append((owner, text))
        return f"{owner}:{text}"

    english, french = object(), object()
    for _ in range(3):  # one document asks with every language's words, then with its own language's
        assert memo.for_owner(english).get_or("Open it", lambda: compute("en", "Open it")) == "en:Open it"
        assert memo.for_owner(french).get_or("Open it", lambda: compute("fr", "Open it")) == "fr:Open it"
    assert calls == [("en", "Open it"), ("fr", "Open it")]


def test_a_full_memo_forgets_its_oldest_eighth_and_owners_are_bounded():
    memo = Memo(maxsize=16)
    for number in range(17):
        memo.get_or(number, lambda: number)
    assert list(memo) == list(range(2, 17))  # 0 and 1 forgotten, the sixteen others kept
    small = Memo(maxsize=4)
    for number in range(5):
        small.get_or(number, lambda: number)
    assert list(small) == [1, 2, 3, 4]  # at least one is forgotten
    owners = [object() for _ in range(MAX_OWNERS + 1)]
    for owner in owners:
        memo.for_owner(owner).get_or("x", lambda: 1)
    assert len(memo.owners) == 1  # the ninth owner started them afresh


def test_forget_all_empties_every_memo():
    memo, owner = Memo(maxsize=4), object()
    memo.get_or("a", lambda: 1)
    memo.for_owner(owner).get_or("b", lambda: 2)
    Memo.forget_all()
    assert len(memo) == 0 and len(memo.for_owner(owner)) == 0


def test_the_owner_last_asked_for_gets_its_own_memo_back():
    memo = Memo(maxsize=8)
    first, second = object(), object()
    mine = memo.for_owner(first)
    mine["x"] = 1
    assert memo.for_owner(first) is mine  # (the fast path: the last owner)
    theirs = memo.for_owner(second)
    assert theirs is not mine and "x" not in theirs
    assert memo.for_owner(first) is mine and memo.for_owner(second) is theirs
    Memo.forget_all()
    assert not memo.for_owner(second) and not memo.for_owner(first)
