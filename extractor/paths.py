"""File paths as records show them (``source.path``), and back.

A path on disk is bytes; a record holds text. Bytes that are not UTF-8 become ``\\xNN`` escapes,
and so that an escape can never be confused with a name that really contains ``\\xNN``, every
backslash of the name is doubled: ``bad-<0xff>-name.md`` shows as ``bad-\\xff-name.md`` and a file
literally named ``bad-\\xff-name.md`` as ``bad-\\\\xff-name.md``. Two inputs never share a path.
"""
from __future__ import annotations

import os
import re

_HEX = re.compile(rb"[0-9a-fA-F]{2}")


def display_path(path: str) -> str:
    """The path as records and the run state show it (see the module docstring)."""
    if "\\" not in path:
        try:
            path.encode("utf-8")
            return path
        except UnicodeEncodeError:
            pass
    return os.fsencode(path).replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def fs_path(shown: str) -> str:
    """The file system path behind ``display_path(path)``: the escapes undone."""
    if "\\" not in shown:
        return shown
    out, i, data = bytearray(), 0, shown.encode("utf-8")
    while i < len(data):
        if data[i:i + 2] == b"\\\\":
            out += b"\\"
            i += 2
        elif data[i:i + 2] == b"\\x" and _HEX.fullmatch(data[i + 2:i + 4]):
            out.append(int(data[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(data[i])
            i += 1
    return os.fsdecode(bytes(out))
