"""extractor: turn messy how-to articles into clean, structured procedures.

    >>> from extractor import extract_text
    >>> record = extract_text("1. Press **Win+I**.\\n2. Click **Accounts**.\\n")
    >>> [step.text for step in record.procedures[0].steps]
    ['Press Win+I.', 'Click Accounts.']

The records are pydantic models (``extractor.model``); their JSON Schema is in ``schemas/``.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import ExtractorError
from .model import SCHEMA_VERSION, DocumentRecord, ErrorRecord, Procedure, Step
from .options import Options
from .pipeline import extract_bytes, extract_file, extract_or_error, extract_text

__all__ = [
    "SCHEMA_VERSION",
    "DocumentRecord",
    "ErrorRecord",
    "ExtractorError",
    "Options",
    "Procedure",
    "Step",
    "__version__",
    "extract_bytes",
    "extract_file",
    "extract_or_error",
    "extract_text",
]
