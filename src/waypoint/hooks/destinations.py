"""Where a webhook may point: http(s) only, never this Waypoint itself, and — unless the
operator allows it (WAYPOINT_WEBHOOK_ALLOW_PRIVATE) — never loopback or a private network, so
that nobody can use a webhook to reach what sits behind the firewall. Checked when a webhook is
saved and again before every delivery (a name may start resolving elsewhere)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}


class DestinationError(ValueError):
    pass


def _port(parts) -> int:  # noqa: ANN001 (a SplitResult)
    try:
        return parts.port or SCHEMES[parts.scheme]
    except ValueError as exc:
        raise DestinationError("The URL's port is not a number from 1 to 65535.") from exc


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to ([] when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({info[4][0] for info in infos})


def check_destination(url: str, *, resolve: bool = True) -> str:
    """The URL, cleaned, or DestinationError saying why a webhook may not point there."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        raise DestinationError(
            "Use an http:// or https:// address, e.g. https://hooks.example.com/waypoint."
        )
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise DestinationError("The URL names no host.")
    if parts.username or parts.password:
        raise DestinationError("Leave user names and passwords out of the URL.")
    port = _port(parts)
    own = urlsplit(settings.WAYPOINT_BASE_URL)
    if host == (own.hostname or "").lower() and port == (own.port or SCHEMES.get(own.scheme)):
        raise DestinationError("That is this Waypoint itself; point the webhook at the receiver.")
    if settings.WAYPOINT_WEBHOOK_ALLOW_PRIVATE:
        return url
    try:
        literal = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        literal = []
    if host == "localhost" or host.endswith(".localhost"):
        literal = ["127.0.0.1"]
    found = literal or (addresses(host, port) if resolve else [])
    if any(_is_private(address) for address in found):
        raise DestinationError(
            f"{host} is on this machine or a private network; webhooks go to public addresses "
            "(an operator can allow private ones with WAYPOINT_WEBHOOK_ALLOW_PRIVATE)."
        )
    return url
