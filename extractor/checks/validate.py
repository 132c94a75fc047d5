"""Check records against the committed JSON Schema (draft 2020-12) with the jsonschema library.

The schema's top level is a ``oneOf`` over document and error records. A plain ``oneOf`` failure
only says "not valid under any of the given schemas", so a record whose ``kind`` names one of
them is checked against that one alone (the schema's own ``discriminator`` mapping): the errors
then point at the field that is wrong, e.g. ``/procedures/0/steps/2/text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..schema import load_schema
from .records import Loaded


@dataclass(frozen=True)
class Problem:
    pointer: str  # JSON pointer of the failing field ("" for the whole record)
    message: str


@dataclass(frozen=True)
class Verdict:
    origin: str
    source_path: str
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass
class ValidationReport:
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def invalid(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.valid]

    @property
    def exit_code(self) -> int:
        return 1 if self.invalid or not self.verdicts else 0


@lru_cache(maxsize=1)
def _validators() -> tuple[Draft202012Validator, dict[str, Draft202012Validator]]:
    schema = load_schema()
    whole = Draft202012Validator(schema)
    by_kind = {}
    for kind, ref in schema.get("discriminator", {}).get("mapping", {}).items():
        narrowed = {key: value for key, value in schema.items() if key not in ("oneOf", "discriminator")}
        by_kind[kind] = Draft202012Validator({**narrowed, "$ref": ref})
    return whole, by_kind


def validate_record(loaded: Loaded) -> Verdict:
    """Every schema violation of one record, each with the JSON pointer of its field."""
    if loaded.problem:
        return Verdict(loaded.origin, loaded.source_path, (Problem("", loaded.problem),))
    whole, by_kind = _validators()
    kind = loaded.data.get("kind") if isinstance(loaded.data, dict) else None
    validator = by_kind.get(kind, whole) if isinstance(kind, str) else whole
    try:
        errors = sorted(validator.iter_errors(loaded.data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        problems = tuple(_problem(error) for error in errors)
    except RecursionError:
        problems = (Problem("", "nested too deeply to validate"),)
    if validator is whole and problems and isinstance(loaded.data, dict):
        known = ", ".join(sorted(by_kind))
        problems = (Problem("/kind", f"kind must be one of: {known} (got {kind!r})"),)
    return Verdict(loaded.origin, loaded.source_path, problems)


def validate_records(records: Iterable[Loaded]) -> ValidationReport:
    report = ValidationReport()
    for loaded in records:
        report.verdicts.append(validate_record(loaded))
    return report


def _problem(error: ValidationError) -> Problem:
    parts = list(error.absolute_path)
    message = error.message
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        if missing:
            parts.append(missing[0])
            message = f"required field {missing[0]!r} is missing"
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [name for name in error.instance if name not in allowed]
        if extra:
            parts.append(extra[0])
            message = f"field {extra[0]!r} is not allowed here"
    return Problem(pointer(parts), _shorten(message))


def pointer(parts: Iterator | list) -> str:
    """RFC 6901 JSON pointer: ``~`` and ``/`` in names are escaped."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _shorten(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
