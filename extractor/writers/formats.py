"""The output formats, in one place: the name ``--format`` takes, the suffix of one file per input in
a directory, and the function that writes one record (as UTF-8 bytes: what a file gets, and what a worker
process sends its parent without a decode and an encode on the way).

Importing this module is cheap (the writers are imported when a record is written), so the CLI can
list the formats in ``--help``. Add a format by adding an entry here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


def _records(record: Any, indent: int | None) -> bytes:
    from .records import dump_bytes

    return dump_bytes(record, indent)


def _howto(record: Any, indent: int | None) -> bytes:
    from .howto import dump

    return dump(record, indent=indent).encode("utf-8")


@dataclass(frozen=True)
class OutputFormat:
    name: str
    suffix: str  # of each file when the output is a directory
    dump: Callable[[Any, int | None], bytes]  # UTF-8 JSON
    help: str


OUTPUT_FORMATS: dict[str, OutputFormat] = {
    "records": OutputFormat("records", ".json", _records, "extractor's JSON records (default)"),
    "howto-jsonld": OutputFormat("howto-jsonld", ".jsonld", _howto, "schema.org HowTo JSON-LD"),
}
DEFAULT_OUTPUT_FORMAT = "records"
