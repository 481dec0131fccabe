"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright's sync API.

Every page a test opens is watched: a console error (a CSP violation is one), an uncaught
script error, a request that fails or a response of 400 or above fails the test at teardown,
so a missing font, image or script cannot go unnoticed. `axe(page)` fails on any
accessibility violation found by axe-core (bundled with axe-playwright-python: no network).

Playwright's sync API runs an event loop in the test's thread, so Django's ORM would refuse
to run there without DJANGO_ALLOW_ASYNC_UNSAFE (set below, and by `make test`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

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


@dataclass
class PageProblems:
    """What went wrong on the pages a test opened, in the order it happened."""

    entries: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.entries.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_page_error(self, error: Exception) -> None:
        self.entries.append(f"script error: {error}")

    def on_request_failed(self, request: Request) -> None:
        self.entries.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.entries.append(f"HTTP {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, live_server, page_problems: PageProblems) -> Iterator[Page]:
    """A fresh browser context (no cookies) whose base URL is the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", page_problems.on_console)
    page.on("pageerror", page_problems.on_page_error)
    page.on("requestfailed", page_problems.on_request_failed)
    page.on("response", page_problems.on_response)
    yield page
    context.close()
    if page_problems.entries:
        pytest.fail("The pages had problems:\n  " + "\n  ".join(page_problems.entries))


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
