"""No page scrolls sideways at 320 px wide or at 200% zoom (WCAG 2.2 1.4.10 Reflow).

Every page state of the axe walk (test_every_page.PAGES: each role, populated, empty and with
errors) and every dashboard state (test_dashboard.STATES) is loaded in two windows:

- 320 CSS pixels wide, the width WCAG's reflow criterion names;
- 1280 px at 200% zoom, which Chromium lays out as a 640 CSS pixel viewport at a device
  scale factor of 2 (what the browser's zoom does to the layout viewport).

The document may be no wider than the window: `scrollWidth <= innerWidth`. A table too wide
for the window must reflow into labelled blocks or scroll inside its own focusable region,
which the page's width does not count. One browser context per person and window, and one
seeded site for the module, keep the walk to a few seconds a window.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import groupby

import pytest
from django.test.utils import override_settings
from playwright.sync_api import Browser

from actionplans.models import ActionPlan
from tests.browser import test_dashboard
from tests.browser.conftest import PageProblems, watched_page
from tests.browser.seeded_site import SeededSite, serve_seeded_site
from tests.browser.test_every_page import PAGES, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# PLEDGE_SCREENSHOTS=/some/dir keeps a full-page picture of every state in each window.
SCREENSHOTS = os.environ.get("PLEDGE_SCREENSHOTS", "")

DASHBOARDS = [
    State(f"dashboard: {name}", "populated", user, path, shows=shows)
    for name, user, path, shows in test_dashboard.STATES
]
WALK = sorted(PAGES + DASHBOARDS, key=lambda state: state.user or "")

WINDOWS = {
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
    "1280px at 200% zoom": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}

WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[SeededSite]:
    usernames = {state.user for state in WALK if state.user}
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        serve_seeded_site(django_db_blocker, usernames) as seeded,
    ):
        with django_db_blocker.unblock():
            plan = ActionPlan.objects.get(pk=seeded.objects["lancashire_plan"])
            test_dashboard.issue_last_quarters_pack(plan)
        yield seeded


def _width_of(state: State, site: SeededSite, page) -> tuple[int, int]:
    with override_settings(**({"ROOT_URLCONF": state.urlconf} if state.urlconf else {})):
        response = page.goto(state.path(site))
        assert response.status == state.status, f"{state}: answered {response.status}"
        if state.do:
            state.do(page)
        assert state.shows in page.locator("main").inner_text(), f"{state}: not in that state"
    return page.evaluate(WIDTHS)


@pytest.mark.parametrize("window", WINDOWS, ids=str)
def test_no_page_in_any_state_scrolls_sideways(window, site, browser: Browser):
    problems = PageProblems()
    for state in WALK:
        if state.status != 200:
            problems.expect(state.path(site), state.status)
    too_wide = []
    for user, states in groupby(WALK, key=lambda state: state.user):
        cookies = site.cookies_for(user)
        with watched_page(browser, site.url, problems, cookies, **WINDOWS[window]) as page:
            for state in states:
                document, shown = _width_of(state, site, page)
                if SCREENSHOTS:
                    name = f"{state}".replace("/", "-").replace(" ", "_")
                    page.screenshot(path=f"{SCREENSHOTS}/{window[:5]}-{name}.png", full_page=True)
                if document > shown:
                    too_wide.append(f"{state}: {document} px in a {shown} px window")
    assert too_wide == [], f"Pages that scroll sideways at {window}:\n  " + "\n  ".join(too_wide)
