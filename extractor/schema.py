"""The JSON Schema (draft 2020-12) of extractor's records, generated from the pydantic models.

    python -m extractor.schema            # rewrite schemas/record.schema.json (and the packaged copy)
    python -m extractor.schema --check    # exit 1 when the committed files differ from the models

``schemas/record.schema.json`` is the contract other programs code against; the copy inside the
package lets ``extractor validate`` work from an installed wheel. A test fails when either drifts.
"""
from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from pydantic import TypeAdapter

from .model import SCHEMA_VERSION, Record

SCHEMA_ID = f"https://extractor.invalid/schemas/record-{SCHEMA_VERSION}.schema.json"
REPO_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "record.schema.json"
PACKAGED_SCHEMA = Path(__file__).resolve().parent / "schemas" / "record.schema.json"


def record_schema() -> dict:
    schema = TypeAdapter(Record).json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "extractor record",
        "description": (
            "One record per input: a DocumentRecord (kind=document) with metadata, cleaned content, procedures "
            "and removed boilerplate, or an ErrorRecord (kind=error) saying which stage failed and why. "
            f"Schema version {SCHEMA_VERSION}."
        ),
        "x-schema-version": SCHEMA_VERSION,
        **schema,
    }


def schema_text() -> str:
    return json.dumps(record_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def load_schema() -> dict:
    """The schema shipped with the package (what ``extractor validate`` checks against)."""
    text = resources.files("extractor").joinpath("schemas/record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = schema_text()
    targets = [REPO_SCHEMA, PACKAGED_SCHEMA]
    if "--check" in argv:
        stale = [str(p) for p in targets if not p.exists() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is out of date: run python -m extractor.schema", file=sys.stderr)
        return 1 if stale else 0
    for path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
