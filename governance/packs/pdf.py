"""Rendering HTML to a tagged PDF with WeasyPrint, safely whatever the plan's text says.

WeasyPrint's own fetcher reads file:// URLs, follows redirects, reaches any server a page
points at and embeds whatever a `rel=attachment` link names. Pack documents hold text that
officers and partners typed, so the fetcher here serves only the app's own static files
(through the staticfiles finders and storage, never the network) and `data:` URIs, and the
document is stripped of attachment links before it is laid out. Django's autoescaping keeps
typed markup as text; this is the second wall behind it.
"""

from __future__ import annotations

import functools
import gc
import logging
import mimetypes
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from pydyf import PDF
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.logger import LOGGER, PROGRESS_LOGGER
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative links in the document resolve against this made-up origin; only its static
# prefix is ever served, and nothing is requested from it over a network.
BASE_URL = "https://pledge.invalid/"
# PDF/UA-1 is a tagged PDF: WeasyPrint turns tags on for it (its VARIANTS), whatever
# pdf_tags says, so the variant alone asks for both.
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint's progress message for each page it lays out ("... Page %d").
LAYING_OUT_PAGE = "Step 5 - Creating layout - Page "
# What a pack may load: its stylesheet, images and fonts. Nothing that runs or embeds.
SERVED_TYPES = {
    "text/css",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "font/woff",
    "font/woff2",
    "font/ttf",
    "font/otf",
}

# WeasyPrint announces every page it lays out; we turn that into a pack's progress, and keep
# it out of the site's log.
PROGRESS_LOGGER.setLevel(logging.INFO)
PROGRESS_LOGGER.propagate = False
# Its warnings are about CSS it does not support (GOV.UK's screen media queries), on every
# build; its errors, such as a resource the fetcher refused, still reach the log.
LOGGER.setLevel(logging.ERROR)


def _slim_user_agent_css(text: str) -> str:
    """WeasyPrint's HTML stylesheet without the rules that style pseudo-elements of every element.

    `::marker` and the footnote and note pseudo-elements (`::footnote-call`, `::note-marker`
    and so on) match every element, so WeasyPrint computes six styles per element that a
    pack never draws: 100,000 objects and over 100 MB for a 1,000-action plan, kept until
    the PDF is written (the charts' SVG images hold on to WeasyPrint's layout context).
    Markers apply to list items only; a pack has no footnotes or notes.
    """
    text = re.sub(r"^::marker \{", "li::marker {", text, flags=re.MULTILINE)
    return re.sub(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}\n", "", text, flags=re.MULTILINE)


USER_AGENT_CSS = _slim_user_agent_css((files("weasyprint.css") / "html5_ua.css").read_text("utf-8"))


@functools.cache
def _user_agent_stylesheet() -> CSS:
    """Parsed on the first pack, not when a web worker imports this module (about 70 ms)."""
    return CSS(string=USER_AGENT_CSS, counter_style=CounterStyle())


class PackHTML(HTML):
    """A pack document, laid out with the slimmer HTML stylesheet. `_ua_stylesheets` is not
    public, but WeasyPrint's own tests swap the stylesheet the same way;
    tests/governance/test_board_pack.py fails if the hook or the rules it rewrites change."""

    def _ua_stylesheets(self, forms=False):
        return [_user_agent_stylesheet()]


_PYDYF_PAGE_REFERENCES = PDF.page_references


def _page_references(pdf: PDF) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references`, kept until the next page is added.

    pydyf builds the tuple of every page's reference each time it is read, and WeasyPrint
    reads it for each element of a tagged PDF's structure: 34,000 tuples of 135 references
    for a 1,000-action pack, half a second, and growing as pages times elements. Pages are
    only ever appended to `Kids`, so its length says when the tuple is out of date.
    tests/governance/test_board_pack.py fails if pydyf's property changes.
    """
    kids = len(pdf.pages["Kids"])
    kept = vars(pdf).get("_pledge_page_references")
    if kept is None or kept[0] != kids:
        kept = (kids, _PYDYF_PAGE_REFERENCES.fget(pdf))
        vars(pdf)["_pledge_page_references"] = kept
    return kept[1]


PDF.page_references = property(_page_references)


class RefusedURL(ValueError):
    """The document asked for something a pack may not load."""


def static_prefixes() -> tuple[str, ...]:
    """The URL prefixes under which the document's static files appear."""
    return (urljoin(BASE_URL, settings.STATIC_URL),)


class StaticFilesURLFetcher(URLFetcher):
    """Serves the app's own static files and data: URIs; refuses everything else.

    No file://, no http(s) other than our static prefix (and that is read from disk or the
    storage, never fetched), no redirects.
    """

    def __init__(self):
        super().__init__(allowed_protocols=["data"], allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        for prefix in static_prefixes():
            if url.startswith(prefix):
                return self._static(url, url[len(prefix) :])
        if urlsplit(url).scheme.lower() != "data":
            raise RefusedURL(f"Board packs load only their own static files, not {url[:200]}")
        return super().fetch(url, headers)

    def _static(self, url: str, rest: str) -> URLFetcherResponse:
        name = unquote(urlsplit(rest).path)
        parts = name.split("/")
        if not name or name.startswith("/") or "\\" in name or "\x00" in name or ".." in parts:
            raise RefusedURL(f"Not a static file name: {name[:200]}")
        content_type = mimetypes.guess_type(name)[0]
        if content_type not in SERVED_TYPES:
            raise RefusedURL(f"Board packs do not load {content_type or 'unknown'} files")
        return URLFetcherResponse(
            url, body=read_static(name), headers={"Content-Type": content_type}
        )


def read_static(name: str) -> bytes:
    """A static file's bytes: from the source folders (finders), else the collected storage."""
    try:
        path = finders.find(name)
    except SuspiciousFileOperation:
        raise RefusedURL(f"Not a static file name: {name[:200]}") from None
    if path:
        with open(path, "rb") as source:
            return source.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name, "rb") as source:
            return source.read()
    raise RefusedURL(f"No static file {name[:200]}")


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    seconds_in_weasyprint: float


class _PageProgress(logging.Handler):
    """Hears "laying out page n" from WeasyPrint's progress log, for this thread only.

    Each page is heard once, in order: when page numbers change what a page says ("page x of
    y", the contents), WeasyPrint lays the pages out again from page 1 and logs them again
    ("up-to-date" or not), and a progress bar must not go back.
    """

    def __init__(self, callback: Callable[[int], None]):
        super().__init__(level=logging.INFO)
        self.thread = threading.get_ident()
        self.callback = callback
        self.furthest = 0

    def emit(self, record: logging.LogRecord) -> None:
        if (
            record.thread != self.thread
            or not record.args
            or not str(record.msg).startswith(LAYING_OUT_PAGE)
        ):
            return
        page = int(record.args[0])
        if page > self.furthest:
            self.furthest = page
            self.callback(page)


def strip_attachments(document: HTML) -> None:
    """Remove `rel=attachment` so no link can ask for a file to be embedded in the PDF."""
    for element in document.etree_element.iter():
        rel = element.get("rel")
        if rel and "attachment" in rel.lower().split():
            del element.attrib["rel"]


@contextmanager
def collecting_only_new_objects() -> Iterator[None]:
    """Leave the objects alive now (Django, the app, the caller's data) out of every cycle
    collection until the block ends, so that each walks only what the block made.

    Unless something else, such as a server sharing memory with its forked workers, has
    frozen objects already: unfreezing at the end would undo its work.
    """
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    try:
        yield
    finally:
        if freezing:
            gc.unfreeze()


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector while WeasyPrint works.

    Laying out a long plan makes millions of objects that live until the PDF is written, and
    the collector walked them again and again: a third of a 1,000-action pack's time, for
    about 20 MB it would have freed. Reference counting still frees everything else, and
    the collector runs between laying out and writing, and at the end. (Process-wide: fine
    for the one-thread worker and sync gunicorn workers that build packs.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()


def render_pdf(html: str, *, on_page: Callable[[int], None] | None = None) -> RenderedPdf:
    """Lay out and write a tagged (PDF/UA-1) PDF; `on_page(n)` hears of each page laid out.

    `seconds_in_weasyprint` is WeasyPrint's work and freeing what it made. Called inside
    `collecting_only_new_objects()` from before the caller read its data, it collects
    that data's cycles without walking the rest of the process.
    """
    # Free what the caller left in reference cycles (model instances and their prefetched
    # relations refer to each other) first, or the pause would keep it all. Not counted as
    # WeasyPrint's time.
    gc.collect()
    started = time.perf_counter()
    with collecting_only_new_objects(), _without_cyclic_gc():
        content, pages = _render_pdf(html, on_page)
    return RenderedPdf(
        content=content, pages=pages, seconds_in_weasyprint=time.perf_counter() - started
    )


def _render_pdf(html: str, on_page: Callable[[int], None] | None) -> tuple[bytes, int]:
    document = PackHTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesURLFetcher())
    strip_attachments(document)
    handler = _PageProgress(on_page) if on_page else None
    if handler:
        PROGRESS_LOGGER.addHandler(handler)
    try:
        laid_out = document.render(pdf_variant=PDF_VARIANT)
    finally:
        if handler:
            PROGRESS_LOGGER.removeHandler(handler)
    # Layout leaves what only it needed in reference cycles; free it before writing the
    # tagged PDF, which needs about 100 MB more for a 1,000-action plan and can reuse it.
    gc.collect()
    return laid_out.write_pdf(pdf_variant=PDF_VARIANT), len(laid_out.pages)
