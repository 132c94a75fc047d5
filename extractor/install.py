"""How to install an optional extra, in a command that works for this installation.

The distribution is called ``extractor`` in this project's ``pyproject.toml``, but on the public
package index that name belongs to an unrelated project, so ``pip install 'extractor[web]'`` would
fetch the wrong thing. The hint therefore points at where this copy was installed from: the source
checkout (pip records it in ``direct_url.json``), else the checkout the package sits in.
"""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

DISTRIBUTION = "extractor"


def install_hint(extra: str) -> str:
    """``pip install -e '/path/to/checkout[web]'`` (or without -e for a non-editable install)."""
    source, editable = _installed_from()
    pip = f"{Path(sys.executable).as_posix()} -m pip install"
    if source is None:
        return f"{pip} '<extractor source checkout>[{extra}]' (from the project's git repository)"
    return f"{pip} {'-e ' if editable else ''}'{source}[{extra}]'"


@lru_cache(maxsize=1)
def _installed_from() -> tuple[str | None, bool]:
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        text = distribution(DISTRIBUTION).read_text("direct_url.json")
    except (ImportError, PackageNotFoundError, OSError):
        text = None
    if text:
        info = json.loads(text)
        url = urlparse(info.get("url", ""))
        if url.scheme == "file":
            return unquote(url.path), bool(info.get("dir_info", {}).get("editable"))
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file():
        return checkout.as_posix(), True
    return None, False
