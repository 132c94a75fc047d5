"""One frozen options object passed down the pipeline (after black's ``Mode``)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    # Largest input accepted, in bytes; bigger files become error records.
    max_bytes: int = 64 * 1024 * 1024
    # Wall-clock seconds one document may take in a batch run (0 = no limit).
    timeout: float = 60.0
    # URL inputs: an extractor.fetch.policy.FetchOptions (None = its polite defaults; see extractor/inputs.py).
    fetch: object | None = None
    # What a batch learned of each site's template (extractor.corpus.template.SiteTemplates); None for
    # a single document. Its repr is a digest of the keys, so it joins the run identity.
    site_templates: object | None = None


DEFAULT_OPTIONS = Options()
