"""No page scrolls sideways at 320 px wide or at 200% zoom (WCAG 2.2 1.4.10 Reflow).

Every page state of the axe walk (test_every_page.PAGES: each role, populated, empty and with
errors) and every dashboard state (test_dashboard.STATES) is loaded in two windows:

- 320 CSS pixels wide, the width WCAG's reflow criterion names;
- 1280 px at 200% zoom, which Chromium lays out as a 640 CSS pixel viewport at a device
  scale factor of 2 (what the browser's zoom does to the layout viewport).

The document may be no wider than the window: `scrollWidth <= innerWidth`. A table too wide
for the window must reflow into labelled blocks or scroll inside its own focusable region,
which the page's width does not count.

The same walk, in those windows and in a plain 1280 px one, also fails if anything drawn in a
table cell (its words, or a box such as a rating's tag) reaches more than a pixel past the
cell's edge: in a fixed-layout table a word or tag wider than its column runs over the next
column, or off the table, without widening the page ("Blue (complete)" did, by 7 px, in the
plan table at 1280 px). What is not drawn (clipped to nothing, as text for screen readers only
is, invisible or transparent) is not measured.

One browser context per person and window, and one seeded site for the module, keep the walk
to a few seconds a window.
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
    "1280px": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
}

WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"

# Buttons whose words are cut off: an <input> button does not wrap its words, and clips them
# without widening the page ("Preview again with these columns" lost "mns", 48 px, at 320 px).
# A Design System <button>'s wrapped words may reach 2 px into its padding, which cuts nothing.
CUT_OFF = """[...document.querySelectorAll('button, input[type=submit], input[type=button]')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 4)
  .map(e => `${e.tagName.toLowerCase()} "${(e.innerText || e.value).trim()}": ` +
            `${e.scrollWidth} px of words in ${e.clientWidth} px`)"""

# Each text and element drawn in a table cell that reaches more than 1 px past either side of
# the cell's border box: [what, how many px, the start of the cell's text].
OUTSIDE_CELLS = """() => {
  const outside = [];
  // Clipped to nothing (GOV.UK's visually hidden text, a narrow table's hidden headings),
  // invisible or transparent, from the element up to (not including) `above`.
  const unseen = (element, above) => {
    for (let up = element; up && up !== above; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.clipPath !== "none" || style.clip !== "auto") return true;
      if (style.visibility !== "visible" || style.opacity === "0") return true;
    }
    return false;
  };
  for (const cell of document.querySelectorAll("td, th")) {
    const edge = cell.getBoundingClientRect();
    if (!edge.width || unseen(cell, null)) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeType === Node.TEXT_NODE;
      if (text && !node.data.trim()) continue;
      if (unseen(text ? node.parentElement : node, cell)) continue;
      let box = node;
      if (text) {
        box = document.createRange();
        box.selectNodeContents(node);
      }
      const drawn = box.getBoundingClientRect();
      if (!drawn.width) continue;
      const past = Math.max(drawn.right - edge.right, edge.left - drawn.left);
      if (past > 1) {
        const what = text ? `"${node.data.trim().slice(0, 30)}"` : `<${node.localName}>`;
        const where = cell.innerText.trim().slice(0, 30);
        outside.push(`${what} ${Math.round(past)} px out of "${where}"`);
      }
    }
  }
  return outside;
}"""


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


def _open(state: State, site: SeededSite, page) -> None:
    with override_settings(**({"ROOT_URLCONF": state.urlconf} if state.urlconf else {})):
        response = page.goto(state.path(site))
        assert response.status == state.status, f"{state}: answered {response.status}"
        if state.do:
            state.do(page)
        assert state.shows in page.locator("main").inner_text(), f"{state}: not in that state"


@pytest.mark.parametrize("window", WINDOWS, ids=str)
def test_no_page_in_any_state_scrolls_sideways_or_spills_out_of_a_table_cell(
    window, site, browser: Browser
):
    problems = PageProblems()
    for state in WALK:
        if state.status != 200:
            problems.expect(state.path(site), state.status)
    too_wide, spilled, cut_off = [], [], []
    for user, states in groupby(WALK, key=lambda state: state.user):
        cookies = site.cookies_for(user)
        with watched_page(browser, site.url, problems, cookies, **WINDOWS[window]) as page:
            for state in states:
                _open(state, site, page)
                document, shown = page.evaluate(WIDTHS)
                if SCREENSHOTS:
                    name = f"{state}".replace("/", "-").replace(" ", "_")
                    page.screenshot(path=f"{SCREENSHOTS}/{window[:5]}-{name}.png", full_page=True)
                if document > shown:
                    too_wide.append(f"{state}: {document} px in a {shown} px window")
                spilled += [f"{state}: {found}" for found in page.evaluate(OUTSIDE_CELLS)]
                cut_off += [f"{state}: {found}" for found in page.evaluate(CUT_OFF)]
    assert too_wide == [], f"Pages that scroll sideways at {window}:\n  " + "\n  ".join(too_wide)
    assert spilled == [], f"Out of their table cells at {window}:\n  " + "\n  ".join(spilled)
    assert cut_off == [], f"Buttons cut off at {window}:\n  " + "\n  ".join(cut_off)
