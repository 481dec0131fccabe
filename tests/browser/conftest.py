"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright's sync API.

Every page a test opens is watched: a console error (a CSP violation is one), an uncaught
script error, a request that fails or a response of 400 or above fails the test at teardown,
so a missing font, image or script cannot go unnoticed, unless the test said it expects that
answer (`page_problems.expect("/path/", 403)` for an error page). A request cut off only
because the test went on to another page (the icon Chromium asks for after a page loads) is
not a problem of either page: see PageProblems. `axe(page)` fails on any
accessibility violation found by axe-core (bundled with axe-playwright-python: no network).

`sign_in_as(user)` signs in by handing the browser a session cookie (fast); only tests of the
sign-in form itself should go through the form (`sign_in`). Modules that keep one set of data
for all their tests can open watched pages on their own server with `watched_page(...)`.

Playwright's sync API runs an event loop in the test's thread, so Django's ORM would refuse
to run there without DJANGO_ALLOW_ASYNC_UNSAFE (set below, and by `make test`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Frame,
    Page,
    Request,
    Response,
    sync_playwright,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PLEDGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (it installs Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _path(url: str | None) -> str:
    parts = urlsplit(url or "")
    return parts.path + (f"?{parts.query}" if parts.query else "")


ABORTED = "net::ERR_ABORTED"


class _Documents:
    """How many documents a page has shown, and which of them each of its requests was for."""

    def __init__(self, page: Page):
        self.shown = 0
        self.made_for: dict[Request, int] = {}
        page.on("framenavigated", self._on_navigated)
        page.on("request", self._on_request)

    def _on_navigated(self, frame: Frame) -> None:
        if frame.parent_frame is None:
            self.shown += 1

    def _on_request(self, request: Request) -> None:
        self.made_for[request] = self.shown

    def left(self, request: Request) -> bool:
        """Whether the page has gone on to another document since the request was made."""
        return self.made_for.get(request, self.shown) < self.shown


@dataclass(frozen=True)
class _Abort:
    """A request Chromium aborted; a problem unless its page went on to another document."""

    text: str
    request: Request
    documents: _Documents


@dataclass
class PageProblems:
    """What went wrong on the pages a test opened, in the order it happened.

    Chromium aborts a page's requests still under way when it goes to the next page: the
    icon it asks for once a page has loaded is often one, when the test moves on at once.
    Chromium may report the abort before the next page arrives, so an abort is judged when
    `entries` is read, after the test: dropped if its page went on to show another document,
    a problem like any other if not. Other failures (refused, reset) and error answers are
    always problems, whichever page they were for.
    """

    found: list[str | _Abort] = field(default_factory=list)
    expected: set[tuple[str, int]] = field(default_factory=set)

    @property
    def entries(self) -> list[str]:
        return [
            entry if isinstance(entry, str) else entry.text
            for entry in self.found
            if isinstance(entry, str) or not entry.documents.left(entry.request)
        ]

    def expect(self, path: str, status: int) -> None:
        """The answer for this path (and query) is meant to be this error page."""
        self.expected.add((path, status))

    def _is_expected(self, url: str | None, status: int) -> bool:
        return (_path(url), status) in self.expected

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url")
        # Chromium logs every error answer, the expected ones too.
        logged = re.search(r"status of (\d{3})", message.text)
        if logged and self._is_expected(url, int(logged.group(1))):
            return
        self.found.append(f"console error: {message.text} ({url})")

    def on_page_error(self, error: Exception) -> None:
        self.found.append(f"script error: {error}")

    def on_request_failed(self, request: Request, documents: _Documents) -> None:
        text = f"request failed: {request.method} {request.url} ({request.failure})"
        self.found.append(_Abort(text, request, documents) if request.failure == ABORTED else text)

    def on_response(self, response: Response) -> None:
        if response.status >= 400 and not self._is_expected(response.url, response.status):
            self.found.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def watch(self, page: Page) -> Page:
        documents = _Documents(page)
        page.on("console", self.on_console)
        page.on("pageerror", self.on_page_error)
        page.on("requestfailed", lambda request: self.on_request_failed(request, documents))
        page.on("response", self.on_response)
        return page


@pytest.fixture(autouse=True)
def pages_cached_as_served(settings):
    """Browser tests commit what they change, so the page cache (core.pages) runs
    here as it does in production: a page shows what was saved before it was opened."""
    from django.core.cache import cache

    cache.clear()
    settings.PLEDGE_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@contextmanager
def watched_page(
    browser: Browser,
    base_url: str,
    problems: PageProblems,
    cookies: Iterable[dict] = (),
    **options,
) -> Iterator[Page]:
    """A fresh browser context on `base_url` (with Playwright's context `options`, such as a
    viewport); fails the test if its pages had problems."""
    context = browser.new_context(base_url=base_url, locale="en-GB", **options)
    context.set_default_timeout(10_000)
    if cookies:
        context.add_cookies(list(cookies))
    try:
        yield problems.watch(context.new_page())
    finally:
        context.close()
    if problems.entries:
        pytest.fail("The pages had problems:\n  " + "\n  ".join(problems.entries))


@pytest.fixture
def page(browser: Browser, live_server, page_problems: PageProblems) -> Iterator[Page]:
    """A fresh browser context (no cookies) whose base URL is the live server."""
    with watched_page(browser, live_server.url, page_problems) as page:
        yield page


def session_cookies(user, base_url: str) -> list[dict]:
    """A signed-in session for `user`, as cookies for a browser context on `base_url`."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return [{"name": name, "value": client.cookies[name].value, "url": base_url}]


@pytest.fixture
def sign_in_as(page: Page, live_server) -> Callable[..., Page]:
    """Sign `user` in without the form: `sign_in_as(user)`; returns the page, still blank."""

    def sign_in_as(user) -> Page:
        page.context.clear_cookies()
        page.context.add_cookies(session_cookies(user, live_server.url))
        return page

    return sign_in_as


@pytest.fixture
def sign_in(page: Page) -> Callable[..., Page]:
    """Sign in through the real form: `sign_in(user, password)`; returns the page after it."""

    def sign_in(user, password: str, next_path: str = "") -> Page:
        url = "/accounts/login/" + (f"?next={next_path}" if next_path else "")
        page.goto(url)
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"Sign-in failed for {user}: still on {page.url}"
        return page

    return sign_in


_axe = Axe()


def axe(page: Page) -> None:
    """Fail, listing each violation readably, if axe-core finds any on the page as it is now."""
    results = _axe.run(page)
    if results.violations_count:
        report = results.generate_report()
        pytest.fail(f"{results.violations_count} accessibility violations on {page.url}:\n{report}")


@pytest.fixture(name="axe")
def axe_fixture() -> Callable[[Page], None]:
    return axe
