"""Decompression bombs, written in a few seconds with little memory: a deflate stream of zeros is
one block repeated (each chunk is compressed after a full flush, so its bytes never change), and
the gzip header and trailer are written by hand around it."""
from __future__ import annotations

import struct
import zlib

GIB = 1 << 30
CHUNK = 1 << 20
_ZEROS = b"\0" * CHUNK


class GzipMember:
    """One gzip member written to ``fh``: ``write(data)``, ``zeros(n)`` (n a multiple of 1 MiB), ``close()``."""

    def __init__(self, fh):
        self.fh, self.crc, self.size = fh, 0, 0
        self.deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")

    def write(self, data: bytes) -> None:
        self.fh.write(self.deflate.compress(data) + self.deflate.flush(zlib.Z_FULL_FLUSH))
        self.crc, self.size = zlib.crc32(data, self.crc), self.size + len(data)

    def zeros(self, total: int) -> None:
        block = self.deflate.compress(_ZEROS) + self.deflate.flush(zlib.Z_FULL_FLUSH)
        zero_crc = self.crc
        for _ in range(total // CHUNK):
            self.fh.write(block)
            zero_crc = zlib.crc32(_ZEROS, zero_crc)
        self.crc, self.size = zero_crc, self.size + total

    def close(self) -> None:
        self.fh.write(self.deflate.flush())
        self.fh.write(struct.pack("<II", self.crc, self.size & 0xFFFFFFFF))


def gzip_of_zeros(total: int) -> bytes:
    import io

    buffer = io.BytesIO()
    member = GzipMember(buffer)
    member.zeros(total)
    member.close()
    return buffer.getvalue()


def _warc_head(length: int, uri: str = "http://example.org/bomb") -> bytes:
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri.encode() + b"\r\n"
            b"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % length)


def write_warc_bomb(path, *, content_encoding: bool, total: int = GIB) -> None:
    """A .warc.gz of one HTML response record whose payload is ``total`` zero bytes: gzip-encoded
    over HTTP (``content_encoding``: the file is a few KB), or plain (about 1 MB per GiB)."""
    with open(path, "wb") as fh:
        member = GzipMember(fh)
        if content_encoding:
            body = gzip_of_zeros(total)
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body))
            member.write(_warc_head(len(http) + len(body)) + http)
            member.write(body)
        else:
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % total
            member.write(_warc_head(len(http) + total) + http)
            member.zeros(total)
        member.write(b"\r\n\r\n")
        member.close()
