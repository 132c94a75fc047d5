"""What every connection of the fetcher is held to, at the socket: a deadline and public addresses.

    GuardedBackend.connect_tcp(host)    resolve -> refuse a non-public address (unless allowed)
                                        -> connect to the address checked (no second lookup to rebind)
    DeadlineStream.read / write         each wait cut to what is left of the response's deadline

httpx has timeouts per read, not per response: a server sending one header line a second never
trips them. ``Fetcher`` sets, per thread, the deadline of the response it is waiting for and the
host the user gave (``request``); the backend applies them to every connect, read and write, so
connect, headers and body share one deadline.

Server-side request forgery: a page may redirect to ``http://127.0.0.1/``, ``http://2130706434/``,
``http://[::ffff:169.254.169.254]/`` or a name that resolves to a private address. Any spelling
ends up as an address from the resolver, and that address is what is checked: loopback, private,
link-local, reserved, multicast and unspecified addresses are refused unless the host is the one
the user gave or ``FetchOptions.allow_private`` is set.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from contextlib import contextmanager

import httpcore

_local = threading.local()


class AddressRefused(Exception):
    """A connection to a non-public address that the user did not ask for (``reason`` says which)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@contextmanager
def request(*, given_host: str | None = None, allow_private: bool | None = None, deadline: float | None = None):
    """Within the block, this thread's connections follow these rules (None keeps the outer value)."""
    saved = (getattr(_local, "given_host", None), getattr(_local, "allow_private", False),
             getattr(_local, "deadline", None))
    if given_host is not None:
        _local.given_host = given_host.lower()
    if allow_private is not None:
        _local.allow_private = allow_private
    if deadline is not None:
        _local.deadline = deadline
    try:
        yield
    finally:
        _local.given_host, _local.allow_private, _local.deadline = saved


def deadline_passed() -> bool:
    deadline = getattr(_local, "deadline", None)
    return deadline is not None and time.monotonic() >= deadline


def non_public(address: str) -> str | None:
    """Why ``address`` (an IP address) is not a public one, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "private", "link_local", "reserved", "multicast", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "not globally routable"


def check_host(host: str, port: int = 80) -> str:
    """The address to connect to for ``host``; AddressRefused when it is not public and not allowed.
    Resolver failures are raised as httpcore.ConnectError (with the gaierror chained)."""
    host = host.strip("[]").lower()
    if host == getattr(_local, "given_host", None) or getattr(_local, "allow_private", False):
        return host
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
    for info in infos:
        address = info[4][0]
        why = non_public(address)
        if why:
            raise AddressRefused(f"{host} is a {why} address ({address}); only public addresses are followed "
                                 "unless you give that host yourself or allow private ones (extractor fetch "
                                 "--allow-private)")
    return infos[0][4][0]


def _remaining(timeout: float | None, kind) -> float | None:
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise kind("the response's deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        return DeadlineStream(self.inner.start_tls(ssl_context, server_hostname,
                                                   _remaining(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend | None = None):
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        timeout = _remaining(timeout, httpcore.ConnectTimeout)
        address = check_host(host, port)
        return DeadlineStream(self.inner.connect_tcp(address, port, timeout, local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        return DeadlineStream(self.inner.connect_unix_socket(path, _remaining(timeout, httpcore.ConnectTimeout),
                                                             socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def guarded_transport(**kwargs):
    """An httpx transport whose connections go through ``GuardedBackend``."""
    import httpx

    transport = httpx.HTTPTransport(**kwargs)
    pool = getattr(transport, "_pool", None)
    if not hasattr(pool, "_network_backend"):  # a future httpcore: fail loudly rather than unguarded
        raise RuntimeError("httpcore changed: cannot install the connection guard")
    pool._network_backend = GuardedBackend()
    return transport
