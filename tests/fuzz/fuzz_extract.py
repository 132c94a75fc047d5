"""Fuzz the whole extractor with atheris (coverage-guided, libFuzzer): bytes in, a record or an error value out.

Run outside the normal test suite (pytest does not collect this folder, see ``conftest.py`` here):

    .venv/bin/pip install -e '.[fuzz]'
    mkdir -p /tmp/fuzz-corpus && cp samples/*.md /tmp/fuzz-corpus/
    .venv/bin/python tests/fuzz/fuzz_extract.py -max_total_time=300 -max_len=65536 -artifact_prefix=/tmp/ /tmp/fuzz-corpus

The corpus folder (keep it outside the checkout) collects the inputs libFuzzer finds interesting;
seeding it with a few Markdown and HTML files starts it from realistic shapes. A finding is any exception
other than ``ExtractorError`` (a bug: batches turn those into "internal error" records), a record
that does not validate against the JSON Schema, or a crash; libFuzzer writes the input to
``/tmp/crash-<sha1>`` and ``python tests/fuzz/fuzz_extract.py /tmp/crash-<sha1>`` replays it.

The data decides the front end (Markdown or HTML) from its first byte, so both are fuzzed.
"""
from __future__ import annotations

import json
import sys

import atheris

with atheris.instrument_imports():
    import jsonschema

    from extractor.errors import ExtractorError
    from extractor.pipeline import extract_bytes
    from extractor.schema import schema_text

VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = "fuzz.html" if data[0] & 1 else "fuzz.md"
    try:
        record = extract_bytes(data[1:], path)
    except ExtractorError:
        return
    except RecursionError:  # batches turn this into a "parse" error record; not a finding
        return
    errors = list(VALIDATOR.iter_errors(json.loads(record.model_dump_json())))
    if errors:
        raise AssertionError(f"record does not validate: {errors[0].message}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
