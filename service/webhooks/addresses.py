"""Where webhooks may go: `https` URLs of public addresses (no SSRF into the service's own
network).

A URL is checked when it is registered and again before every attempt, after its name is
resolved; the attempt then connects to the address that was checked (a second resolution
could answer differently: DNS rebinding). Loopback is allowed only when
`ASKWELL_WEBHOOKS_ALLOW_LOOPBACK=true` (tests and local use), and then also over `http`.
Private, link-local, shared, reserved, multicast and unspecified addresses never are.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port → the addresses the name resolves to
Resolver = Callable[[str, int], Awaitable[list[str]]]


class AddressRefused(ValueError):
    """The URL or one of the addresses its name resolves to is not one webhooks may reach."""


@dataclass(frozen=True)
class Target:
    """A checked URL, split into what an attempt needs."""

    scheme: str
    host: str  # as written (a name, or an address without brackets)
    port: int
    path: str  # path and query

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"

    def url_for(self, address: str) -> str:
        """The URL with the host replaced by a checked address."""
        host = f"[{address}]" if ":" in address else address
        return f"{self.scheme}://{host}:{self.port}{self.path}"


def parse(url: str, *, allow_loopback: bool) -> Target:
    """The URL's parts, or `AddressRefused` saying what is wrong with it (before any lookup)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused("The URL cannot be read.") from None
    if parts.scheme not in ("https", "http"):
        raise AddressRefused("The URL must start with https://.")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("The URL must not carry a user name or password.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise AddressRefused("The URL has no host.")
    if parts.fragment:
        raise AddressRefused("The URL must not have a fragment (#...).")
    literal = _address(host)
    if parts.scheme == "http" and not (
        allow_loopback and ((literal is not None and literal.is_loopback) or host == "localhost")
    ):
        raise AddressRefused(
            "The URL must start with https:// (http is allowed only to loopback, and only "
            "when ASKWELL_WEBHOOKS_ALLOW_LOOPBACK=true)."
        )
    if literal is not None:
        check_address(literal, allow_loopback=allow_loopback)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=parts.scheme,
        host=host,
        port=port or (443 if parts.scheme == "https" else 80),
        path=path,
    )


def _address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_address(address: IPAddress, *, allow_loopback: bool) -> None:
    """Refuse every address that is not public, except loopback when it is allowed."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        if allow_loopback:
            return
        raise AddressRefused(f"{address} is a loopback address.")
    if address.is_private or address.is_link_local:
        raise AddressRefused(f"{address} is a private or link-local address.")
    if not address.is_global or address.is_multicast:
        raise AddressRefused(f"{address} is not a public address.")


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for `host`."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return [str(info[4][0]) for info in infos]


async def resolve(target: Target, *, allow_loopback: bool, resolver: Resolver) -> str:
    """The address to connect to: every address the name resolves to must be allowed
    (a name that answers with one public and one private address is refused)."""
    literal = _address(target.host)
    if literal is not None:
        check_address(literal, allow_loopback=allow_loopback)
        return str(literal)
    addresses = await resolver(target.host, target.port)
    if not addresses:
        raise OSError(f"{target.host} resolves to no address")
    for text in addresses:
        check_address(ipaddress.ip_address(text.split("%", 1)[0]), allow_loopback=allow_loopback)
    return addresses[0]


async def check_url(url: str, *, allow_loopback: bool, resolver: Resolver) -> None:
    """The registration-time check: the URL's form, and the addresses its name resolves to
    now (a name that does not resolve yet is accepted; every attempt checks again)."""
    target = parse(url, allow_loopback=allow_loopback)
    try:
        await resolve(target, allow_loopback=allow_loopback, resolver=resolver)
    except OSError:
        return
