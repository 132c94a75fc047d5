"""Emoji shortcodes as the emoji they show (names in ``data/emoji.toml``).

GitHub, GitLab and the site generators that read GitHub's Markdown render ":rocket:" as 🚀: a heading written
":rocket: Run locally" shows "🚀 Run locally", and a title or step text that kept ":rocket:" would carry words no
reader sees. A name the table does not know stays as written, as the renderers leave it.
"""
from __future__ import annotations

import re

from ..data import load_toml

SHORTCODES: dict[str, str] = load_toml("emoji.toml")["shortcodes"]

# ":name:" standing alone: not inside a word, a time ("10:30:00"), a path or a URL, nor a run of colons ("::")
_SHORTCODE = re.compile(r"(?<![\w:/]):([a-z0-9_+-]{1,40}):(?![\w:/])")


def shown(text: str) -> str:
    """``text`` with every known shortcode replaced by its emoji."""
    if ":" not in text:
        return text
    return _SHORTCODE.sub(lambda m: SHORTCODES.get(m.group(1), m.group(0)), text)
