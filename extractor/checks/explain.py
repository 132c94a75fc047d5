"""Why each block of one article was kept or cut, and which rule made each step (``extractor rules --explain``).

The report is lines of text, for a person: every top-level block with its input lines and its
verdict (content, or boilerplate kind and rule name, with boilerplate nested inside it and inline
cuts), then every step candidate with the rule that made it one and the procedure that kept it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import document as d
from ..document import Block, Document
from ..model import DocumentRecord
from ..options import Options


@dataclass
class Explanation:
    document: Document
    record: DocumentRecord
    options: Options  # with the rules that labelled the document

    def lines(self) -> list[str]:
        rules = self.record.source.rules_digest or ""
        out = [f"{self.document.path} ({self.document.format}; rules {rules[:12]})", "", "blocks:"]
        for block in self.document.blocks:
            out.extend(_block_lines(block, depth=1))
        out += ["", "step candidates:"]
        out.extend(self._step_lines())
        out += ["", "procedures:"]
        for procedure in self.record.procedures:
            span = _span(procedure.source.line_start, procedure.source.line_end)
            out.append(f"  {span:<10} origin {procedure.origin}, {len(procedure.steps)} steps: {procedure.title!r}")
        if not self.record.procedures:
            out.append("  (none)")
        return out

    def _step_lines(self) -> list[str]:
        from ..stages.procedures import article_units
        from ..stages.units import STEP

        units = [u for u in article_units(self.document, self.rules)[2] if u.kind == STEP]
        out = []
        for unit in units:
            kept = self._procedure_holding(unit.line_start)
            verdict = f"kept in {kept!r}" if kept is not None else "not kept (no procedure of two or more steps)"
            number = "" if unit.number is None else f"step {unit.number}"
            out.append(f"  {_span(unit.line_start, unit.line_end):<10} {unit.style:<20} {number:<8} "
                       f"rule {unit.rule or '-'}; {verdict}")
        return out or ["  (none)"]

    @property
    def rules(self):
        return self.options.rules

    def _procedure_holding(self, line: int) -> str | None:
        for procedure in self.record.procedures:
            if procedure.source.line_start <= line <= procedure.source.line_end:
                return procedure.title or procedure.origin
        return None


def explain(data: bytes, path: str, options: Options) -> Explanation:
    """Extract one input and keep the labelled document beside the record. Raises ExtractorError."""
    from ..pipeline import build_record, decode_document, run_stages

    options = options.resolved()
    doc, text = decode_document(data, path, format=None, options=options)
    run_stages(doc, text, options)
    return Explanation(doc, build_record(doc, options), options)


def _span(start: int, end: int) -> str:
    return f"L{start}" if start == end else f"L{start}-{end}"


def _excerpt(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _block_lines(block: Block, depth: int) -> list[str]:
    indent = "  " * depth
    span = _span(block.line_start, block.line_end)
    if block.is_boilerplate:
        kind, rule = block.boilerplate
        verdict = f"cut: {kind} (rule {rule})"
    else:
        verdict = "content"
    text = block.text or " / ".join(b.text for b in block.walk() if b.text and not b.children)  # a list: its items
    out = [f"{indent}{span:<10} {block.kind:<10} {verdict:<44} {_excerpt(text)!r}"]
    for kind, rule, text, _ in block.cut:
        out.append(f"{indent}  inline cut: {kind} (rule {rule}) {_excerpt(text)!r}")
    if not block.is_boilerplate and block.kind in (d.LIST, d.ITEM, d.QUOTE):
        for child in block.children:
            if child.is_boilerplate or any(inner.is_boilerplate or inner.cut for inner in child.walk()):
                out.extend(_block_lines(child, depth + 1))
    return out
