"""One frozen options object passed down the pipeline (after black's ``Mode``)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .rules import Rules, default_rules


@dataclass(frozen=True)
class Options:
    # Largest input accepted, in bytes; bigger files become error records.
    max_bytes: int = 64 * 1024 * 1024
    # Wall-clock seconds one document may take in a batch run (0 = no limit).
    timeout: float = 60.0
    # URL inputs: an extractor.fetch.policy.FetchOptions (None = its polite defaults; see extractor/inputs.py).
    fetch: object | None = None
    # Read every input as this format ("markdown" or "html") instead of going by suffix and content.
    input_format: str | None = None
    # The rule set (extractor.rules). None means the packaged rules: they are loaded on first use,
    # not when this module is imported, so a broken rule file is reported by the command that needs
    # it (exit 2) rather than by ``import extractor``. Not in repr: the run state keys on its digest.
    rules: Rules | None = field(default=None, repr=False)
    # What a batch learned of each site's template (extractor.corpus.template.SiteTemplates); None for
    # a single document. Its repr is a digest of the lines, so it joins the run identity.
    site_templates: object | None = None

    def resolved(self) -> Options:
        """These options with ``rules`` filled in (the packaged rules when none were given)."""
        return self if self.rules is not None else replace(self, rules=default_rules())


DEFAULT_OPTIONS = Options()
