"""The address a request came from, as the sign-in throttle counts it.

REMOTE_ADDR, unless PLEDGE_TRUSTED_PROXY_COUNT (N) says that N proxies of ours stand in front
of Pledge. Each proxy appends the address it was reached from to X-Forwarded-For, so the
person's address is the Nth entry from the right; entries further left are whatever the
person's own software sent, and anyone can write anything there. A header shorter than N
entries, or an entry that is not an IP address, means the request did not come the way the
setting says, and REMOTE_ADDR is used instead.

Behind a proxy with the setting left at 0, everyone appears to come from the proxy and shares
one per-address limit: set it whenever Pledge runs behind a load balancer.

An IPv6 address counts as its /64 network, because one device is usually given a whole /64
and can pick a new address in it for each attempt.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "unknown"


def _as_key(text: str) -> str | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def client_address(request: HttpRequest) -> str:
    remote = _as_key(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    proxies = settings.PLEDGE_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < proxies:
        return remote
    return _as_key(forwarded[-proxies]) or remote
