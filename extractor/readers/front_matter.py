"""Split front matter (YAML ``---``, TOML ``+++``, JSON ``{...}``) from the body.

Parsing goes through python-frontmatter's handlers (YAML with the *safe* loader, so tags such as
``!!python/object/apply`` never execute); TOML uses the standard library's tomllib. A malformed or
unclosed block is a warning: the body is still extracted.
"""
from __future__ import annotations

import re
import tomllib
from typing import Any

from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler


class _TOMLHandler(BaseHandler):
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


_FENCES = (
    ("yaml", re.compile(r"\A-{3,}[ \t]*\r?\n"), re.compile(r"^-{3,}[ \t]*$|^\.{3}[ \t]*$", re.MULTILINE), YAMLHandler()),
    ("toml", re.compile(r"\A\+{3,}[ \t]*\r?\n"), re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE), _TOMLHandler()),
)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int, list[tuple[str, str, int | None]]]:
    """Return (front matter, body, body's first line number, warnings)."""
    warnings: list[tuple[str, str, int | None]] = []
    for name, opening, closing, handler in _FENCES:
        start = opening.match(text)
        if not start:
            continue
        end = closing.search(text, start.end())
        if not end:
            warnings.append(("front-matter-unclosed", f"{name} front matter opened on line 1 is never closed; read as body", 1))
            return {}, text, 1, warnings
        raw = text[start.end() : end.start()]
        body_at = end.end() + (1 if text[end.end() : end.end() + 1] == "\n" else 0)
        body_line = text.count("\n", 0, body_at) + 1
        return _load(handler, raw, name, warnings), text[body_at:], body_line, warnings
    if text.startswith("{"):
        return _json_front_matter(text, warnings)
    return {}, text, 1, warnings


def _json_front_matter(text, warnings):
    match = re.search(r"^}[ \t]*$", text, re.MULTILINE)
    if not match:
        return {}, text, 1, warnings
    body_at = match.end() + 1
    data = _load(JSONHandler(), text[: match.end()], "json", warnings)
    return data, text[body_at:], text.count("\n", 0, body_at) + 1, warnings


def _load(handler: BaseHandler, raw: str, name: str, warnings) -> dict[str, Any]:
    try:
        data = handler.load(raw)
    except Exception as exc:  # yaml/toml/json each raise their own error types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        warnings.append(("front-matter-invalid", f"{name} front matter could not be parsed: {first}", 1))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        warnings.append(("front-matter-invalid", f"{name} front matter is a {type(data).__name__}, not a mapping", 1))
        return {}
    return data
