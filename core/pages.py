"""Pages kept under a council's data revision.

A page that reads a whole plan (the plan table, a plan's dashboard) keeps what it rendered in
Django's cache under the council's revision (`PageCache`); the next request for the same thing
at the same revision is served from there. The revision moves after every committed change to
the council's data (strategies.revisions), and the council is read on every request anyway
(strategies.scoping.CouncilMixin, with its revision), so checking it costs no query.

A reader reads the revision before the data, and the revision moves only after the change has
committed, so a page rendered from data older than the revision it was kept under cannot
happen; one rendered from older data under an older revision is simply never asked for again.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Hashable
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone


class Council(Protocol):
    """What the page cache needs of a council (strategies.models.Organisation)."""

    pk: Any

    @property
    def data_revision(self) -> int: ...


def _digest(asked: Hashable) -> str:
    return hashlib.sha256(repr(asked).encode()).hexdigest()[:32]


class PageCache:
    """What a council's page rendered, reused while the council's revision stays the same.

    `asked` must hold everything else the rendering depends on: the page, the object's id
    from the URL, the query string, the date. Nothing that depends on the person may be in
    what is kept: each role of the council that can open the page is shown the same.
    """

    def __init__(self, council: Council):
        self.council = council

    def key(self, asked: Hashable) -> str:
        council = self.council
        return f"pledge:page:{council.pk}:{council.data_revision}:{_digest(asked)}"

    def get_or_render(self, asked: Hashable, render: Callable[[], Any]) -> Any:
        seconds = settings.PLEDGE_PAGE_CACHE_SECONDS
        if not seconds:
            return render()
        key = self.key(asked)
        kept = cache.get(key)
        if kept is None:
            kept = render()
            cache.set(key, kept, seconds)
        return kept


class KeptPageMixin:
    """For a council's page that every role of the council sees alike (the plan table, the
    plan dashboard): puts `page` (title, breadcrumbs, body) in the context, kept under the
    council's revision for the same object, query string and date. The view's
    `render_page(context, today)` returns `self.page_parts(title, context)`, from its
    template's `breadcrumbs` and `page-body` partials; it may raise Http404, which keeps
    nothing. Goes before CouncilMixin (which sets `self.organisation` and the context it
    renders with); needs `pk` in the URL.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        query = self.request.META.get("QUERY_STRING", "")
        asked = (self.template_name, self.kwargs["pk"], today, query)
        context["page"] = PageCache(self.organisation).get_or_render(
            asked, lambda: self.render_page(context, today)
        )
        return context

    def render_page(self, context: dict, today: datetime.date) -> dict:
        raise NotImplementedError

    def page_parts(self, title: str, context: dict) -> dict:
        template = self.template_name
        return {
            "title": title,
            "breadcrumbs": render_to_string(f"{template}#breadcrumbs", context, self.request),
            "body": render_to_string(f"{template}#page-body", context, self.request),
        }
