"""Find procedures (placeholder; replaced by the real finder)."""
from __future__ import annotations

from ..document import Document


def find_procedures(doc: Document) -> None:
    doc.procedures = []
