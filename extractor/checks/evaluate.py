"""Score records against hand-checked gold: the scorer of ``../shared/eval`` as part of the product.

Gold is one JSON file per article (the format is in the README, "Checking the output")::

    {"source": "file-name.md", "title": "..." | null,
     "procedures": [{"title": "...", "steps": ["text", {"text": "...", "substeps": [...]}]}],
     "boilerplate": ["snippets that must not appear in content or steps"],
     "content": ["snippets of prose that must appear in content.text"]}

Records are matched to gold by the file name of ``source.path`` (case-insensitive). The figures
follow ``../shared/eval/score.py`` exactly (a test compares the two on the same output):

* steps are compared as normalised text (NFKC, lower case, markup and punctuation removed), all
  substeps flattened into their procedure; a gold and an output step match one-to-one when their
  similarity is at least 0.8, best pairs first;
* a gold procedure is *found* when one output procedure holds at least half of its steps and at
  least half of that output procedure's steps are its; *exact* when that output procedure holds
  all of its steps, in order, and nothing else. An output procedure is *correct* when at least
  half of its steps match steps of one gold procedure;
* step order is the share of consecutive matched gold steps whose output steps keep their order;
* boilerplate leak is the share of gold boilerplate snippets found in ``content.text`` or in a step;
  content kept the share of gold content snippets found in ``content.text``; title accuracy
  compares ``metadata.title`` with the gold title after normalising.

Works on plain JSON (not the models), so records from older or other producers score too.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

from .records import Loaded

STEP_MATCH = 0.8  # similarity at which two step texts are the same step
CONTAINED_FLOOR = 0.9  # a step text inside the other (at least half its length) is at least this similar
METRICS = ("docs", "missing_docs", "step_precision", "step_recall", "step_f1", "procedure_precision",
           "procedure_recall", "procedure_f1", "procedure_exact", "step_order", "boilerplate_leak",
           "content_kept", "title_accuracy")
LOWER_IS_BETTER = {"boilerplate_leak"}

# What normalising removes before texts are compared, in order.
_NORMALISE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),  # Markdown images
    (re.compile(r"\]\([^)]*\)"), " "),  # Markdown link targets
    (re.compile(r"</?[a-z!][^<>]{0,500}>"), " "),  # stray tags
    (re.compile(r"[^\w\s]|_"), " "),  # punctuation
)


def normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    for pattern, replacement in _NORMALISE:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """0..1 for two normalised texts; one inside the other (at least half as long) scores 0.9 or more."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    shorter, longer = sorted((a, b), key=len)
    if shorter in longer and len(shorter) / len(longer) >= 0.5:
        return max(CONTAINED_FLOOR, ratio)
    return ratio


def _bounded_similarity(matcher: difflib.SequenceMatcher, a: str, b: str) -> float:
    """similarity(a, b) when it can reach STEP_MATCH, else some value below it."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    contained = shorter in longer and len(shorter) / len(longer) >= 0.5
    matcher.set_seq1(a)
    if not contained and (matcher.real_quick_ratio() < STEP_MATCH or matcher.quick_ratio() < STEP_MATCH):
        return 0.0
    ratio = matcher.ratio()
    return max(CONTAINED_FLOOR, ratio) if contained else ratio


@dataclass(frozen=True)
class FlatStep:
    procedure: int  # index of the procedure it belongs to
    text: str  # normalised
    raw: str


def flatten(steps: Any, procedure: int, out: list[FlatStep]) -> list[FlatStep]:
    """Steps and, after each, its substeps (``substeps`` or ``steps``), depth first."""
    for step in steps or []:
        if isinstance(step, str):
            out.append(FlatStep(procedure, normalise(step), step))
            continue
        raw = step.get("text") or step.get("markdown") or ""
        out.append(FlatStep(procedure, normalise(raw), raw))
        flatten(step.get("substeps") or step.get("steps"), procedure, out)
    return out


def procedure_steps(procedures: list) -> list[FlatStep]:
    out: list[FlatStep] = []
    for index, proc in enumerate(procedures):
        flatten(proc.get("steps"), index, out)
    return out


def match_steps(gold: list[FlatStep], pred: list[FlatStep]) -> tuple[dict[int, int], dict[int, int]]:
    """One-to-one matching, most similar pairs first (ties: later gold step, then later output step)."""
    pairs = []
    for pi, p in enumerate(pred):
        # One matcher per output step (difflib caches its second sequence); the cheap upper bounds
        # skip pairs that cannot reach STEP_MATCH, which gives the same pairs as similarity() ten
        # times faster.
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(p.text)
        for gi, g in enumerate(gold):
            score = _bounded_similarity(matcher, g.text, p.text)
            if score >= STEP_MATCH:
                pairs.append((score, gi, pi))
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in gold_to_pred and pi not in pred_to_gold:
            gold_to_pred[gi], pred_to_gold[pi] = pi, gi
    return gold_to_pred, pred_to_gold


@dataclass(frozen=True)
class Note:
    """One thing ``--verbose`` lists: a miss, an extra, a leak, a loss."""

    doc: str
    kind: str  # missing-record, missed-step, extra-step, procedure-missed, procedure-inexact,
    #            procedure-extra, boilerplate-leaked, content-lost, title-wrong
    text: str


@dataclass
class Tally:
    docs: int = 0
    missing_docs: int = 0
    step_tp: int = 0
    step_fp: int = 0
    step_fn: int = 0
    proc_gold: int = 0
    proc_found: int = 0
    proc_exact: int = 0
    proc_pred: int = 0
    proc_pred_ok: int = 0
    order_pairs: int = 0
    order_ok: int = 0
    leaks: int = 0
    leak_checks: int = 0
    kept: int = 0
    keep_checks: int = 0
    titles_ok: int = 0
    titles: int = 0

    def metrics(self) -> dict[str, float | int]:
        precision = _share(self.step_tp, self.step_tp + self.step_fp)
        recall = _share(self.step_tp, self.step_tp + self.step_fn)
        proc_precision = _share(self.proc_pred_ok, self.proc_pred)
        proc_recall = _share(self.proc_found, self.proc_gold)
        return {
            "docs": self.docs,
            "missing_docs": self.missing_docs,
            "step_precision": round(precision, 4),
            "step_recall": round(recall, 4),
            "step_f1": round(_f1(precision, recall), 4),
            "procedure_precision": round(proc_precision, 4),
            "procedure_recall": round(proc_recall, 4),
            "procedure_f1": round(_f1(proc_precision, proc_recall), 4),
            "procedure_exact": round(_share(self.proc_exact, self.proc_gold), 4),
            "step_order": round(_share(self.order_ok, self.order_pairs), 4),
            "boilerplate_leak": round(self.leaks / self.leak_checks, 4) if self.leak_checks else 0.0,
            "content_kept": round(_share(self.kept, self.keep_checks), 4),
            "title_accuracy": round(_share(self.titles_ok, self.titles), 4),
        }


def _share(part: int, whole: int) -> float:
    """part/whole; nothing to check counts as perfect."""
    return part / whole if whole else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --- one document ----------------------------------------------------------------------------------

@dataclass
class _Doc:
    name: str
    gold: dict
    record: dict
    tally: Tally
    notes: list[Note]

    def note(self, kind: str, text: str) -> None:
        self.notes.append(Note(self.name, kind, text))


def score_document(gold: dict, record: dict | None, tally: Tally, notes: list[Note]) -> None:
    """Add one gold document's figures to ``tally`` and its misses and extras to ``notes``."""
    gold_procs = gold.get("procedures", [])
    gold_steps = procedure_steps(gold_procs)
    tally.docs += 1
    tally.proc_gold += len(gold_procs)
    if record is None:
        _score_missing(gold, gold_steps, tally, notes)
        return
    doc = _Doc(gold["source"], gold, record, tally, notes)
    pred_procs = record.get("procedures") or []
    pred_steps = procedure_steps(pred_procs)
    gold_to_pred, pred_to_gold = match_steps(gold_steps, pred_steps)
    tally.step_tp += len(gold_to_pred)
    tally.step_fn += len(gold_steps) - len(gold_to_pred)
    tally.step_fp += len(pred_steps) - len(pred_to_gold)
    _score_order(gold_steps, gold_to_pred, tally)
    _score_gold_procedures(doc, gold_steps, pred_steps, gold_to_pred)
    _score_output_procedures(doc, pred_procs, gold_steps, pred_steps, pred_to_gold)
    doc.notes.extend(Note(doc.name, "missed-step", s.raw[:100]) for i, s in enumerate(gold_steps) if i not in gold_to_pred)
    doc.notes.extend(Note(doc.name, "extra-step", s.raw[:100]) for i, s in enumerate(pred_steps) if i not in pred_to_gold)
    _score_text(doc, pred_steps)


def _score_missing(gold: dict, gold_steps: list[FlatStep], tally: Tally, notes: list[Note]) -> None:
    tally.missing_docs += 1
    tally.step_fn += len(gold_steps)
    tally.leak_checks += len(gold.get("boilerplate", []))
    tally.leaks += len(gold.get("boilerplate", []))  # no output: nothing shows it was cleaned
    tally.keep_checks += len(gold.get("content", []))
    tally.titles += 1 if gold.get("title") else 0
    notes.append(Note(gold["source"], "missing-record", "no output record"))


def _score_order(gold_steps: list[FlatStep], gold_to_pred: dict[int, int], tally: Tally) -> None:
    matched = [gold_to_pred[gi] for gi in range(len(gold_steps)) if gi in gold_to_pred]
    for before, after in zip(matched, matched[1:]):
        tally.order_pairs += 1
        tally.order_ok += before < after


def _score_gold_procedures(doc: _Doc, gold_steps, pred_steps, gold_to_pred) -> None:
    for gp, proc in enumerate(doc.gold.get("procedures", [])):
        members = [gi for gi, step in enumerate(gold_steps) if step.procedure == gp]
        if not members:
            continue
        votes = _votes(pred_steps[gold_to_pred[gi]].procedure for gi in members if gi in gold_to_pred)
        best = max(votes, key=votes.get) if votes else None
        hits = votes.get(best, 0)
        best_size = sum(1 for step in pred_steps if step.procedure == best)
        if best is None or hits / len(members) < 0.5 or hits / max(best_size, 1) < 0.5:
            doc.note("procedure-missed", f"procedure {gp + 1} ({proc.get('title')!r}) not found")
            continue
        doc.tally.proc_found += 1
        order = [gold_to_pred[gi] for gi in members if gi in gold_to_pred]
        if hits == len(members) == best_size and order == sorted(order):
            doc.tally.proc_exact += 1
        else:
            doc.note("procedure-inexact", f"procedure {gp + 1} found but not exact "
                     f"({hits}/{len(members)} gold steps, {best_size} output steps)")


def _score_output_procedures(doc: _Doc, pred_procs, gold_steps, pred_steps, pred_to_gold) -> None:
    for pp, proc in enumerate(pred_procs):
        members = [pi for pi, step in enumerate(pred_steps) if step.procedure == pp]
        doc.tally.proc_pred += 1
        if not members:
            continue
        votes = _votes(gold_steps[pred_to_gold[pi]].procedure for pi in members if pi in pred_to_gold)
        if votes and max(votes.values()) / len(members) >= 0.5:
            doc.tally.proc_pred_ok += 1
        else:
            doc.note("procedure-extra", f"output procedure {pp + 1} ({proc.get('title')!r}) matches no gold procedure")


def _votes(procedures: Iterable[int]) -> dict[int, int]:
    votes: dict[int, int] = {}
    for proc in procedures:  # insertion order matters: max() keeps the first of equal counts
        votes[proc] = votes.get(proc, 0) + 1
    return votes


def _score_text(doc: _Doc, pred_steps: list[FlatStep]) -> None:
    content = normalise(content_text(doc.record))
    haystack = content + " \n " + " \n ".join(step.text for step in pred_steps)
    for snippet in doc.gold.get("boilerplate", []):
        doc.tally.leak_checks += 1
        wanted = normalise(snippet)
        if wanted and wanted in haystack:
            doc.tally.leaks += 1
            doc.note("boilerplate-leaked", snippet[:80])
    for snippet in doc.gold.get("content", []):
        doc.tally.keep_checks += 1
        if normalise(snippet) in content:
            doc.tally.kept += 1
        else:
            doc.note("content-lost", snippet[:80])
    if doc.gold.get("title"):
        doc.tally.titles += 1
        title = (doc.record.get("metadata") or {}).get("title") or ""
        if normalise(title) == normalise(doc.gold["title"]):
            doc.tally.titles_ok += 1
        else:
            doc.note("title-wrong", f"{title!r} != {doc.gold['title']!r}")


def content_text(record: dict) -> str:
    content = record.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("text") or content.get("markdown") or ""
    return ""


# --- a whole gold set -------------------------------------------------------------------------------

def doc_key(path: Any) -> str:
    return os.path.basename(str(path)).lower()


def index_records(records: Iterable[Loaded]) -> dict[str, dict]:
    """Records by the file name of their source; a later record for the same name wins."""
    by_key: dict[str, dict] = {}
    for loaded in records:
        data = loaded.data
        if not isinstance(data, dict):
            continue
        source = data.get("source")
        path = (source.get("path") or source.get("url")) if isinstance(source, dict) else source
        if path:
            by_key[doc_key(path)] = data
    return by_key


@dataclass
class GoldSet:
    documents: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # gold files that could not be used, and why


def load_gold(directory: str) -> GoldSet:
    """Every ``*.json`` in ``directory`` (sorted by name); unreadable files become problems."""
    gold = GoldSet()
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        gold.problems.append(f"{directory}: cannot list: {exc.strerror or exc}")
        return gold
    for name in names:
        if not name.endswith(".json"):
            continue
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            gold.problems.append(f"{path}: not readable JSON: {exc}")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("source"), str):
            gold.problems.append(f"{path}: a gold file needs a \"source\" file name")
            continue
        gold.documents.append(data)
    return gold


@dataclass
class EvalReport:
    metrics: dict[str, float | int]
    notes: list[Note]
    problems: list[str]

    def below(self, floors: dict[str, float]) -> list[str]:
        """The metrics that miss their floor (for boilerplate_leak: exceed its ceiling)."""
        failed = []
        for key, bar in floors.items():
            got = self.metrics[key]
            if (got > bar) if key in LOWER_IS_BETTER else (got < bar):
                failed.append(f"{key}={got} (bar {bar})")
        return failed


def evaluate(gold: GoldSet, records: Iterable[Loaded]) -> EvalReport:
    predictions = index_records(records)
    tally, notes = Tally(), []
    for document in gold.documents:
        score_document(document, predictions.get(doc_key(document["source"])), tally, notes)
    return EvalReport(tally.metrics(), notes, list(gold.problems))
