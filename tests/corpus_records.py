"""Small hand-written records for the corpus tests (dedupe, store, search). The texts are our own."""
from __future__ import annotations

import json
from pathlib import Path

from extractor.model import (Boilerplate, Content, DocumentRecord, ErrorDetail, ErrorRecord, Metadata, Procedure,
                             Source, Span, Step)

GARDEN = """Raised garden beds warm up earlier in spring and drain better than flat ground, which is why so many
growers start with one. Choose a spot that gets at least six hours of sun and is close to a tap, because a bed
that is hard to water is a bed that gets neglected by July. Cedar and larch boards resist rot without treatment;
avoid old railway sleepers, which can leach oils into the soil. Fill the frame with a mix of topsoil and compost,
water it well, and let it settle for a week before planting anything delicate."""

BREAD = """A sourdough starter is only flour, water and patience. Mix equal weights of wholemeal flour and lukewarm
water in a clean jar, cover it loosely and leave it somewhere warm. Every day, discard half and feed it again with
fresh flour and water. After five to ten days the starter should double within a few hours of feeding and smell
pleasantly sour; that is the moment to bake your first loaf. Keep it in the fridge between bakes and feed it weekly."""

BIKE = """A squeaking bicycle chain wastes energy and wears the cassette early. Shift onto the smallest sprocket,
wipe the chain with a rag while turning the pedals backwards, then apply one drop of lubricant to each roller.
Leave it for a few minutes, spin the cranks, and wipe off the excess so that dust does not stick to the links.
Repeat this every few hundred kilometres, or after every wet ride in winter."""


def step(text: str, line: int, **extra) -> Step:
    return Step(text=text, markdown=text, source=Span(line_start=line, line_end=line), **extra)


def procedure(title: str | None, texts: list[str], line: int = 10, **extra) -> Procedure:
    steps = [step(t, line + i) for i, t in enumerate(texts)]
    return Procedure(title=title, origin="ordered-list", steps=steps,
                     source=Span(line_start=line, line_end=line + len(texts) - 1), **extra)


def document(path: str, title: str, body: str, *, date: str | None = None,
             procedures: list[Procedure] | None = None, boilerplate: list[Boilerplate] | None = None) -> DocumentRecord:
    return DocumentRecord(source=Source(path=path, format="markdown"), metadata=Metadata(title=title, date=date),
                          content=Content(markdown=f"# {title}\n\n{body}", text=f"{title}\n\n{body}"),
                          procedures=procedures or [], boilerplate=boilerplate or [])


def error(path: str) -> ErrorRecord:
    return ErrorRecord(source=Source(path=path), error=ErrorDetail(stage="read", reason="unreadable", type="ReadError"))


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
