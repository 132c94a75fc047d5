"""Writing TOML (the standard library reads it but does not write it), for ``extractor rules``."""
from __future__ import annotations

import json
import re
from typing import Any


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def dump_toml(data: dict[str, Any]) -> str:
    """TOML for nested dicts and lists of strings, numbers, booleans and tables (None is left out)."""
    lines: list[str] = []
    _dump_table(data, [], lines)
    return "\n".join(lines).strip() + "\n"


def _dump_table(table: dict[str, Any], path: list[str], lines: list[str]) -> None:
    tables, arrays = [], []
    for key, value in table.items():
        if value is None:
            continue
        if isinstance(value, dict):
            tables.append((key, value))
        elif _is_array_of_tables(value):
            arrays.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in tables:
        # a table that holds only tables needs no header of its own ([a.b] implies [a])
        if not value or any(v is not None and not isinstance(v, dict) and not _is_array_of_tables(v)
                            for v in value.values()):
            lines += ["", f"[{'.'.join(_toml_key(k) for k in path + [key])}]"]
        _dump_table(value, path + [key], lines)
    for key, items in arrays:
        for item in items:
            lines += ["", f"[[{'.'.join(_toml_key(k) for k in path + [key])}]]"]
            _dump_table(item, path + [key], lines)


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # regular expressions read best as literal strings; anything a literal cannot hold is escaped
        if "'" not in value and "\n" not in value and not any(ord(c) < 32 for c in value):
            return f"'{value}'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
