"""Score records against WCXB ground truth (the web content extraction benchmark's format).

A WCXB gold directory holds one ``NNNN.json`` per page::

    {"url": "...", "file_id": "0123",
     "ground_truth": {"title": "...", "main_content": "the page's main text",
                      "with": ["snippets that must appear"], "without": ["boilerplate that must not"]},
     "_internal": {"page_type": {"primary": "article" | "forum" | "listing" | ...}}}

Records are matched to gold by the leading digits of ``source.path``'s file name (``0123.html.gz``
-> ``0123``). Per page: word precision, recall and F1 of ``content.text`` against ``main_content``
(lower-cased ``\\w+`` tokens, counted as a multiset), the share of ``with`` snippets found and of
``without`` snippets found (case and runs of white space ignored); the figures are means over pages,
overall and per page type (``category`` counts as ``collection``). A page with no record, or an error
record, scores 0 -- as the benchmark's own ``evaluate.py`` and ``../shared/eval/wcxb_score.py`` do.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .records import Loaded

_TOKEN = re.compile(r"\w+")
_LEADING_DIGITS = re.compile(r"\d+")
METRICS = ("pages", "missing", "f1", "precision", "recall", "with_found", "without_leaked")


def is_wcxb_gold(directory: str) -> bool:
    """The first ``*.json`` of ``directory`` (sorted) is a WCXB ground-truth file."""
    try:
        names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
        with open(os.path.join(directory, names[0]), encoding="utf-8") as fh:
            return isinstance(json.load(fh).get("ground_truth"), dict)
    except (OSError, IndexError, UnicodeDecodeError, ValueError, AttributeError):
        return False


def tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def word_prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Word precision, recall and F1; an empty truth is matched only by an empty prediction."""
    got, gold = Counter(tokens(predicted)), Counter(tokens(truth))
    if not gold:
        return (1.0, 1.0, 1.0) if not got else (0.0, 0.0, 0.0)
    if not got:
        return 0.0, 0.0, 0.0
    overlap = sum((got & gold).values())
    precision, recall = overlap / sum(got.values()), overlap / sum(gold.values())
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def _squashed(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class WcxbPage:
    key: str
    page_type: str
    main_content: str
    with_: list[str]
    without: list[str]


@dataclass
class WcxbPageScore:
    key: str
    page_type: str
    precision: float
    recall: float
    f1: float
    with_found: float
    without_leaked: float


@dataclass
class WcxbGold:
    pages: list[WcxbPage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _page_type(data: dict) -> str:
    kind = (data.get("_internal") or {}).get("page_type") or {}
    kind = kind.get("primary", "article") if isinstance(kind, dict) else (kind or "article")
    return "collection" if kind == "category" else str(kind)


def load_wcxb_gold(directory: str) -> WcxbGold:
    gold = WcxbGold()
    for name in sorted(n for n in os.listdir(directory) if n.endswith(".json")):
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            truth = data["ground_truth"]
            gold.pages.append(WcxbPage(name[:-5], _page_type(data), truth.get("main_content") or "",
                                       list(truth.get("with") or []), list(truth.get("without") or [])))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
            gold.problems.append(f"{path}: not a WCXB ground-truth file: {exc}")
    return gold


def _record_key(loaded: Loaded) -> str | None:
    match = _LEADING_DIGITS.match(os.path.basename(loaded.source_path))
    return match.group(0) if match else None


def score_page(page: WcxbPage, text: str) -> WcxbPageScore:
    precision, recall, f1 = word_prf(text, page.main_content)
    low = _squashed(text)
    found = sum(_squashed(s) in low for s in page.with_) / len(page.with_) if page.with_ else 1.0
    leaked = sum(_squashed(s) in low for s in page.without) / len(page.without) if page.without else 0.0
    return WcxbPageScore(page.key, page.page_type, precision, recall, f1, found, leaked)


def _means(scores: list[WcxbPageScore]) -> dict[str, float]:
    if not scores:
        return {name: 0.0 for name in METRICS[2:]}
    return {name: round(sum(getattr(s, name) for s in scores) / len(scores), 4) for name in METRICS[2:]}


@dataclass
class WcxbReport:
    metrics: dict  # pages, missing, f1, precision, recall, with_found, without_leaked, by_type
    pages: list[WcxbPageScore]
    problems: list[str]

    def below(self, floors: dict[str, float]) -> list[str]:
        failed = []
        for key, bar in floors.items():
            got = self.metrics.get(key)
            if got is not None and ((got > bar) if key == "without_leaked" else (got < bar)):
                failed.append(f"{key}={got} (bar {bar})")
        return failed


def _text(record: dict) -> str:
    """``content.text`` of a document record; an error record has none."""
    content = record.get("content") if record.get("kind", "document") == "document" else None
    return (content.get("text") or "") if isinstance(content, dict) else ""


def evaluate_wcxb(gold: WcxbGold, records: Iterable[Loaded]) -> WcxbReport:
    """Score every gold page; pages without a document record score 0."""
    texts: dict[str, str] = {}
    for loaded in records:
        key = _record_key(loaded) if isinstance(loaded.data, dict) else None
        if key is not None:
            texts[key] = _text(loaded.data)
    scores = [score_page(page, texts.get(page.key, "")) for page in gold.pages]
    by_type: dict[str, list[WcxbPageScore]] = {}
    for score in scores:
        by_type.setdefault(score.page_type, []).append(score)
    metrics: dict = {"pages": len(scores), "missing": sum(1 for p in gold.pages if p.key not in texts)}
    metrics.update(_means(scores))
    metrics["by_type"] = {kind: {"pages": len(rows), **_means(rows)} for kind, rows in sorted(by_type.items())}
    return WcxbReport(metrics, scores, list(gold.problems))
