"""What every email Pledge sends a person shares: the council's name as the sender's, and
links that work from a mail client (a command has no request to build them from)."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings


def council_sender(council_name: str) -> str:
    """From: "Lancashire County Council via Pledge" <PLEDGE_FROM_EMAIL>."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    return formataddr((f"{council_name} via Pledge", address))


def site_url(path: str) -> str:
    """An absolute link to one of Pledge's paths, on PLEDGE_SITE_URL."""
    return f"{settings.PLEDGE_SITE_URL}{path}"
