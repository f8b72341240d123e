"""Fetching the portal's answers from a web address, bounded and kept off private networks.

The page "Fetch calls" lets a person type an address the server then opens: it must not
become a way to reach the server's own network (the database, an admin interface, a
cloud's metadata service). So only http and https are followed, redirects included, and
every connection is checked once made: an address on a private, loopback, link-local or
otherwise non-public network is refused unless the installation allows it
(SAMVERKAN_FETCH_PRIVATE_HOSTS=true, e.g. a portal mirror on the local network, or the
tests' own server). The check is on the connected socket's peer, so a name that resolves
to a public address when the form is sent and to a private one later is refused too.

An answer is read in pieces, at most SAMVERKAN_CALLS_FETCH_MAX_MB (200 by default; the
portal's bulk file is well below) and for at most FETCH_TOTAL_SECONDS in all. No proxy
is used. The command (import_calls URL, which an operator runs) allows private hosts.
"""

import functools
import http.client
import ipaddress
import os
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = ("http", "https")
SOCKET_TIMEOUT = 60  # seconds a connection or a read may wait
FETCH_TOTAL_SECONDS = 300  # the whole answer
DEFAULT_MAX_MB = 200
CHUNK = 64 * 1024
MAX_REDIRECTS = 5


class FetchError(Exception):
    """The address gave no answer to read; `code` says why (the task words it for the page).

    Codes: scheme, private, unknown_host, unreachable, status, too_big, too_slow.
    """

    def __init__(self, code: str, detail: str = "", *, status: int | None = None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail, self.status = code, detail, status


class _Refused(OSError):
    """A connection made to a non-public address (inside urllib, which wraps OSErrors)."""


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def private_hosts_allowed() -> bool:
    """SAMVERKAN_FETCH_PRIVATE_HOSTS: the setting if defined, else the environment."""
    value = getattr(settings, "SAMVERKAN_FETCH_PRIVATE_HOSTS", None)
    if value is None:
        value = os.environ.get("SAMVERKAN_FETCH_PRIVATE_HOSTS", "")
    return _truthy(value)


def max_bytes() -> int:
    megabytes = getattr(settings, "SAMVERKAN_CALLS_FETCH_MAX_MB", None)
    if megabytes is None:
        megabytes = os.environ.get("SAMVERKAN_CALLS_FETCH_MAX_MB", DEFAULT_MAX_MB)
    try:
        return max(1, int(megabytes)) * 1024 * 1024
    except (TypeError, ValueError):
        return DEFAULT_MAX_MB * 1024 * 1024


def is_public(address: str) -> bool:
    """A public (globally routed, unicast) IP address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, allow_private: bool) -> None:
    """FetchError if `url` is not http(s) or its host is (or resolves to) a private address.

    For the form: the connection itself is checked again when the worker fetches.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise FetchError("scheme", parts.scheme)
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchError("scheme", "port") from None
    try:
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise FetchError("unknown_host", parts.hostname) from None
    if not found or not all(is_public(info[4][0]) for info in found):
        raise FetchError("private", parts.hostname)


# The opener: http and https only, each connection's peer checked ---------------------------


def _guarded_connection(address, timeout, source_address=None, *, allow_private):
    sock = socket.create_connection(address, timeout, source_address)
    if not allow_private:
        peer = sock.getpeername()[0]
        if not is_public(peer):
            sock.close()
            raise _Refused(f"{address[0]} is not a public address")
    return sock


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(
            _guarded_connection, allow_private=allow_private
        )


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(
            _guarded_connection, allow_private=allow_private
        )


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private):
        super().__init__()
        self.allow_private = allow_private

    def http_open(self, req):
        return self.do_open(
            functools.partial(_GuardedHTTPConnection, allow_private=self.allow_private), req
        )


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private):
        super().__init__()
        self.allow_private = allow_private

    def https_open(self, req):
        return self.do_open(
            functools.partial(_GuardedHTTPSConnection, allow_private=self.allow_private),
            req,
            context=self._context,
        )


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise FetchError("scheme", urlsplit(newurl).scheme)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(allow_private: bool) -> urllib.request.OpenerDirector:
    """No proxy, no file:, ftp: or data: — only what is added here."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _HTTPHandler(allow_private),
        _HTTPSHandler(allow_private),
        _RedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, *, allow_private: bool, progress=None, limit: int | None = None) -> bytes:
    """The body of the answer at `url`, or FetchError.

    `progress(done, total)` is told the bytes read (total 0 when the server does not say).
    """
    check_url(url, allow_private=True)  # the scheme; the addresses at connection time
    limit = limit or max_bytes()
    deadline = time.monotonic() + FETCH_TOTAL_SECONDS
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "Samverkan"}
    )
    try:
        with _opener(allow_private).open(request, timeout=SOCKET_TIMEOUT) as answer:
            try:
                total = int(answer.headers.get("Content-Length") or 0)
            except ValueError:
                total = 0
            if total > limit:
                raise FetchError("too_big", str(total))
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError("too_slow")
                chunk = answer.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise FetchError("too_big", str(size))
                chunks.append(chunk)
                if progress is not None:
                    progress(size, max(total, size))
    except urllib.error.HTTPError as error:
        raise FetchError("status", str(error.code), status=error.code) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, _Refused):
            raise FetchError("private", str(error.reason)) from None
        if isinstance(error.reason, socket.gaierror):
            raise FetchError("unknown_host", str(error.reason)) from None
        if isinstance(error.reason, TimeoutError):
            raise FetchError("too_slow", str(error.reason)) from None
        raise FetchError("unreachable", str(error.reason)) from None
    except _Refused as error:
        raise FetchError("private", str(error)) from None
    except TimeoutError as error:
        raise FetchError("too_slow", str(error)) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError("unreachable", str(error)) from None
    return b"".join(chunks)
