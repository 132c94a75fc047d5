from __future__ import annotations

from project_paths import ROOT, SAMPLES, SHARED, shared_path  # noqa: F401  (re-exported for fixtures)
