"""The browser tests' watch on every page (conftest.PageProblems) reports what is wrong with
a page, and only that: a request cut off because the test moved on to another page is not.

Chromium asks for a page's icon after the page has loaded; when the test goes to the next
page first, the icon's request is aborted (net::ERR_ABORTED). That once failed an axe test
and passed on a second run. Holding the icon's answer back makes the race happen every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.browser.conftest import PageProblems

pytestmark = pytest.mark.browser

ICON = "**/static/images/favicon.svg"


@contextmanager
def watched(browser: Browser, base_url: str, problems: PageProblems) -> Iterator[Page]:
    """A page watched like the tests' own, but whose problems the test reads itself."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield problems.watch(context.new_page())
    finally:
        context.close()


@contextmanager
def icon_held_back(page: Page) -> Iterator[list[Route]]:
    """Hold back the answer to the page's icon, as a busy server might; on leaving the block,
    wait until the page has asked for it."""
    held: list[Route] = []
    page.route(ICON, lambda route: held.append(route))
    yield held
    for _ in range(100):
        if held:
            return
        page.wait_for_timeout(50)
    pytest.fail("the page did not ask for its icon")


def test_an_icon_cut_off_by_going_to_the_next_page_is_not_a_problem(browser, live_server):
    problems = PageProblems()
    with watched(browser, live_server.url, problems) as page:
        with icon_held_back(page):
            page.goto("/accounts/login/")

        page.goto("/accounts/login/?next=/my-actions/")

    assert problems.entries == []


@pytest.mark.parametrize(
    ("error", "failure"),
    [("aborted", "net::ERR_ABORTED"), ("connectionrefused", "net::ERR_CONNECTION_REFUSED")],
)
def test_a_request_of_the_page_still_shown_that_fails_is_a_problem(
    browser, live_server, error, failure
):
    problems = PageProblems()
    with watched(browser, live_server.url, problems) as page:
        with icon_held_back(page) as held:
            page.goto("/accounts/login/")
        with page.expect_event("requestfailed"):
            held[0].abort(error)

    icon = f"{live_server.url}/static/images/favicon.svg"
    assert f"request failed: GET {icon} ({failure})" in problems.entries


def test_a_missing_file_is_a_problem_even_after_leaving_its_page(browser, live_server):
    problems = PageProblems()
    with watched(browser, live_server.url, problems) as page:
        page.goto("/accounts/login/")
        with page.expect_response("**/static/images/missing.svg"):
            page.evaluate("fetch('/static/images/missing.svg')")
        page.goto("/accounts/login/?next=/my-actions/")

    missing = f"{live_server.url}/static/images/missing.svg"
    assert f"HTTP 404: GET {missing}" in problems.entries
