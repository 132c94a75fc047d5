"""Split front matter (YAML ``---``, TOML ``+++``, JSON ``{...}``, a Pelican/MultiMarkdown header) from the body.

Parsing goes through python-frontmatter's handlers (YAML with the *safe* loader, so tags such as
``!!python/object/apply`` never execute); TOML uses the standard library's tomllib. A malformed or
unclosed block is a warning: the body is still extracted.
"""
from __future__ import annotations

import re
import tomllib
from typing import Any

from frontmatter.default_handlers import BaseHandler, JSONHandler, SafeLoader, YAMLHandler
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_TAG = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR = _TAG + "map", _TAG + "seq", _TAG + "str"
_PLAIN_SCALARS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))


class _YAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler (``yaml.load`` with the safe loader it picks), the document built by
    ``_plain_mapping`` when it is what front matter mostly is: keys with plain values and lists of them. The
    loader's own construction makes every node an object to track (anchors, recursion) and every mapping
    and list a generator to run later: about half the time of a post's front matter."""

    def load(self, fm: str, **kwargs: object) -> Any:
        if kwargs:
            return super().load(fm, **kwargs)
        loader = SafeLoader(fm)  # what yaml.load(fm, Loader=SafeLoader) does, the construction aside
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            data = _plain_mapping(loader, node)
            return loader.construct_document(node) if data is None else data
        finally:
            loader.dispose()


def _plain_mapping(loader, node) -> dict | None:
    """What ``loader.construct_document(node)`` gives, for a mapping whose keys are plain strings and whose
    values are scalars of the core tags or lists of them, each node met once (no anchor used twice); None for
    any other document (or when a value does not construct: the loader's own construction then says why).
    The values are made by the loader's own constructors, keys in order, a repeated key's last value kept."""
    if node.__class__ is not MappingNode or node.tag != _MAP:
        return None
    constructors = loader.yaml_constructors
    seen: set[int] = set()
    data: dict = {}
    try:
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag != _STR:
                return None
            if value_node.__class__ is ScalarNode:
                if value_node.tag not in _PLAIN_SCALARS:
                    return None
                nodes: tuple = (key_node, value_node)
                value = constructors[value_node.tag](loader, value_node)
            elif value_node.__class__ is SequenceNode and value_node.tag == _SEQ:
                items = value_node.value
                if not all(item.__class__ is ScalarNode and item.tag in _PLAIN_SCALARS for item in items):
                    return None
                nodes = (key_node, value_node, *items)
                value = [constructors[item.tag](loader, item) for item in items]
            else:
                return None
            for each in nodes:
                if id(each) in seen:
                    return None
                seen.add(id(each))
            data[key_node.value] = value
    except Exception:  # (a value the loader's construction refuses: it reports it)
        return None
    return data


class _TOMLHandler(BaseHandler):
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


_FENCES = (
    ("yaml", re.compile(r"\A-{3,}[ \t]*\r?\n"), re.compile(r"^-{3,}[ \t]*$|^\.{3}[ \t]*$", re.MULTILINE), _YAMLHandler()),
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
        data = _load(handler, raw, name, warnings)
        if name == "yaml":
            if warnings and warnings[-1][0] == "front-matter-invalid":  # (what _load says when YAML refuses it)
                data = _salvage_lines(raw, warnings)
            _restore_hash_in_plain_values(data, raw, warnings)
        return data, text[body_at:], body_line, warnings
    if text.startswith("{"):
        return _json_front_matter(text, warnings)
    return _metadata_header(text, warnings)


# A Pelican / MultiMarkdown / Python-Markdown "meta" header: "Key: value" lines from the first line to the
# first blank line, an indented line going on the value before it ("Title: My post", "Date: 2024-03-05",
# "Slug: my-post"). Only a header that names the title is read so: a post that opens with "Note: ..." or
# "Warning: ..." is the post's own text.
_HEADER_LINE = re.compile(r"([A-Za-z][\w-]{0,30}(?: [A-Za-z][\w-]{0,30})?)[ \t]*:[ \t]*(.*?)[ \t]*")
_HEADER_GOES_ON = re.compile(r"[ \t]{2,}\S.*")


def _metadata_header(text: str, warnings) -> tuple[dict[str, Any], str, int, list]:
    if not text[:1].isalpha():  # a header's first line is "Title: ..." or another key
        return {}, text, 1, warnings
    data: dict[str, Any] = {}
    key = None
    at = lines_read = 0
    while True:  # line by line up to the blank line (the body is never split)
        end = text.find("\n", at)
        if end < 0:
            return {}, text, 1, warnings  # no blank line ends it: not a header
        line = text[at:end].rstrip("\r")
        at, lines_read = end + 1, lines_read + 1
        if not line.strip():
            break
        match = _HEADER_LINE.fullmatch(line)
        if match:
            key = match.group(1).lower()
            data[key] = match.group(2)
        elif key is not None and _HEADER_GOES_ON.fullmatch(line):
            data[key] = f"{data[key]} {line.strip()}".strip()
        else:
            return {}, text, 1, warnings
    if not data.get("title"):
        return {}, text, 1, warnings
    return data, text[at:], lines_read + 1, warnings


# A top-level "key: value" line of a YAML block, and a "- item" line under a key with no value.
_KEY_LINE = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*")
_ITEM_LINE = re.compile(r"[ \t]*-[ \t]+(.*?)[ \t]*")


def _salvage_lines(raw: str, warnings) -> dict[str, Any]:
    """The keys of YAML front matter that does not parse, read line by line.

    Scraped and hand-written front matter breaks YAML in small ways ("title: Step 2: the guide", an unclosed
    "[" or quote) that leave the other lines whole; losing the title and date with them loses the post's
    metadata for one stray colon. Each top-level ``key: value`` line gives its value as text (one pair of
    matching quotes removed, a ``[a, b]`` flow list split at its commas), and ``- item`` lines under a key with
    no value give a list. Indented lines under a value (a nested mapping) are skipped.
    """
    data: dict[str, Any] = {}
    key = None
    for line in raw.splitlines():
        match = _KEY_LINE.fullmatch(line)
        if match:
            key, value = match.group(1), (match.group(2) or "")
            data[key] = _salvaged_value(value) if value else []
            continue
        item = _ITEM_LINE.fullmatch(line)
        if item and key is not None and isinstance(data.get(key), list):
            data[key].append(_unquoted(item.group(1)))
    data = {k: v for k, v in data.items() if v not in ("", [])}
    if data:
        warnings.append(("front-matter-salvaged",
                         f"read {len(data)} key(s) of the yaml front matter line by line: {', '.join(data)}", 1))
    return data


def _salvaged_value(value: str) -> Any:
    if value.startswith("["):  # a flow list, maybe never closed
        return [_unquoted(part.strip()) for part in value.strip("[]").split(",") if part.strip()]
    return _unquoted(value)


def _unquoted(value: str) -> str:
    quoted = _QUOTED_VALUE.fullmatch(value)
    return quoted.group(2) if quoted else value


_QUOTED_VALUE = re.compile(r"(['\"])(.*)\1")


_PLAIN_LINE = re.compile(r"^([A-Za-z_][\w.-]*):[ \t]+([^'\"\[{|>&*!#\s][^\n]*?)[ \t]*$", re.MULTILINE)


def _restore_hash_in_plain_values(data: dict, raw: str, warnings) -> None:
    """``title: Fix Error #43`` loses "#43" to YAML's comment rule; scraped front matter never means that.

    When an unquoted top-level value was cut at `` #`` and what YAML kept is exactly the text
    before it, the whole line is taken as the value (with a warning).
    """
    if " #" not in raw:  # every value cut so holds it (and the line pattern is tried at every position)
        return
    for match in _PLAIN_LINE.finditer(raw):
        key, value = match.group(1), match.group(2)
        if " #" not in value or not isinstance(data.get(key), str):
            continue
        before = value.split(" #", 1)[0].strip()
        if data[key] == before:
            data[key] = value.strip()
            warnings.append(("front-matter-comment", f"'{key}' contains ' #', which YAML reads as a comment; kept the whole line", None))


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
