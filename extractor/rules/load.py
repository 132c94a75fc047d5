"""Loading the rule files: the packaged ones, a user's file merged over them, errors that say where."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import RulesError
from .value import Rules
from .vocabulary import expand_vocabulary


# The packaged files and the section of Rules each one fills.
SECTION_FILES = {"boilerplate": "boilerplate.toml", "steps": "steps.toml", "html": "html_boilerplate.toml",
                 "metadata": "metadata.toml", "site_template": "site_template.toml",
                 "language_detection": "languages.toml", "furniture": "furniture.toml",
                 "annotations": "annotations.toml", "html_cards": "html_cards.toml",
                 "page_types": "html_page_types.toml"}
LANGUAGE_DIR = "lang"


def _data_dir():
    return resources.files("extractor.data")


def _read_toml(source, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"not valid TOML: {exc}", file=label) from None
    except OSError as exc:
        raise RulesError(f"cannot read: {exc.strerror or exc}", file=label) from None


def packaged_raw() -> tuple[dict[str, Any], dict[tuple, str]]:
    """The packaged rule files as one raw dict, and which file each top-level part came from."""
    data = _data_dir()
    raw: dict[str, Any] = {}
    origins: dict[tuple, str] = {}
    for section, name in SECTION_FILES.items():
        raw[section] = _read_toml(data.joinpath(name), _label(name))
        origins[(section,)] = _label(name)
    raw["languages"] = {}
    # English first: the order languages' patterns are tried in (and printed in)
    for entry in sorted(data.joinpath(LANGUAGE_DIR).iterdir(), key=lambda e: (e.name != "en.toml", e.name)):
        if entry.name.endswith(".toml"):
            code = entry.name.removesuffix(".toml")
            raw["languages"][code] = _read_toml(entry, _label(f"{LANGUAGE_DIR}/{entry.name}"))
            origins[("languages", code)] = _label(f"{LANGUAGE_DIR}/{entry.name}")
    return raw, origins


def _label(name: str) -> str:
    return f"extractor/data/{name}"


def merge(base: Any, over: Any) -> Any:
    """A user's rules over the packaged ones.

    Tables merge key by key; an array of named rules (``[[boilerplate.phrase]]``) merges by ``name``:
    a rule with a known name changes only the keys it gives, a new name is added at the end, and
    ``enabled = false`` takes a rule out. Any other value (a word list, a number) replaces the old one.
    """
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if _named_rules(base) and _named_rules(over):
        merged_rules = [dict(rule) for rule in base]
        index = {rule["name"]: i for i, rule in enumerate(merged_rules)}
        for rule in over:
            if rule["name"] in index:
                merged_rules[index[rule["name"]]] = merge(merged_rules[index[rule["name"]]], rule)
            else:
                merged_rules.append(rule)
        return merged_rules
    return over


def _named_rules(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value)


def _drop_disabled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_disabled(v) for k, v in value.items()}
    if _named_rules(value):
        return [_drop_disabled(v) for v in value if v.get("enabled", True) is not False]
    return value


def validate(raw: dict[str, Any], origins: dict[tuple, str], user: dict[str, Any] | None = None,
             user_label: str = "") -> Rules:
    """Validate merged raw rules; the first problem raises RulesError naming file, rule and field."""
    data = expand_vocabulary(_drop_disabled(raw))
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        # a missing key is the fault of whoever wrote the table it is missing from
        written = loc[:-1] if error["type"] == "missing" else loc
        file = user_label if user is not None and _has_path(user, data, written) else _origin_of(loc, origins)
        rule, where = _rule_at(data, loc)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        raise RulesError(f"{where}: {message}", file=file, rule=rule, field=str(loc[-1]) if loc else None,
                         count=exc.error_count()) from None


def _origin_of(loc: tuple, origins: dict[tuple, str]) -> str:
    for length in (2, 1):
        if loc[:length] in origins:
            return origins[loc[:length]]
    return "rules"


def _rule_at(raw: Any, loc: tuple) -> tuple[str | None, str]:
    """The name of the rule a location falls in (the innermost table with a ``name``), and the
    location written as a TOML key path (a named rule in an array by its name, not its position)."""
    node, name, parts = raw, None, []
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            parts.append(str(key))
            break
        if isinstance(key, int):
            named = isinstance(node, dict) and isinstance(node.get("name"), str)
            parts[-1] += f"[{node['name']!r}]" if named else f"[{key}]"
        else:
            parts.append(str(key))
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            name = node["name"]
    return name, ".".join(parts)


def _has_path(user: Any, merged: Any, loc: tuple) -> bool:
    """Did the user's file write the value at ``loc``? (named rules are followed by name)"""
    node_user, node_merged = user, merged
    for key in loc:
        if isinstance(key, int):
            if not isinstance(node_merged, list) or key >= len(node_merged) or not isinstance(node_user, list):
                return False
            item = node_merged[key]
            name = item.get("name") if isinstance(item, dict) else None
            match = [u for u in node_user if isinstance(u, dict) and u.get("name") == name] if name else []
            if not match:
                return False
            node_user, node_merged = match[0], item
        else:
            if not isinstance(node_user, dict) or key not in node_user:
                return isinstance(node_user, (str, int, float, list)) and node_user is not None
            node_user, node_merged = node_user[key], (node_merged or {}).get(key) if isinstance(node_merged, dict) else None
    return True


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The packaged rules, loaded and checked once per process."""
    raw, origins = packaged_raw()
    return validate(raw, origins)


def load_rules(path: Path) -> Rules:
    raw, origins = packaged_raw()
    user = _read_toml(path, str(path))
    return validate(merge(raw, user), origins, user=user, user_label=str(path))
