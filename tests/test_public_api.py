"""The public API is pinned: changing it is a deliberate act (after httpx's test_exported_members)."""
from __future__ import annotations

import extractor


def test_exported_members():
    assert sorted(extractor.__all__) == sorted([
        "SCHEMA_VERSION", "DocumentRecord", "ErrorRecord", "ExtractorError", "Options", "Procedure", "Rules",
        "RulesError", "Step",
        "__version__", "extract_bytes", "extract_file", "extract_or_error", "extract_text",
    ])
    for name in extractor.__all__:
        assert hasattr(extractor, name)
