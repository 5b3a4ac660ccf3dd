"""The address of the person signing in, for the sign-in lockout (django-axes).

Behind the reverse proxy every request comes from the proxy's address, so a lockout keyed on
REMOTE_ADDR would let anyone lock a named user out for everybody. The proxy appends the address
it received the request from to X-Forwarded-For; that header is read only when the request comes
from a proxy listed in DJANGO_TRUSTED_PROXIES (addresses or networks), and then from the right:
the first address that is not itself a trusted proxy is the client. Entries further left were
written by the client and are ignored, so a forged header cannot pick someone else's bucket.

django-axes reads this through AXES_CLIENT_IP_CALLABLE. Its AXES_IPWARE_* settings only work
with django-ipware installed, and ipware does not check that the connecting address is a proxy.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "COPKIT_TRUSTED_PROXIES", ())))


def _address(text: str) -> Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:4711
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:4711
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) \
        else address


def _trusted(address: Address | None, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    remote_text = request.META.get("REMOTE_ADDR") or ""
    remote = _address(remote_text)
    networks = trusted_proxies()
    if not _trusted(remote, networks):
        return str(remote) if remote else (remote_text or None)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # a malformed entry: nothing to its left can be trusted
            break
        if not _trusted(address, networks):
            return str(address)
    return str(remote)
