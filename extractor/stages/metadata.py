"""Normalise front matter into ``Metadata``: ISO dates, list-valued tags, unknown keys under ``extra``."""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Iterable

from ..document import Document, HEADING, HTML
from ..model import Metadata
from ..readers.emoji import shown as emoji_shown
from ..readers.html_fragment import visible_text
from ..rules import LIST_FIELDS, Rules

# Front-matter values bigger than this (in nodes) are dropped: YAML aliases can make a few lines
# expand to billions of nodes ("billion laughs") once serialised.
MAX_EXTRA_NODES = 10_000


def normalise_metadata(doc: Document, rules: Rules) -> None:
    """Fill ``doc.metadata`` from the front matter, by the key spellings in ``rules.metadata``."""
    raw = dict(doc.front_matter)
    fields = rules.metadata.fields
    lowered = {str(k).lower(): k for k in raw}
    found = _fields_in(raw, fields, lowered)
    values: dict[str, Any] = {name: value for name, (_, value) in found.items()}
    used = {key for key, _ in found.values()}
    for container in rules.metadata.nested:  # fields the top level lacks, from a generator's block
        key = container.lower()
        inner = raw[lowered[key]] if key in lowered else None
        if isinstance(inner, dict):
            for name, (_, value) in _fields_in(inner, fields).items():
                values.setdefault(name, value)
    meta = Metadata()
    for name, value in values.items():
        if name in LIST_FIELDS:
            setattr(meta, name, as_list(value))
        elif name in ("date", "updated"):
            meta_value = as_iso_date(value, rules.metadata.dates.formats)
            if meta_value is None:
                doc.warn("metadata-date", f"front matter {name} {str(value)[:40]!r} is not a date")
            setattr(meta, name, meta_value)
        else:
            setattr(meta, name, as_text(value))
    if meta.title and ":" in meta.title:
        meta.title = emoji_shown(meta.title)  # "title: ':rocket: Deploy'" shows "🚀 Deploy"
    if not meta.title:
        meta.title = first_heading(doc)
    meta.extra = extra_fields(doc, {k: v for k, v in raw.items() if k not in used})
    doc.metadata = meta


def _fields_in(mapping: dict, fields: dict[str, tuple[str, ...]],
               lowered: dict[str, Any] | None = None) -> dict[str, tuple[Any, Any]]:
    """For each metadata field, (the key as written, its value) of the first of the field's spellings that
    ``mapping`` holds with a value (keys matched without case; ``lowered``: lower-cased key -> key, when the
    caller has it)."""
    if lowered is None:
        lowered = {str(k).lower(): k for k in mapping}
    found: dict[str, tuple[Any, Any]] = {}
    for name, spellings in fields.items():
        for spelling in spellings:
            if spelling in lowered and mapping[lowered[spelling]] not in (None, "", []):
                found[name] = (lowered[spelling], mapping[lowered[spelling]])
                break
    return found


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.split(",") if "," in value else [value]
    elif isinstance(value, (list, tuple, set)):
        parts = [as_text(v) or "" for v in value]
    else:
        parts = [as_text(value) or ""]
    seen: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in seen:
            seen.append(part)
    return seen


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or json.dumps(value, default=str)
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v is not None)
    text = str(value).strip()
    return text or None


def as_iso_date(value: Any, formats: Iterable[str] = ()) -> str | None:
    """ISO 8601 for a date or datetime value, an ISO string, or a string in one of ``formats``
    (strptime); None for anything else."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    for parse in (dt.datetime.fromisoformat, dt.date.fromisoformat):
        try:
            return parse(candidate).isoformat().replace("+00:00", "Z") if text.endswith("Z") else parse(candidate).isoformat()
        except ValueError:
            continue
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    return None


def first_heading(doc: Document) -> str | None:
    """The title a reader sees first: the first level-1 heading, written in Markdown or as an HTML ``<h1>`` in
    the body (READMEs and docs pages often open with a centred logo and ``<h1>``), else the first heading."""
    for block in doc.blocks:
        if block.kind == HEADING and block.level == 1 and block.text:
            return block.text
        if block.kind == HTML and "<h1" in block.raw.lower():
            found = _H1.search(block.raw)
            title = visible_text(found.group(1)) if found else ""
            if title:
                return title
    return next((b.text for b in doc.blocks if b.kind == HEADING and b.text), None)


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)


def extra_fields(doc: Document, raw: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        safe, size = _json_safe(value, [0])
        if size > MAX_EXTRA_NODES:
            doc.warn("metadata-too-large", f"front matter key {key!r} is too large to keep ({size}+ nodes); dropped")
            continue
        extra[str(key)] = safe
    return extra


def _json_safe(value: Any, budget: list[int]) -> tuple[Any, int]:
    budget[0] += 1
    if budget[0] > MAX_EXTRA_NODES:
        return None, budget[0]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out[str(k)], _ = _json_safe(v, budget)
        return out, budget[0]
    if isinstance(value, (list, tuple, set)):
        return [_json_safe(v, budget)[0] for v in value], budget[0]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat(), budget[0]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value, budget[0]
    return str(value), budget[0]
