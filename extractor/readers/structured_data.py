"""schema.org HowTo and Recipe steps embedded in a page, from JSON-LD and microdata.

JSON-LD is read from ``<script type="application/ld+json">``; when a page has none that holds a HowTo or
Recipe, also from the application state a JavaScript framework leaves in its other scripts (Next.js
``__NEXT_DATA__`` and ``self.__next_f.push(...)`` payloads, Remix or Nuxt contexts): such sites often
keep the same schema.org object there, sometimes as JSON inside a string. Either way the origin is
"json-ld": it is the same vocabulary the site wrote for machines.

Both readers return plain dicts (the document model holds them in ``Document.structured``; the
``structured`` stage turns them into procedures), one per HowTo or Recipe found::

    {"type": "Recipe", "origin": "json-ld", "name": "...", "line": 12, "requirements": ["2 eggs", ...],
     "sections": [{"name": None, "steps": [{"text": "...", "name": None, "images": [], "url": None,
                                             "tips": [], "substeps": []}]}]}

``requirements`` are a Recipe's ``recipeIngredient`` (or the older ``ingredients``), a HowTo's
``supply`` then ``tool`` items, as their text or name.

Bad JSON is skipped with a reason; it never stops the page.
"""
from __future__ import annotations

import html
import json
import re

from lxml import etree

TYPES = ("HowTo", "Recipe")
# schema.org properties that list what a Recipe or a HowTo needs, in the order they are read.
REQUIREMENTS = {"Recipe": ("recipeIngredient", "ingredients"), "HowTo": ("supply", "tool")}
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$|;\s*$")


def _clean(text) -> str:
    if not isinstance(text, str):
        return ""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text))).strip()


def _type_names(node: dict) -> list[str]:
    types = node.get("@type") or node.get("type") or []
    if isinstance(types, str):
        types = [types]
    return [str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types if t]


# -- JSON-LD ----------------------------------------------------------------------------------------
def read_json_ld(root, scripts: list | None = None) -> tuple[list[dict], list[str]]:
    """HowTo/Recipe items of every ``<script type="application/ld+json">``; and why any script was skipped.
    ``scripts``: ``list(root.iter("script"))``, when the caller has it."""
    found: list[dict] = []
    problems: list[str] = []
    for script in root.iter("script") if scripts is None else scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = _WRAPPERS.sub("", script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except ValueError as exc:
            problems.append(f"line {script.sourceline}: JSON-LD is not valid JSON ({exc.msg})")
            continue
        found.extend(_items(_nodes(data), script.sourceline or 1))
    if not found:
        seen = set()  # a framework often keeps the same object twice (server payload and client state)
        for script in root.iter("script") if scripts is None else scripts:
            for item in _app_state_items(script):
                key = (item["name"], json.dumps(item["sections"], sort_keys=True))
                if key not in seen:
                    seen.add(key)
                    found.append(item)
    return found, problems


def _items(nodes, line: int) -> list[dict]:
    """The HowTo/Recipe items among JSON-LD ``nodes`` that have steps."""
    found = []
    for node in nodes:
        kind = next((t for t in _type_names(node) if t in TYPES), None)
        if kind:
            sections = _json_ld_sections(node.get("recipeInstructions") if kind == "Recipe" else
                                         node.get("step") or node.get("steps"))
            if sections:
                found.append({"type": kind, "origin": "json-ld", "name": _clean(node.get("name")) or None,
                              "line": line, "sections": sections, "requirements": _json_ld_requirements(node, kind)})
    return found


# -- schema.org objects in a framework's application state ------------------------------------------
# Where a HowTo or Recipe object says what it is; in the script's own text, or escaped once inside a
# JavaScript string (``\"@type\":\"Recipe\"``).
_MARKER = re.compile(r'"@type"\s*:\s*\[?\s*"(?:https?://schema\.org/)?(?:Recipe|HowTo)"')
_ESCAPED_MARKER = re.compile(r'\\"@type\\"\s*:\s*\[?\s*\\"(?:https?:\\?/\\?/schema\.org\\?/)?(?:Recipe|HowTo)\\"')
_MAX_OPENINGS = 200  # "{" tried, going back from a marker, before the object around it is given up
_MAX_NESTING = 3  # JSON inside a string inside a string ...
_DECODER = json.JSONDecoder(strict=False)


def _app_state_items(script) -> list[dict]:
    if (script.get("type") or "").strip().lower() == "application/ld+json":
        return []
    text = script.text or ""
    if "@type" not in text or ("Recipe" not in text and "HowTo" not in text):
        return []  # most scripts: two substring tests
    return _items(_embedded_objects(text, 0), script.sourceline or 1)


def _embedded_objects(text: str, depth: int):
    """The schema.org HowTo/Recipe objects in ``text``: the JSON object around each marker, and those in
    any string literal that holds an escaped marker (decoded, then searched the same way)."""
    for node in _around_each(_MARKER, text, _object_around):
        yield from _nodes(node)
    if depth < _MAX_NESTING:
        for inner in _around_each(_ESCAPED_MARKER, text, _string_around):
            yield from _embedded_objects(inner, depth + 1)


def _around_each(marker: re.Pattern, text: str, around):
    """What ``around(text, position)`` decodes at each match of ``marker``, a match inside what was already
    decoded skipped (a second marker in the same object or string)."""
    spans: list[tuple[int, int]] = []
    for match in marker.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        found = around(text, match.start())
        if found is not None:
            value, span = found
            spans.append(span)
            yield value


def _string_around(text: str, at: int):
    """The JSON string literal in ``text`` that holds position ``at``, decoded, and its span: it starts
    at the nearest quote before ``at`` that no backslash escapes."""
    opening = at
    while True:
        opening = text.rfind('"', 0, opening)
        if opening < 0:
            return None
        slashes = opening
        while slashes > 0 and text[slashes - 1] == "\\":
            slashes -= 1
        if (opening - slashes) % 2 == 0:
            break
    try:
        value, end = _DECODER.raw_decode(text, opening)
    except ValueError:
        return None
    return (value, (opening, end)) if end > at and isinstance(value, str) else None


def _object_around(text: str, at: int):
    """The innermost JSON object in ``text`` that holds position ``at``, and its span; None if none
    decodes within ``_MAX_OPENINGS`` tries."""
    opening = at
    for _ in range(_MAX_OPENINGS):
        opening = text.rfind("{", 0, opening)
        if opening < 0:
            return None
        try:
            node, end = _DECODER.raw_decode(text, opening)
        except ValueError:
            continue
        if end > at and isinstance(node, dict):
            return node, (opening, end)
    return None


def _nodes(data, depth: int = 0):
    """Every dict in a JSON-LD document (``@graph`` lists and nesting included)."""
    if depth > 20:
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key, value in data.items():
            if isinstance(value, (list, dict)) and key not in ("recipeInstructions", "step", "steps"):
                yield from _nodes(value, depth + 1)


def _json_ld_requirements(node: dict, kind: str) -> list[str]:
    """The item's ingredients, or its supplies and tools: strings, or objects with a name or text."""
    out: list[str] = []
    for prop in REQUIREMENTS[kind]:
        for value in _as_list(node.get(prop)):
            text = _clean(value.get("name") or value.get("text")) if isinstance(value, dict) else _clean(value)
            if text and text not in out:
                out.append(text)
        if out and kind == "Recipe":
            break  # "ingredients" is the older name of the same list
    return out


def _json_ld_sections(value) -> list[dict]:
    sections: list[dict] = [{"name": None, "steps": []}]
    for item in _as_list(value):
        if isinstance(item, dict) and "HowToSection" in _type_names(item):
            steps = [s for x in _as_list(item.get("itemListElement") or item.get("steps")) for s in _json_ld_steps(x)]
            sections.append({"name": _clean(item.get("name")) or None, "steps": steps})
        else:
            sections[0]["steps"].extend(_json_ld_steps(item))
    return [s for s in sections if s["steps"]]


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, dict) and "ItemList" in _type_names(value):
        return _as_list(value.get("itemListElement"))
    return value if isinstance(value, list) else [value]


def _json_ld_steps(item) -> list[dict]:
    if isinstance(item, str):
        return [_step(line) for line in _split_text(item)]
    if not isinstance(item, dict):
        return []
    directions, tips, substeps = [], [], []
    for part in _as_list(item.get("itemListElement")):
        if isinstance(part, dict) and "HowToTip" in _type_names(part):
            tips.append(_clean(part.get("text") or part.get("name")))
        elif isinstance(part, dict) and "HowToStep" in _type_names(part):
            substeps.extend(_json_ld_steps(part))
        elif isinstance(part, dict):
            directions.append(_clean(part.get("text") or part.get("name")))
        elif isinstance(part, str):
            directions.append(_clean(part))
    text = _clean(item.get("text")) or " ".join(t for t in directions if t) or _clean(item.get("name"))
    if not text:
        return substeps
    name = _clean(item.get("name")) or None
    return [_step(text, name=name if name != text else None, images=_images(item.get("image")),
                  url=item.get("url") if isinstance(item.get("url"), str) else None,
                  tips=[t for t in tips if t], substeps=substeps)]


def _split_text(text: str) -> list[str]:
    if "<li" in text.lower() or "<p" in text.lower():
        parts = re.split(r"(?i)</?(?:li|p|br)\b[^>]*>", text)
    else:
        parts = text.split("\n")
    return [c for c in (_clean(p) for p in parts) if c]


def _images(value) -> list[str]:
    out = []
    for image in _as_list(value):
        url = image.get("url") or image.get("contentUrl") if isinstance(image, dict) else image
        if isinstance(url, str) and url.strip():
            out.append(url.strip())
    return out


def _step(text: str, name: str | None = None, images: list[str] | None = None, url: str | None = None,
          tips: list[str] | None = None, substeps: list[dict] | None = None, line: int | None = None) -> dict:
    return {"text": text, "name": name, "images": images or [], "url": url, "tips": tips or [],
            "substeps": substeps or [], "line": line}


# -- microdata --------------------------------------------------------------------------------------
def read_microdata(root, scopes: list | None = None, source: str | None = None, props: list | None = None) -> list[dict]:
    """HowTo/Recipe items marked up with ``itemscope itemtype=".../HowTo|Recipe"``. ``scopes``: the
    elements under ``root`` with an ``itemscope``, in document order, when the caller has them. With no
    such item, ``recipeInstructions`` properties outside any item (a template that lost its
    ``itemscope``) are one Recipe's steps; ``source``, the page's text, or ``props``, the elements under
    ``root`` with an ``itemprop`` (cheaper than a scan of the text), when the caller has them, save
    looking for them on pages that never name the property."""
    found = _scoped_microdata(root, scopes)
    if found or (source is not None and "recipeInstructions" not in source) or (
            props is not None and not any("recipeInstructions" in el.get("itemprop", "").split() for el in props)):
        return found
    return _orphan_instructions(root)


def _orphan_instructions(root) -> list[dict]:
    orphans = [el for el in root.iter(etree.Element)
               if "recipeInstructions" in (el.get("itemprop") or "").split()]
    orphans = [el for el in orphans if not any(a.get("itemscope") is not None or a in orphans
                                               for a in el.iterancestors())]
    steps = [step for el in orphans for step in _microdata_steps(el)]
    if not steps:
        return []
    return [{"type": "Recipe", "origin": "microdata", "name": None, "line": orphans[0].sourceline or 1,
             "sections": [{"name": None, "steps": steps}], "requirements": []}]


def _scoped_microdata(root, scopes: list | None) -> list[dict]:
    if scopes is None:
        scopes = [el for el in root.iter(etree.Element) if el.get("itemscope") is not None]
    found = []
    for scope in scopes:
        kind = next((t for t in _type_names({"@type": (scope.get("itemtype") or "").split()}) if t in TYPES), None)
        if not kind:
            continue
        wanted = ("recipeInstructions",) if kind == "Recipe" else ("step", "steps")
        name, steps, requirements = None, [], []
        for prop, el in _props(scope):
            if prop == "name" and name is None:
                name = _value(el)
            elif prop in wanted:
                steps.extend(_microdata_steps(el))
            elif prop in REQUIREMENTS[kind]:
                text = _value(el) if el.get("itemscope") is None else _value(_named(el))
                if text and text not in requirements:
                    requirements.append(text)
        if steps:
            found.append({"type": kind, "origin": "microdata", "name": name, "line": scope.sourceline or 1,
                          "sections": [{"name": None, "steps": steps}], "requirements": requirements})
    return found


def _props(scope):
    """(property name, element) pairs of an item, in document order, not entering nested items."""
    for child in scope:
        if not isinstance(child.tag, str):
            continue
        for prop in (child.get("itemprop") or "").split():
            yield prop, child
        if child.get("itemscope") is None:
            yield from _props(child)


def _named(item):
    """A nested item's ``name`` element (a HowToSupply's), else the item itself."""
    return next((el for prop, el in _props(item) if prop == "name"), item)


def _value(el) -> str:
    return _clean(el.get("content") or "".join(el.itertext()) or "")


def _microdata_steps(el) -> list[dict]:
    line = el.sourceline
    if el.get("itemscope") is not None:
        parts = dict()
        for prop, inner in _props(el):
            parts.setdefault(prop, inner)
        text = _value(parts["text"]) if "text" in parts else _value(el)
        image = parts.get("image")
        images = [image.get("src") or image.get("content")] if image is not None else []
        return [_step(text, images=[i for i in images if i], line=line)] if text else []
    for tag in ("li", "p"):
        items = [_value(x) for x in el.iter(tag)]
        items = [t for t in items if t]
        if len(items) >= 2:
            return [_step(t, line=line) for t in items]
    return [_step(t, line=line) for t in _split_text(el.get("content") or "".join(el.itertext()) or "")]
