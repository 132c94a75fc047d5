"""The summary of a batch of records: what ``extractor stats`` prints and the review page charts.

Counts (articles, errors, procedures, steps, boilerplate blocks, lint findings) and distributions
(procedures per article, steps per procedure, boilerplate kinds, procedure origins, the most
frequent UI elements and shortcuts). Records that are not valid are counted as unreadable.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..model import DocumentRecord, ErrorRecord
from .lint import Finding
from .records import Loaded, parse_record

TOP = 10  # how many UI elements and shortcuts to list
# Histogram buckets: a value at or above the last bucket is counted there ("6+").
PROCEDURES_BUCKETS = (0, 1, 2, 3, 4, 5, 6)
STEPS_BUCKETS = (1, 2, 3, 4, 5, 6, 7, 8, 10, 15)


@dataclass
class Summary:
    articles: int = 0
    documents: int = 0
    errors: int = 0
    unreadable: int = 0
    procedures: int = 0
    steps: int = 0  # top-level steps
    substeps: int = 0
    boilerplate: int = 0
    without_procedures: int = 0
    with_findings: int = 0
    findings: int = 0
    procedures_per_article: dict[str, int] = field(default_factory=dict)
    steps_per_procedure: dict[str, int] = field(default_factory=dict)
    boilerplate_kinds: dict[str, int] = field(default_factory=dict)
    origins: dict[str, int] = field(default_factory=dict)
    ui_elements: list[tuple[str, int]] = field(default_factory=list)
    shortcuts: list[tuple[str, int]] = field(default_factory=list)
    finding_codes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def bucket(value: int, buckets: tuple[int, ...]) -> str:
    """The label of the bucket holding ``value``: "3", "8-9", or "15+" for the last one."""
    for low, high in zip(buckets, buckets[1:]):
        if low <= value < high:
            return str(low) if high == low + 1 else f"{low}-{high - 1}"
    return f"{buckets[-1]}+" if value >= buckets[-1] else f"<{buckets[0]}"


def _histogram(values: Counter, buckets: tuple[int, ...]) -> dict[str, int]:
    labels = [bucket(b, buckets) for b in buckets]
    counts = dict.fromkeys(labels, 0)
    for value, n in values.items():
        label = bucket(value, buckets)
        counts[label] = counts.get(label, 0) + n
    return counts


def _all_steps(steps):
    for step in steps:
        yield step
        yield from _all_steps(step.substeps)


def _count_substeps(steps) -> int:
    return sum(len(step.substeps) + _count_substeps(step.substeps) for step in steps)


class SummaryBuilder:
    """Add records one by one (each with its lint findings), then ``build()``."""

    def __init__(self) -> None:
        self.summary = Summary()
        self.per_article: Counter = Counter()
        self.per_procedure: Counter = Counter()
        self.kinds: Counter = Counter()
        self.origins: Counter = Counter()
        self.ui: Counter = Counter()
        self.keys: Counter = Counter()
        self.codes: Counter = Counter()

    def add(self, record: DocumentRecord | ErrorRecord | str, findings: list[Finding] = ()) -> None:
        s = self.summary
        s.articles += 1
        s.findings += len(findings)
        s.with_findings += bool(findings)
        self.codes.update(f.code for f in findings)
        if isinstance(record, str):
            s.unreadable += 1
            return
        if isinstance(record, ErrorRecord):
            s.errors += 1
            return
        s.documents += 1
        s.procedures += len(record.procedures)
        s.without_procedures += not record.procedures
        s.boilerplate += len(record.boilerplate)
        self.per_article[len(record.procedures)] += 1
        self.kinds.update(block.kind.value for block in record.boilerplate)
        for proc in record.procedures:
            s.steps += len(proc.steps)
            s.substeps += _count_substeps(proc.steps)
            self.per_procedure[len(proc.steps)] += 1
            self.origins[proc.origin] += 1
            for step in _all_steps(proc.steps):
                self.ui.update(step.ui_elements)
                self.keys.update(step.shortcuts)

    def build(self) -> Summary:
        s = self.summary
        s.procedures_per_article = _histogram(self.per_article, PROCEDURES_BUCKETS)
        s.steps_per_procedure = _histogram(self.per_procedure, STEPS_BUCKETS)
        s.boilerplate_kinds = dict(self.kinds.most_common())
        s.origins = dict(self.origins.most_common())
        s.ui_elements = self.ui.most_common(TOP)
        s.shortcuts = self.keys.most_common(TOP)
        s.finding_codes = dict(sorted(self.codes.items()))
        return s


def summarise(records: Iterable[Loaded], lint: bool = True) -> Summary:
    """The summary of every record read; with ``lint``, lint findings are counted too."""
    from .lint import lint_record

    builder = SummaryBuilder()
    for loaded in records:
        record = parse_record(loaded)
        builder.add(record, lint_record(loaded, record=record) if lint else [])
    return builder.build()
