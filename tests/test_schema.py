"""The committed JSON Schema is generated from the models and must not drift."""
from __future__ import annotations

import json

import jsonschema

from extractor import extract_text
from extractor.schema import PACKAGED_SCHEMA, REPO_SCHEMA, schema_text


def test_committed_schema_matches_models():
    expected = schema_text()
    assert REPO_SCHEMA.read_text(encoding="utf-8") == expected, "run: python -m extractor.schema"
    assert PACKAGED_SCHEMA.read_text(encoding="utf-8") == expected, "run: python -m extractor.schema"


def test_schema_is_valid_2020_12():
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")


def test_a_record_validates_and_a_broken_one_does_not():
    schema = json.loads(schema_text())
    validator = jsonschema.Draft202012Validator(schema)
    record = json.loads(extract_text("# Title\n\n1. Open **Settings**.\n2. Click **Accounts**.\n").model_dump_json())
    assert not list(validator.iter_errors(record))
    del record["content"]
    assert list(validator.iter_errors(record))
