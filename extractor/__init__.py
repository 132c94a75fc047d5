"""extractor: turn messy how-to articles into clean, structured procedures.

    >>> from extractor import extract_text
    >>> record = extract_text("1. Press **Win+I**.\\n2. Click **Accounts**.\\n")
    >>> [step.text for step in record.procedures[0].steps]
    ['Press Win+I.', 'Click Accounts.']

The records are pydantic models (``extractor.model``); their JSON Schema is in ``schemas/``.
Every heuristic is data in one validated rule set: ``extract_file(path, rules=Rules.load("site.toml"))``
merges a TOML file over the packaged rules (``extractor rules`` prints them).
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import ExtractorError, RulesError
from .model import SCHEMA_VERSION, DocumentRecord, ErrorRecord, Procedure, Step
from .options import Options
from .pipeline import extract_bytes, extract_file, extract_or_error, extract_text
from .rules import Rules

__all__ = [
    "SCHEMA_VERSION",
    "DocumentRecord",
    "ErrorRecord",
    "ExtractorError",
    "Options",
    "Procedure",
    "Rules",
    "RulesError",
    "Step",
    "__version__",
    "extract_bytes",
    "extract_file",
    "extract_or_error",
    "extract_text",
]
