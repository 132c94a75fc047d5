"""Repeated procedures: the same steps written into many articles.

A procedure is compared by its step texts only (substeps included, titles ignored: the same
"press Win+R, type devmgmt.msc, press Enter" sits under many different headings), as 3-word
shingles sketched with MinHash; near-equal procedures (estimated Jaccard >= 0.7) share a group.

Every procedure belongs to exactly one group (most to a group of one). A group says how many
articles support it two ways: ``articles`` counts distinct article paths, ``sources`` counts them
after collapsing near-duplicate articles onto their canonical record, so a post spun into a hundred
copies still counts once. The representative procedure is the one from a canonical article with
the most steps (then smallest path and position).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from ..model import DocumentRecord, Procedure, Step
from .minhash import Sketch, SketchOptions, similar_groups, text_sketch

PROCEDURE_SKETCH = SketchOptions(shingle_words=3, permutations=64, bands=16, threshold=0.7)


@dataclass(frozen=True)
class ProcedureRef:
    """A procedure by where it is: the article's ``source.path`` and its 0-based position there."""

    path: str
    position: int


@dataclass(frozen=True)
class ProcedureGroup:
    members: tuple[ProcedureRef, ...]  # representative first
    articles: int
    sources: int

    @property
    def representative(self) -> ProcedureRef:
        return self.members[0]


def step_texts(steps: Sequence[Step]) -> list[str]:
    """Every step and substep text, depth first."""
    out: list[str] = []
    for step in steps:
        out.append(step.text)
        out.extend(step_texts(step.substeps))
    return out


def procedure_text(procedure: Procedure) -> str:
    return "\n".join(step_texts(procedure.steps))


def procedure_sketch(procedure: Procedure, options: SketchOptions = PROCEDURE_SKETCH) -> Sketch:
    return text_sketch(procedure_text(procedure), options)


@dataclass(frozen=True)
class SketchedProcedure:
    ref: ProcedureRef
    sketch: Sketch
    steps: int


def group_procedures(items: Sequence[SketchedProcedure], duplicate_of: Mapping[str, str],
                     options: SketchOptions = PROCEDURE_SKETCH) -> list[ProcedureGroup]:
    """All procedures in groups, ordered by representative. ``duplicate_of`` maps duplicate articles
    to their canonical article (see ``extractor.corpus.dedupe``)."""
    grouped: set[int] = set()
    index_groups = similar_groups([item.sketch for item in items], options)
    for indexes in index_groups:
        grouped.update(indexes)
    index_groups += [[i] for i in range(len(items)) if i not in grouped]
    groups = [_group([items[i] for i in indexes], duplicate_of) for indexes in index_groups]
    return sorted(groups, key=lambda g: (g.representative.path, g.representative.position))


def _group(members: list[SketchedProcedure], duplicate_of: Mapping[str, str]) -> ProcedureGroup:
    def rank(item: SketchedProcedure):
        return (item.ref.path in duplicate_of, -item.steps, item.ref.path, item.ref.position)

    ordered = sorted(members, key=rank)
    paths = {m.ref.path for m in members}
    return ProcedureGroup(tuple(m.ref for m in ordered), len(paths), len({duplicate_of.get(p, p) for p in paths}))


@dataclass(frozen=True)
class ProcedureSummary:
    """What a report shows of a procedure: its title and top-level step texts."""

    title: str | None
    steps: tuple[str, ...]


def sketch_procedures(record: DocumentRecord, options: SketchOptions = PROCEDURE_SKETCH
                      ) -> list[tuple[SketchedProcedure, ProcedureSummary]]:
    return [(SketchedProcedure(ProcedureRef(record.source.path, i), procedure_sketch(p, options), len(p.steps)),
             ProcedureSummary(p.title, tuple(s.text for s in p.steps)))
            for i, p in enumerate(record.procedures)]


def repeated_document(groups: Sequence[ProcedureGroup], summaries: Mapping[ProcedureRef, ProcedureSummary]) -> dict:
    """The ``--procedures`` JSON: groups found in two or more articles, most sources first."""
    repeated = sorted((g for g in groups if g.articles > 1),
                      key=lambda g: (-g.sources, -g.articles, g.representative.path, g.representative.position))
    return {"procedures": [{
        "title": summaries[g.representative].title,
        "steps": list(summaries[g.representative].steps),
        "sources": g.sources,
        "articles": g.articles,
        "members": [{"path": ref.path, "position": ref.position} for ref in g.members],
    } for g in repeated]}
