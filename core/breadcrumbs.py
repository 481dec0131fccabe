"""The trail of pages above this one that templates/components/breadcrumbs.html shows."""

from __future__ import annotations

from typing import NamedTuple

from django.urls import reverse


class Crumb(NamedTuple):
    label: str
    url: str


def crumb(label: str, viewname: str, *args) -> Crumb:
    """A page above this one: the words its link shows, and its URL (`viewname` with `args`)."""
    return Crumb(label, reverse(viewname, args=args))
